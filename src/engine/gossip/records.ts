/**
 * What the graph keeps about channels and nodes, and how each is stored: one record per channel,
 * per announced node and per private channel_update in the `graph` collection, keyed so that a
 * prefix lists one kind (`c/` channels and `p/` private updates by scid as 16 hex digits, so keys
 * sort like scids; `n/` nodes by node id). A direction's channel_update is packed into 32 bytes.
 */
import { hex, fromHex } from '../../protocol/codec/bytes.ts';
import { scidFromBigInt, type ShortChannelId } from '../../protocol/codec/codec.ts';
import { Reader } from '../../protocol/codec/reader.ts';
import { Writer } from '../../protocol/codec/writer.ts';
import { CHANNEL_FLAG_DIRECTION, CHANNEL_FLAG_DISABLE, type ChannelUpdate } from '../../protocol/bolt7/messages.ts';
import type { StoreObject, StoreValue } from '../storage/store.ts';

/** The fields of one direction's latest channel_update that routing needs. */
export interface ChannelDirection {
  /** channel_update timestamp (seconds, the origin node's clock). */
  timestamp: number;
  messageFlags: number;
  channelFlags: number;
  /** The `disable` bit of channel_flags. */
  disabled: boolean;
  cltvExpiryDelta: number;
  htlcMinimumMsat: bigint;
  htlcMaximumMsat: bigint;
  feeBaseMsat: number;
  feeProportionalMillionths: number;
}

export interface GraphChannel {
  /** The short_channel_id as a 64-bit integer (what the graph is keyed by). */
  id: bigint;
  scid: ShortChannelId;
  /** node_id_1 and node_id_2 of the announcement, lower-case hex (node1 < node2). */
  node1: string;
  node2: string;
  /** The announcement's feature bytes. */
  features: Uint8Array;
  /** The funding output's value once looked up on chain (GraphStore.setCapacity); null until then. */
  capacitySat: bigint | null;
  /** When we first accepted the announcement (unix seconds, our clock): the age of a channel without updates. */
  seenAt: number;
  /** [from node1 (direction 0), from node2 (direction 1)]. */
  updates: [ChannelDirection | null, ChannelDirection | null];
}

export interface GraphNode {
  nodeId: string;
  features: Uint8Array;
  timestamp: number;
  /** The alias as text (UTF-8, trailing NULs dropped); the raw 32 bytes are not kept. */
  alias: string;
  rgbColor: Uint8Array;
  /** node_announcement `addresses`, raw. */
  addresses: Uint8Array;
}

/** A channel_update the peer sent us for one of our own unannounced channels (route hints need it). */
export interface PrivateUpdate {
  id: bigint;
  /** The real scid or an alias, as the update carries it. */
  scid: ShortChannelId;
  /** The node that signed it: the peer at the other end of our channel. */
  nodeId: string;
  update: ChannelDirection;
  /** When we received it (unix seconds). */
  receivedAt: number;
}

export const CHANNEL_PREFIX = 'c/';
export const NODE_PREFIX = 'n/';
export const PRIVATE_PREFIX = 'p/';
export const SYNC_KEY = 's/sync';

export const scidKey = (id: bigint): string => id.toString(16).padStart(16, '0');
export const channelKey = (id: bigint): string => CHANNEL_PREFIX + scidKey(id);
export const privateKey = (id: bigint): string => PRIVATE_PREFIX + scidKey(id);
export const nodeKey = (nodeId: string): string => NODE_PREFIX + nodeId;


export function directionOf(update: ChannelUpdate): 0 | 1 {
  return update.channel_flags & CHANNEL_FLAG_DIRECTION ? 1 : 0;
}

export function directionFields(update: ChannelUpdate): ChannelDirection {
  return {
    timestamp: update.timestamp,
    messageFlags: update.message_flags,
    channelFlags: update.channel_flags,
    disabled: (update.channel_flags & CHANNEL_FLAG_DISABLE) !== 0,
    cltvExpiryDelta: update.cltv_expiry_delta,
    htlcMinimumMsat: update.htlc_minimum_msat,
    htlcMaximumMsat: update.htlc_maximum_msat,
    feeBaseMsat: update.fee_base_msat,
    feeProportionalMillionths: update.fee_proportional_millionths,
  };
}

export function sameDirection(a: ChannelDirection, b: ChannelDirection): boolean {
  return (
    a.timestamp === b.timestamp &&
    a.messageFlags === b.messageFlags &&
    a.channelFlags === b.channelFlags &&
    a.cltvExpiryDelta === b.cltvExpiryDelta &&
    a.htlcMinimumMsat === b.htlcMinimumMsat &&
    a.htlcMaximumMsat === b.htlcMaximumMsat &&
    a.feeBaseMsat === b.feeBaseMsat &&
    a.feeProportionalMillionths === b.feeProportionalMillionths
  );
}

const DIRECTION_BYTES = 32;

export function packDirection(d: ChannelDirection): Uint8Array {
  return new Writer(DIRECTION_BYTES)
    .u32(d.timestamp)
    .u8(d.messageFlags)
    .u8(d.channelFlags)
    .u16(d.cltvExpiryDelta)
    .u64(d.htlcMinimumMsat)
    .u32(d.feeBaseMsat)
    .u32(d.feeProportionalMillionths)
    .u64(d.htlcMaximumMsat)
    .finish();
}

export function unpackDirection(bytes: Uint8Array): ChannelDirection {
  if (bytes.length !== DIRECTION_BYTES) throw new RangeError(`a packed channel_update is ${DIRECTION_BYTES} bytes, got ${bytes.length}`);
  const r = new Reader(bytes);
  const timestamp = r.u32();
  const messageFlags = r.u8();
  const channelFlags = r.u8();
  const cltvExpiryDelta = r.u16();
  const htlcMinimumMsat = r.u64();
  const feeBaseMsat = r.u32();
  const feeProportionalMillionths = r.u32();
  const htlcMaximumMsat = r.u64();
  return {
    timestamp,
    messageFlags,
    channelFlags,
    disabled: (channelFlags & CHANNEL_FLAG_DISABLE) !== 0,
    cltvExpiryDelta,
    htlcMinimumMsat,
    htlcMaximumMsat,
    feeBaseMsat,
    feeProportionalMillionths,
  };
}

// ---- records ----

export function channelRecord(c: GraphChannel): StoreValue {
  return {
    node1: fromHex(c.node1),
    node2: fromHex(c.node2),
    features: c.features,
    capacitySat: c.capacitySat,
    seenAt: c.seenAt,
    update1: c.updates[0] ? packDirection(c.updates[0]) : null,
    update2: c.updates[1] ? packDirection(c.updates[1]) : null,
  };
}

export function parseChannelRecord(key: string, value: StoreValue): GraphChannel {
  const id = BigInt(`0x${key.slice(CHANNEL_PREFIX.length)}`);
  const o = object(value);
  return {
    id,
    scid: scidFromBigInt(id),
    node1: hex(bytes(o.node1)),
    node2: hex(bytes(o.node2)),
    features: bytes(o.features),
    capacitySat: o.capacitySat === null ? null : bigint(o.capacitySat),
    seenAt: number(o.seenAt),
    updates: [o.update1 === null ? null : unpackDirection(bytes(o.update1)), o.update2 === null ? null : unpackDirection(bytes(o.update2))],
  };
}

export function nodeRecord(n: GraphNode): StoreValue {
  return { features: n.features, timestamp: n.timestamp, alias: n.alias, rgbColor: n.rgbColor, addresses: n.addresses };
}

export function parseNodeRecord(key: string, value: StoreValue): GraphNode {
  const o = object(value);
  return {
    nodeId: key.slice(NODE_PREFIX.length),
    features: bytes(o.features),
    timestamp: number(o.timestamp),
    alias: string(o.alias),
    rgbColor: bytes(o.rgbColor),
    addresses: bytes(o.addresses),
  };
}

export function privateRecord(p: PrivateUpdate): StoreValue {
  return { nodeId: fromHex(p.nodeId), update: packDirection(p.update), receivedAt: p.receivedAt };
}

export function parsePrivateRecord(key: string, value: StoreValue): PrivateUpdate {
  const id = BigInt(`0x${key.slice(PRIVATE_PREFIX.length)}`);
  const o = object(value);
  return { id, scid: scidFromBigInt(id), nodeId: hex(bytes(o.nodeId)), update: unpackDirection(bytes(o.update)), receivedAt: number(o.receivedAt) };
}

/** The alias bytes as text: UTF-8 with trailing NULs removed (invalid sequences become U+FFFD). */
export function aliasText(alias: Uint8Array): string {
  let end = alias.length;
  while (end > 0 && alias[end - 1] === 0) end--;
  return new TextDecoder().decode(alias.subarray(0, end));
}

/** Roughly how many bytes a record takes in a store: payload bytes, 8 per number, plus keys. */
export function approximateSize(value: StoreValue): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return (value as readonly StoreValue[]).reduce<number>((sum, item) => sum + approximateSize(item), 0);
  return Object.entries(value as StoreObject).reduce((sum, [k, v]) => sum + k.length + approximateSize(v), 0);
}

function object(value: StoreValue): StoreObject {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array || Array.isArray(value)) throw new TypeError('not a record');
  return value as StoreObject;
}
function bytes(value: StoreValue | undefined): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError('expected bytes');
  return value;
}
function number(value: StoreValue | undefined): number {
  if (typeof value !== 'number') throw new TypeError('expected a number');
  return value;
}
function bigint(value: StoreValue | undefined): bigint {
  if (typeof value !== 'bigint') throw new TypeError('expected a bigint');
  return value;
}
function string(value: StoreValue | undefined): string {
  if (typeof value !== 'string') throw new TypeError('expected a string');
  return value;
}
