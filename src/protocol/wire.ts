/** Every message the wallet understands on a peer connection: BOLT 1, BOLT 2 and BOLT 7 gossip. */
import { MessageRegistry, type Decoded } from './codec/message.ts';
import { bolt1Messages } from './bolt1/messages.ts';
import { bolt2Messages } from './bolt2/messages.ts';
import { bolt7Messages } from './bolt7/messages.ts';

export const wireMessages = [...bolt1Messages, ...bolt2Messages, ...bolt7Messages] as const;
export const wireRegistry = new MessageRegistry<(typeof wireMessages)[number]>(wireMessages);
export type WireMessage = Decoded<(typeof wireMessages)[number]>;
