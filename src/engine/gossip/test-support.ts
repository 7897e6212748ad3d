/**
 * Test helpers for the gossip layer (imported by tests only): an in-memory Store, and signed
 * BOLT 7 gossip made with deterministic test keys.
 */
import { compare } from '../../protocol/codec/bytes.ts';
import { scidToBigInt, type ShortChannelId } from '../../protocol/codec/codec.ts';
import { sha256, signCompact } from '../../protocol/crypto/index.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { wireRegistry } from '../../protocol/wire.ts';
import {
  CHANNEL_FLAG_DIRECTION,
  CHANNEL_FLAG_DISABLE,
  channelAnnouncement,
  channelUpdate,
  MESSAGE_FLAG_DONT_FORWARD,
  MESSAGE_FLAG_MUST_BE_ONE,
  nodeAnnouncement,
  type ChannelAnnouncement,
  type ChannelUpdate,
  type NodeAnnouncement,
} from '../../protocol/bolt7/messages.ts';
import { channelAnnouncementSignedBytes, channelUpdateSignedBytes, gossipDigest, nodeAnnouncementSignedBytes } from '../../protocol/bolt7/signatures.ts';
import { keyPair, type KeyPair } from '../peer/test-support.ts';
import { checkWrites, compareKeys } from '../storage/value.ts';
import { StorageError } from '../storage/storage-error.ts';
import type { Collection, Entry, ListOptions, Store, StoreValue, Write } from '../storage/store.ts';

/** A Store in memory that records its commits; `hold()` makes commits wait until `release()`. */
export class MemoryStore implements Store {
  private readonly data = new Map<Collection, Map<string, StoreValue>>();
  readonly commits: Write[][] = [];
  private held: (() => void)[] | undefined;
  private closed = false;
  /** Makes the next commits reject with this error, while set. */
  failWith: Error | undefined;

  async get(collection: Collection, key: string): Promise<StoreValue | undefined> {
    this.check();
    return this.data.get(collection)?.get(key);
  }

  async list(collection: Collection, options: ListOptions = {}): Promise<Entry[]> {
    this.check();
    const entries = [...(this.data.get(collection) ?? new Map<string, StoreValue>())]
      .filter(([key]) => options.prefix === undefined || key.startsWith(options.prefix))
      .sort(([a], [b]) => compareKeys(a, b));
    return entries.map(([key, value]) => ({ key, value }));
  }

  async commit(writes: readonly Write[]): Promise<void> {
    this.check();
    const checked = checkWrites(writes);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    if (this.failWith) throw this.failWith;
    for (const write of checked) {
      let collection = this.data.get(write.collection);
      if (!collection) this.data.set(write.collection, (collection = new Map()));
      if (write.op === 'put') collection.set(write.key, write.value);
      else collection.delete(write.key);
    }
    this.commits.push(checked);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const wake of waiting) wake();
  }

  /** A copy of a collection's contents. */
  snapshot(collection: Collection): Map<string, StoreValue> {
    return new Map(this.data.get(collection));
  }

  private check(): void {
    if (this.closed) throw new StorageError('closed', 'the store is closed');
  }
}

export type TestKey = KeyPair;

/** A deterministic key pair from a label. */
export function testKey(label: string): TestKey {
  return keyPair(sha256(new TextEncoder().encode(`gossip test key ${label}`)));
}

const REGTEST = NETWORKS.regtest.chainHash;

/** A gossip message as the peer layer delivers it: decoded, with its wire bytes. */
export interface Framed<M> {
  message: M;
  bytes: Uint8Array;
}

function frame<M>(bytes: Uint8Array): Framed<M> {
  return { message: wireRegistry.decode(bytes) as M, bytes };
}

const sign = (signed: Uint8Array, key: TestKey) => signCompact(gossipDigest(signed), key.secret);
const ZERO_SIG = new Uint8Array(64);

/** The two nodes of a channel in BOLT 7 order (node_id_1 is the lesser key). */
export function orderNodes(a: TestKey, b: TestKey): [TestKey, TestKey] {
  return compare(a.pubkey, b.pubkey) < 0 ? [a, b] : [b, a];
}

export function scid(block: number, txIndex = 1, outputIndex = 0): ShortChannelId {
  return { block, txIndex, outputIndex };
}

export function signedAnnouncement(options: { scid: ShortChannelId; a: TestKey; b: TestKey; chainHash?: Uint8Array; features?: Uint8Array }): Framed<ChannelAnnouncement> {
  const [n1, n2] = orderNodes(options.a, options.b);
  const b1 = testKey(`bitcoin ${n1.nodeId} ${scidToBigInt(options.scid)}`);
  const b2 = testKey(`bitcoin ${n2.nodeId} ${scidToBigInt(options.scid)}`);
  const fields = {
    node_signature_1: ZERO_SIG,
    node_signature_2: ZERO_SIG,
    bitcoin_signature_1: ZERO_SIG,
    bitcoin_signature_2: ZERO_SIG,
    features: options.features ?? new Uint8Array(0),
    chain_hash: options.chainHash ?? REGTEST,
    short_channel_id: options.scid,
    node_id_1: n1.pubkey,
    node_id_2: n2.pubkey,
    bitcoin_key_1: b1.pubkey,
    bitcoin_key_2: b2.pubkey,
  };
  const unsigned = { type: 'channel_announcement' as const, tlvs: {}, ...fields };
  const signed = channelAnnouncementSignedBytes(unsigned);
  return frame(
    channelAnnouncement.encode({
      ...fields,
      node_signature_1: sign(signed, n1),
      node_signature_2: sign(signed, n2),
      bitcoin_signature_1: sign(signed, b1),
      bitcoin_signature_2: sign(signed, b2),
    }),
  );
}

export interface UpdateOptions {
  scid: ShortChannelId;
  /** The node that signs it; its direction follows from `a`/`b` order unless `direction` is given. */
  signer: TestKey;
  other?: TestKey;
  direction?: 0 | 1;
  timestamp: number;
  feeBaseMsat?: number;
  feeProportionalMillionths?: number;
  cltvExpiryDelta?: number;
  htlcMinimumMsat?: bigint;
  htlcMaximumMsat?: bigint;
  disabled?: boolean;
  dontForward?: boolean;
  chainHash?: Uint8Array;
}

export function signedUpdate(options: UpdateOptions): Framed<ChannelUpdate> {
  const direction = options.direction ?? (options.other && compare(options.signer.pubkey, options.other.pubkey) > 0 ? 1 : 0);
  const fields = {
    signature: ZERO_SIG,
    chain_hash: options.chainHash ?? REGTEST,
    short_channel_id: options.scid,
    timestamp: options.timestamp,
    message_flags: MESSAGE_FLAG_MUST_BE_ONE | (options.dontForward ? MESSAGE_FLAG_DONT_FORWARD : 0),
    channel_flags: (direction ? CHANNEL_FLAG_DIRECTION : 0) | (options.disabled ? CHANNEL_FLAG_DISABLE : 0),
    cltv_expiry_delta: options.cltvExpiryDelta ?? 40,
    htlc_minimum_msat: options.htlcMinimumMsat ?? 1000n,
    fee_base_msat: options.feeBaseMsat ?? 1000,
    fee_proportional_millionths: options.feeProportionalMillionths ?? 100,
    htlc_maximum_msat: options.htlcMaximumMsat ?? 990_000_000n,
  };
  const signed = channelUpdateSignedBytes({ type: 'channel_update', tlvs: {}, ...fields });
  return frame(channelUpdate.encode({ ...fields, signature: sign(signed, options.signer) }));
}

export function signedNodeAnnouncement(options: { node: TestKey; timestamp: number; alias?: string; features?: Uint8Array }): Framed<NodeAnnouncement> {
  const alias = new Uint8Array(32);
  alias.set(new TextEncoder().encode(options.alias ?? '').subarray(0, 32));
  const fields = {
    signature: ZERO_SIG,
    features: options.features ?? new Uint8Array(0),
    timestamp: options.timestamp,
    node_id: options.node.pubkey,
    rgb_color: Uint8Array.of(1, 2, 3),
    alias,
    addresses: new Uint8Array(0),
  };
  const signed = nodeAnnouncementSignedBytes({ type: 'node_announcement', tlvs: {}, ...fields });
  return frame(nodeAnnouncement.encode({ ...fields, signature: sign(signed, options.node) }));
}

/** The same message with one signature byte flipped. */
export function corrupted<M extends { signature?: Uint8Array; node_signature_1?: Uint8Array }>(framed: Framed<M>): Framed<M> {
  const copy = { ...framed.message };
  if (copy.signature) copy.signature = flip(copy.signature);
  else if (copy.node_signature_1) copy.node_signature_1 = flip(copy.node_signature_1);
  const def = wireRegistry.get(framed.bytes[0]! * 256 + framed.bytes[1]!)!;
  return frame(def.encode(copy as never));
}

function flip(sig: Uint8Array): Uint8Array {
  const out = sig.slice();
  out[10]! ^= 1;
  return out;
}
