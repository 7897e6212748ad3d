import { MessageRegistry } from '../codec/message.ts';
import { bolt1Messages } from './messages.ts';

/** Connection-level messages; the channel and gossip registries extend this list. */
export const bolt1Registry = new MessageRegistry(bolt1Messages);
