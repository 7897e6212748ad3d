/**
 * Signed BOLT 7 gossip for a synthetic public graph: the seeded, scale-free-ish topology and
 * policies of src/engine/routing/synthetic-graph.ts, each node given a real key, plus channels from
 * a serving node (the devnet lsp, whose node secret is given) to the graph's hubs, so that a wallet
 * whose channel is with the lsp can reach every node. Channel announcements, both directions'
 * channel_updates (a few disabled, as the generator says) and a node_announcement per
 * synthetic node, signed with @noble/curves over our BOLT 7 encoders.
 *
 * About 6 signatures per channel take a while, so a generated set is cached in a directory (wire
 * bytes plus a small JSON manifest) and reused while its timestamps are fresh: peers drop gossip
 * older than two weeks, so a cache older than MAX_CACHE_AGE_SEC is regenerated.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { compare, hex } from '../../src/protocol/codec/bytes.ts';
import { scidToBigInt, type ShortChannelId } from '../../src/protocol/codec/codec.ts';
import { NETWORKS } from '../../src/protocol/networks.ts';
import {
  CHANNEL_FLAG_DIRECTION,
  CHANNEL_FLAG_DISABLE,
  channelAnnouncement,
  channelUpdate,
  MESSAGE_FLAG_MUST_BE_ONE,
  nodeAnnouncement,
} from '../../src/protocol/bolt7/messages.ts';
import { channelAnnouncementSignedBytes, channelUpdateSignedBytes, gossipDigest, nodeAnnouncementSignedBytes } from '../../src/protocol/bolt7/signatures.ts';
import type { ChannelPolicy } from '../../src/engine/routing/types.ts';
import { seededRandom, syntheticGraph } from '../../src/engine/routing/synthetic-graph.ts';

/** Regenerate once the signed timestamps are this old (well inside BOLT 7's two weeks). */
export const MAX_CACHE_AGE_SEC = 3 * 86_400;
const FORMAT = 2;
const REGTEST = NETWORKS.regtest.chainHash;
const NO_SIGNATURE = new Uint8Array(64);

export interface SyntheticGossipOptions {
  /** Channels in all, the serving node's included. */
  channels: number;
  nodes: number;
  seed: number;
  /** Channels from the serving node into the graph: to its largest hubs, then to random nodes. */
  servingLinks: number;
  servingNodeSecret: Uint8Array;
  /** Unix seconds signed into every update and node announcement. */
  nowSec: number;
}

export interface SyntheticGossip {
  /** Wire messages (2-byte type first): all channel_announcements, then channel_updates, then node_announcements. */
  messages: Uint8Array[];
  /** Every channel's short_channel_id. */
  scids: bigint[];
  /** channel_updates made (directions with a policy). */
  updates: number;
  /** Synthetic node ids (lowercase hex), without the serving node. */
  nodeIds: string[];
  servingNodeId: string;
  /** The serving node's peers in the graph. */
  servingPeers: string[];
  createdAtSec: number;
}

interface Manifest {
  format: number;
  options: Omit<SyntheticGossipOptions, 'servingNodeSecret' | 'nowSec'> & { servingNodeId: string };
  createdAtSec: number;
  scids: string[];
  updates: number;
  nodeIds: string[];
  servingPeers: string[];
  messages: number;
}

interface Key {
  secret: Uint8Array;
  pubkey: Uint8Array;
  id: string;
}

const keyOf = (secret: Uint8Array): Key => {
  const pubkey = secp256k1.getPublicKey(secret, true);
  return { secret, pubkey, id: hex(pubkey) };
};

const derivedKey = (label: string): Key => keyOf(sha256(new TextEncoder().encode(`bench synthetic gossip ${label}`)));

const sign = (signedBytes: Uint8Array, key: Key): Uint8Array => secp256k1.sign(gossipDigest(signedBytes), key.secret, { prehash: false });

/** Scids spread over the devnet's first blocks, unique, none of them a real funding output. */
const scidAt = (index: number): ShortChannelId => ({ block: 1 + (index % 100), txIndex: 1000 + Math.floor(index / 100), outputIndex: index % 2 });

export function generateSyntheticGossip(options: SyntheticGossipOptions): SyntheticGossip {
  const serving = keyOf(options.servingNodeSecret);
  // Every direction gets a channel_update: the devnet lsp's query_short_channel_ids answers
  // (devnet/ldk/gossip-queries.ts) turn a missing direction into an all-zero channel_update.
  const topology = syntheticGraph({ nodes: options.nodes, channels: options.channels - options.servingLinks, seed: options.seed, missingPolicyShare: 0 });
  const keys = topology.nodeIds.map((_, i) => derivedKey(`node ${options.seed} ${i}`));
  const fundingKeys = new Map<string, Key>();
  const fundingKey = (node: Key) => {
    let key = fundingKeys.get(node.id);
    if (!key) fundingKeys.set(node.id, (key = derivedKey(`funding ${node.id}`)));
    return key;
  };
  const indexOf = new Map(topology.nodeIds.map((id, i) => [id, i]));
  const random = seededRandom(options.seed * 104_729);

  interface Planned {
    a: Key;
    b: Key;
    aPolicy: ChannelPolicy | undefined;
    bPolicy: ChannelPolicy | undefined;
    capacitySat: number;
  }
  const planned: Planned[] = [...topology.view.channels()].map((channel) => ({
    a: keys[indexOf.get(channel.node1)!]!,
    b: keys[indexOf.get(channel.node2)!]!,
    aPolicy: channel.node1Policy,
    bPolicy: channel.node2Policy,
    capacitySat: channel.capacitySat ?? 1_000_000,
  }));

  // The serving node opens to the biggest hubs first, then to random nodes.
  const byDegree = topology.degree.map((degree, i) => [i, degree] as const).sort((x, y) => y[1] - x[1]);
  const peers = new Set<number>(byDegree.slice(0, Math.ceil((options.servingLinks * 2) / 3)).map(([i]) => i));
  while (peers.size < Math.min(options.servingLinks, options.nodes)) peers.add(Math.floor(random() * options.nodes));
  for (const peer of peers) {
    const capacitySat = Math.floor(Math.exp(Math.log(2_000_000) + random() * (Math.log(20_000_000) - Math.log(2_000_000))));
    const lspPolicy: ChannelPolicy = { feeBaseMsat: 1000, feeProportionalMillionths: 100, cltvExpiryDelta: 72, htlcMinimumMsat: 1000, htlcMaximumMsat: capacitySat * 990, disabled: false };
    const hubPolicy: ChannelPolicy = { feeBaseMsat: 1000, feeProportionalMillionths: 1 + Math.floor(random() * 500), cltvExpiryDelta: 40, htlcMinimumMsat: 1000, htlcMaximumMsat: capacitySat * 990, disabled: false };
    planned.push({ a: serving, b: keys[peer]!, aPolicy: lspPolicy, bPolicy: hubPolicy, capacitySat });
  }

  const announcements: Uint8Array[] = [];
  const updates: Uint8Array[] = [];
  const scids: bigint[] = [];
  planned.forEach((channel, index) => {
    const scid = scidAt(index);
    scids.push(scidToBigInt(scid));
    const swap = compare(channel.a.pubkey, channel.b.pubkey) > 0;
    const [n1, n2] = swap ? [channel.b, channel.a] : [channel.a, channel.b];
    const [p1, p2] = swap ? [channel.bPolicy, channel.aPolicy] : [channel.aPolicy, channel.bPolicy];
    announcements.push(signedAnnouncement(scid, n1, n2, fundingKey(n1), fundingKey(n2)));
    if (p1) updates.push(signedUpdate(scid, 0, p1, channel.capacitySat, options.nowSec, n1));
    if (p2) updates.push(signedUpdate(scid, 1, p2, channel.capacitySat, options.nowSec, n2));
  });
  const nodeAnnouncements = keys.map((key, i) => signedNodeAnnouncement(key, `synthetic-${i}`, options.nowSec));

  return {
    messages: [...announcements, ...updates, ...nodeAnnouncements],
    scids,
    updates: updates.length,
    nodeIds: keys.map((key) => key.id),
    servingNodeId: serving.id,
    servingPeers: [...peers].map((i) => keys[i]!.id),
    createdAtSec: options.nowSec,
  };
}

function signedAnnouncement(scid: ShortChannelId, n1: Key, n2: Key, b1: Key, b2: Key): Uint8Array {
  const fields = {
    node_signature_1: NO_SIGNATURE,
    node_signature_2: NO_SIGNATURE,
    bitcoin_signature_1: NO_SIGNATURE,
    bitcoin_signature_2: NO_SIGNATURE,
    features: new Uint8Array(0),
    chain_hash: REGTEST,
    short_channel_id: scid,
    node_id_1: n1.pubkey,
    node_id_2: n2.pubkey,
    bitcoin_key_1: b1.pubkey,
    bitcoin_key_2: b2.pubkey,
  };
  const signed = channelAnnouncementSignedBytes({ type: 'channel_announcement', tlvs: {}, ...fields });
  return channelAnnouncement.encode({
    ...fields,
    node_signature_1: sign(signed, n1),
    node_signature_2: sign(signed, n2),
    bitcoin_signature_1: sign(signed, b1),
    bitcoin_signature_2: sign(signed, b2),
  });
}

function signedUpdate(scid: ShortChannelId, direction: 0 | 1, policy: ChannelPolicy, capacitySat: number, timestamp: number, signer: Key): Uint8Array {
  const fields = {
    signature: NO_SIGNATURE,
    chain_hash: REGTEST,
    short_channel_id: scid,
    timestamp,
    message_flags: MESSAGE_FLAG_MUST_BE_ONE,
    channel_flags: (direction ? CHANNEL_FLAG_DIRECTION : 0) | (policy.disabled ? CHANNEL_FLAG_DISABLE : 0),
    cltv_expiry_delta: policy.cltvExpiryDelta,
    htlc_minimum_msat: BigInt(policy.htlcMinimumMsat),
    fee_base_msat: policy.feeBaseMsat,
    fee_proportional_millionths: policy.feeProportionalMillionths,
    // htlc_maximum_msat is mandatory in channel_update now: a node that sets none offers its capacity.
    htlc_maximum_msat: BigInt(policy.htlcMaximumMsat ?? capacitySat * 1000),
  };
  const signed = channelUpdateSignedBytes({ type: 'channel_update', tlvs: {}, ...fields });
  return channelUpdate.encode({ ...fields, signature: sign(signed, signer) });
}

function signedNodeAnnouncement(key: Key, aliasText: string, timestamp: number): Uint8Array {
  const alias = new Uint8Array(32);
  alias.set(new TextEncoder().encode(aliasText).subarray(0, 32));
  const fields = {
    signature: NO_SIGNATURE,
    features: new Uint8Array(0),
    timestamp,
    node_id: key.pubkey,
    rgb_color: key.pubkey.subarray(1, 4),
    alias,
    addresses: new Uint8Array(0),
  };
  const signed = nodeAnnouncementSignedBytes({ type: 'node_announcement', tlvs: {}, ...fields });
  return nodeAnnouncement.encode({ ...fields, signature: sign(signed, key) });
}

// ---------------------------------------------------------------- cache

export interface CachedGossip {
  gossip: SyntheticGossip;
  /** Where it is cached; other artefacts derived from it (the LDK graph file) can be kept beside it. */
  dir: string;
  fromCache: boolean;
  generateMs: number;
}

/** The gossip for these options from `cacheRoot` if a fresh copy is there, else generated and cached. */
export function cachedSyntheticGossip(cacheRoot: string, options: Omit<SyntheticGossipOptions, 'nowSec'>, nowSec: number): CachedGossip {
  const servingNodeId = hex(secp256k1.getPublicKey(options.servingNodeSecret, true));
  const key = { channels: options.channels, nodes: options.nodes, seed: options.seed, servingLinks: options.servingLinks, servingNodeId };
  const dir = join(cacheRoot, `v${FORMAT}-seed${options.seed}-${options.nodes}n-${options.channels}c-${options.servingLinks}l-${servingNodeId.slice(0, 16)}`);
  const cached = readCache(dir, key, nowSec);
  if (cached) return { gossip: cached, dir, fromCache: true, generateMs: 0 };

  const started = performance.now();
  const gossip = generateSyntheticGossip({ ...options, nowSec });
  const generateMs = performance.now() - started;
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, 'messages.bin'), frameMessages(gossip.messages));
  const manifest: Manifest = {
    format: FORMAT,
    options: key,
    createdAtSec: gossip.createdAtSec,
    scids: gossip.scids.map(String),
    updates: gossip.updates,
    nodeIds: gossip.nodeIds,
    servingPeers: gossip.servingPeers,
    messages: gossip.messages.length,
  };
  // The manifest last: a cache dir without one (an interrupted run) is regenerated.
  writeAtomically(join(dir, 'manifest.json'), new TextEncoder().encode(JSON.stringify(manifest)));
  return { gossip, dir, fromCache: false, generateMs };
}

function readCache(dir: string, key: Manifest['options'], nowSec: number): SyntheticGossip | undefined {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  if (manifest.format !== FORMAT || JSON.stringify(manifest.options) !== JSON.stringify(key)) return undefined;
  if (nowSec - manifest.createdAtSec > MAX_CACHE_AGE_SEC) return undefined;
  const messages = unframeMessages(new Uint8Array(readFileSync(join(dir, 'messages.bin'))));
  if (messages.length !== manifest.messages) return undefined;
  return {
    messages,
    scids: manifest.scids.map(BigInt),
    updates: manifest.updates,
    nodeIds: manifest.nodeIds,
    servingNodeId: key.servingNodeId,
    servingPeers: manifest.servingPeers,
    createdAtSec: manifest.createdAtSec,
  };
}

/** Each message as a 4-byte big-endian length and its bytes. */
function frameMessages(messages: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((sum, m) => sum + 4 + m.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const message of messages) {
    view.setUint32(at, message.length);
    out.set(message, at + 4);
    at += 4 + message.length;
  }
  return out;
}

function unframeMessages(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 4 > bytes.length) throw new Error('truncated synthetic gossip cache');
    const length = view.getUint32(at);
    if (at + 4 + length > bytes.length) throw new Error('truncated synthetic gossip cache');
    messages.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return messages;
}

export function writeAtomically(path: string, bytes: Uint8Array): void {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}
