import { MessageRegistry } from '../codec/message.ts';
import { bolt1Messages } from './messages.ts';

/** BOLT 1's connection-level messages alone; wire.ts registers every message the wallet understands. */
export const bolt1Registry = new MessageRegistry(bolt1Messages);
