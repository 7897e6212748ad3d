/**
 * A channel_update carried in a failure message: kept in the graph only if it is for a channel we
 * know, signed by the node that sent the failure (which must be that direction's node), for our
 * chain, and newer than what we hold.
 */
import { channelUpdate as channelUpdateMessage, type ChannelUpdate } from '../../protocol/bolt7/messages.ts';
import { verifyChannelUpdate } from '../../protocol/bolt7/signatures.ts';
import { equal, fromHex } from '../../protocol/codec/bytes.ts';
import { scidToBigInt } from '../../protocol/codec/codec.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import type { GraphStore } from '../gossip/graph-store.ts';
import { directionFields, directionOf } from '../gossip/records.ts';

const CHANNEL_UPDATE_TYPE = 258;

/** BOLT 4: the field may or may not start with the message type (older senders put it there). */
export function parseFailureChannelUpdate(bytes: Uint8Array): ChannelUpdate | undefined {
  const candidates = bytes.length >= 2 && ((bytes[0]! << 8) | bytes[1]!) === CHANNEL_UPDATE_TYPE ? [bytes.subarray(2), bytes] : [bytes];
  for (const payload of candidates) {
    try {
      return channelUpdateMessage.decodePayload(payload);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
    }
  }
  return undefined;
}

export type FailureUpdateResult = 'applied' | 'not_newer' | 'unknown_channel' | 'invalid';

export function applyFailureUpdate(graph: GraphStore, chainHash: Uint8Array, bytes: Uint8Array, signer: string, nowSec: number): FailureUpdateResult {
  const update = parseFailureChannelUpdate(bytes);
  if (!update || !equal(update.chain_hash, chainHash)) return 'invalid';
  if (update.timestamp > nowSec + 86_400) return 'invalid';
  const channel = graph.channel(scidToBigInt(update.short_channel_id));
  if (!channel) return 'unknown_channel';
  const direction = directionOf(update);
  const directionNode = direction === 0 ? channel.node1 : channel.node2;
  if (directionNode !== signer.toLowerCase() || !verifyChannelUpdate(update, fromHex(directionNode))) return 'invalid';
  const current = channel.updates[direction];
  if (current && update.timestamp <= current.timestamp) return 'not_newer';
  graph.applyUpdate(channel.id, direction, directionFields(update));
  return 'applied';
}
