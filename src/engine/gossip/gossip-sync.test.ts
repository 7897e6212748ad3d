import { describe, expect, it } from 'vitest';
import { encodeBigSize } from '../../protocol/codec/bigsize.ts';
import { concat, u32be } from '../../protocol/codec/bytes.ts';
import { scidToBigInt, type ShortChannelId } from '../../protocol/codec/codec.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { wireRegistry, type WireMessage } from '../../protocol/wire.ts';
import {
  QUERY_OPTION_WANT_TIMESTAMPS,
  queryChannelRange,
  queryShortChannelIds,
  replyChannelRange,
  replyShortChannelIdsEnd,
} from '../../protocol/bolt7/messages.ts';
import { decodeShortChannelIds, encodeShortChannelIds } from '../../protocol/bolt7/short-ids.ts';
import { ManualTimers } from '../peer/test-support.ts';
import type { PeerMessage } from '../peer/session.ts';
import { GraphStore } from './graph-store.ts';
import { GossipSync, QUERY_FLAG_UPDATE_2, type GossipSyncOptions } from './gossip-sync.ts';
import { corrupted, MemoryStore, orderNodes, scid, signedAnnouncement, signedNodeAnnouncement, signedUpdate, testKey, type Framed, type TestKey } from './test-support.ts';

const NOW = 1_700_000_000;
const CHAIN = NETWORKS.regtest.chainHash;
const QUERIES = FeatureVector.of({ gossip_queries: 'optional' });
const NO_QUERIES = FeatureVector.of({ payment_secret: 'required' });

const lsp = testKey('lsp');
const merchant = testKey('merchant');
const carol = testKey('carol');
const dave = testKey('dave');

async function setup(options: Partial<GossipSyncOptions> = {}, store = new MemoryStore()) {
  const timers = new ManualTimers();
  const graph = await GraphStore.open(store, { nowSec: () => NOW, timers, flushDelayMs: 50 });
  const sent: { nodeId: string; message: WireMessage }[] = [];
  const sync = new GossipSync({ graph, network: 'regtest', timers, nowSec: () => NOW, queryBatch: 2, send: (nodeId, bytes) => void sent.push({ nodeId, message: wireRegistry.decode(bytes) }), ...options });
  const deliver = (from: TestKey, ...framed: Framed<unknown>[]) => {
    for (const f of framed) {
      // The handler is synchronous: nothing for the peer layer to wait on.
      expect(sync.handleMessage(from.nodeId, f.message as PeerMessage, f.bytes)).toBeUndefined();
    }
  };
  /** Messages sent since the last call. */
  let seen = 0;
  const newlySent = () => sent.slice(seen, (seen = sent.length)).map((s) => s.message);
  return { store, timers, graph, sync, sent, deliver, newlySent };
}

function rangeReply(first: number, count: number, scids: ShortChannelId[], timestamps?: [number, number][]): Framed<unknown> {
  const bytes = replyChannelRange.encode({
    chain_hash: CHAIN,
    first_blocknum: first,
    number_of_blocks: count,
    sync_complete: 1,
    encoded_short_ids: encodeShortChannelIds(scids),
    tlvs: timestamps ? { timestamps_tlv: { encoding_type: 0, encoded_timestamps: concat(...timestamps.flatMap(([a, b]) => [u32be(a), u32be(b)])) } } : {},
  });
  return { message: wireRegistry.decode(bytes), bytes };
}

function end(full = 1): Framed<unknown> {
  const bytes = replyShortChannelIdsEnd.encode({ chain_hash: CHAIN, full_information: full });
  return { message: wireRegistry.decode(bytes), bytes };
}

/** What a peer answers for one channel: its announcement, both updates, both node announcements. */
function channelGossip(id: ShortChannelId, a: TestKey, b: TestKey, timestamp = NOW - 100): Framed<unknown>[] {
  return [
    signedAnnouncement({ scid: id, a, b }),
    signedUpdate({ scid: id, signer: a, other: b, timestamp }),
    signedUpdate({ scid: id, signer: b, other: a, timestamp, feeBaseMsat: 2000 }),
    signedNodeAnnouncement({ node: a, timestamp, alias: `alias ${a.nodeId.slice(0, 4)}` }),
    signedNodeAnnouncement({ node: b, timestamp, alias: `alias ${b.nodeId.slice(0, 4)}` }),
  ];
}

function queriedIds(message: WireMessage | undefined): bigint[] {
  if (message?.type !== 'query_short_channel_ids') throw new Error(`expected query_short_channel_ids, got ${message?.type}`);
  return decodeShortChannelIds(message.encoded_short_ids).map(scidToBigInt);
}

const id = (s: ShortChannelId) => scidToBigInt(s);

describe('GossipSync', () => {
  it('syncs the graph: filter, channel range, then batched short_channel_id queries one at a time', async () => {
    const { sync, graph, deliver, newlySent } = await setup();
    sync.peerConnected(lsp.nodeId, QUERIES);
    const [filter, range] = newlySent();
    expect(filter).toMatchObject({ type: 'gossip_timestamp_filter', first_timestamp: NOW, timestamp_range: 0xffffffff });
    expect(range).toMatchObject({ type: 'query_channel_range', first_blocknum: 0, number_of_blocks: 0xffffffff, tlvs: { query_option: QUERY_OPTION_WANT_TIMESTAMPS } });
    expect(sync.progress(lsp.nodeId)?.phase).toBe('ranges');

    const s1 = scid(101);
    const s2 = scid(102);
    const s3 = scid(103);
    const s4 = scid(250);
    // The range comes in two replies; a full batch goes out while the second is still due.
    deliver(lsp, rangeReply(0, 200, [s1, s2, s3]));
    const [first] = newlySent();
    expect(queriedIds(first)).toEqual([id(s1), id(s2)]);
    expect(first?.type === 'query_short_channel_ids' && first.tlvs.query_flags).toBeUndefined();
    deliver(lsp, rangeReply(200, 0xffffffff - 200, [s4]));
    expect(sync.progress(lsp.nodeId)?.phase).toBe('queries');
    expect(newlySent()).toEqual([]); // one query in flight at a time

    deliver(lsp, ...channelGossip(s1, lsp, merchant), ...channelGossip(s2, merchant, carol), end());
    const [second] = newlySent();
    expect(queriedIds(second)).toEqual([id(s3), id(s4)]);
    deliver(lsp, ...channelGossip(s3, carol, dave), ...channelGossip(s4, dave, lsp), end());
    expect(newlySent()).toEqual([]);

    const progress = sync.progress(lsp.nodeId)!;
    expect(progress).toMatchObject({
      phase: 'synced',
      rangeReplies: 2,
      scidsListed: 4,
      scidsQueried: 4,
      scidsToQuery: 0,
      queries: 2,
      queriesAnswered: 2,
      channelsAdded: 4,
      updatesApplied: 8,
      nodesApplied: 4,
      invalidSignatures: 0,
      fullInformation: true,
    });
    expect(progress.bytesReceived).toBeGreaterThan(4 * 430);
    expect(progress.bytesSent).toBeGreaterThan(0);
    expect(sync.lastSync).toBe(NOW);
    expect(graph.stats()).toMatchObject({ channels: 4, nodes: 4, announcedNodes: 4, lastSync: NOW });
    const [n1] = orderNodes(lsp, merchant);
    const channel = graph.channel(s1)!;
    expect(channel.node1).toBe(n1.nodeId);
    expect(channel.updates.map((u) => u?.feeBaseMsat).sort()).toEqual([1000, 2000]);
    expect(graph.node(lsp.nodeId)?.alias).toBe(`alias ${lsp.nodeId.slice(0, 4)}`);

    // What was learnt is persisted and reloads.
    await graph.flush();
    expect(sync.status()).toMatchObject({ lastSync: NOW, syncing: null });
  });

  it('prunes stale channels when a sync completes', async () => {
    const { sync, graph, deliver } = await setup();
    const [n1, n2] = orderNodes(carol, dave);
    graph.addChannel({ scid: scid(7), node1: n1.nodeId, node2: n2.nodeId, features: new Uint8Array(0) });
    const old = NOW - 15 * 86_400;
    deliver(lsp, signedUpdate({ scid: scid(7), signer: n1, other: n2, timestamp: old }), signedUpdate({ scid: scid(7), signer: n2, other: n1, timestamp: NOW - 1 }));
    expect(graph.channel(scid(7))?.updates.every(Boolean)).toBe(true);
    sync.peerConnected(lsp.nodeId, QUERIES);
    deliver(lsp, rangeReply(0, 0xffffffff, []));
    expect(sync.progress(lsp.nodeId)).toMatchObject({ phase: 'synced', prunedChannels: 1 });
    expect(graph.stats()).toMatchObject({ channels: 0, nodes: 0 });
  });

  it('drops and counts gossip with invalid signatures', async () => {
    const { sync, graph, deliver } = await setup();
    sync.peerConnected(lsp.nodeId, QUERIES);
    const s1 = scid(101);
    const s2 = scid(102);
    deliver(lsp, corrupted(signedAnnouncement({ scid: s1, a: lsp, b: merchant })));
    expect(graph.hasChannel(s1)).toBe(false);
    deliver(lsp, signedAnnouncement({ scid: s2, a: lsp, b: merchant }));
    // An update signed by the wrong end, one with a flipped bit, a node announcement with a bad signature.
    deliver(lsp, signedUpdate({ scid: s2, signer: merchant, other: lsp, direction: lsp.nodeId < merchant.nodeId ? 0 : 1, timestamp: NOW }));
    deliver(lsp, corrupted(signedUpdate({ scid: s2, signer: lsp, other: merchant, timestamp: NOW })));
    deliver(lsp, corrupted(signedNodeAnnouncement({ node: lsp, timestamp: NOW, alias: 'evil' })));
    expect(sync.progress(lsp.nodeId)).toMatchObject({ invalidSignatures: 4, channelsAdded: 1, updatesApplied: 0, nodesApplied: 0 });
    expect(graph.channel(s2)?.updates).toEqual([null, null]);
    expect(graph.node(lsp.nodeId)).toBeUndefined();
    // The valid ones still go in, and older or repeated ones are ignored without checking.
    deliver(lsp, signedUpdate({ scid: s2, signer: lsp, other: merchant, timestamp: NOW - 5 }));
    deliver(lsp, signedUpdate({ scid: s2, signer: lsp, other: merchant, timestamp: NOW - 6 }));
    deliver(lsp, signedUpdate({ scid: s2, signer: lsp, other: merchant, timestamp: NOW - 5 }));
    expect(sync.progress(lsp.nodeId)).toMatchObject({ invalidSignatures: 4, updatesApplied: 1, ignored: 2 });
    expect(sync.status().totals.invalidSignatures).toBe(4);
  });

  it('asks only for newer updates of known channels when the peer sends timestamps, with query_flags', async () => {
    const { sync, graph, deliver, newlySent } = await setup();
    const known = scid(101);
    const unknown = scid(102);
    const [n1, n2] = orderNodes(lsp, merchant);
    graph.addChannel({ scid: known, node1: n1.nodeId, node2: n2.nodeId, features: new Uint8Array(0) });
    deliver(lsp, signedUpdate({ scid: known, signer: lsp, other: merchant, timestamp: NOW - 100 }), signedUpdate({ scid: known, signer: merchant, other: lsp, timestamp: NOW - 100 }));

    sync.peerConnected(lsp.nodeId, QUERIES);
    newlySent();
    const upToDate = scid(100);
    graph.addChannel({ scid: upToDate, node1: n1.nodeId, node2: n2.nodeId, features: new Uint8Array(0) });
    deliver(lsp, signedUpdate({ scid: upToDate, signer: n1, other: n2, timestamp: NOW - 50 }), signedUpdate({ scid: upToDate, signer: n2, other: n1, timestamp: NOW - 50 }));
    deliver(
      lsp,
      rangeReply(0, 0xffffffff, [upToDate, known, unknown], [
        [NOW - 50, NOW - 50],
        [NOW - 100, NOW - 10],
        [NOW - 1, NOW - 1],
      ]),
    );
    const [query] = newlySent();
    expect(queriedIds(query)).toEqual([id(known), id(unknown)]);
    const flags = query?.type === 'query_short_channel_ids' ? query.tlvs.query_flags : undefined;
    expect(flags).toEqual({ encoding_type: 0, encoded_query_flags: concat(encodeBigSize(QUERY_FLAG_UPDATE_2), encodeBigSize(31)) });
    expect(sync.progress(lsp.nodeId)).toMatchObject({ timestamps: true, scidsListed: 3, scidsQueried: 2 });
  });

  it('keeps channel_updates for our own unannounced channels as private updates', async () => {
    const { sync, graph, deliver, store } = await setup();
    sync.peerConnected(lsp.nodeId, QUERIES);
    const alias = scid(0x123, 0x45, 6);
    deliver(lsp, signedUpdate({ scid: alias, signer: lsp, other: carol, timestamp: NOW - 1, feeBaseMsat: 42, cltvExpiryDelta: 144, dontForward: true }));
    const update = graph.privateUpdate(alias);
    expect(update).toMatchObject({ nodeId: lsp.nodeId, scid: alias, update: { feeBaseMsat: 42, cltvExpiryDelta: 144, timestamp: NOW - 1 } });
    expect(graph.hasChannel(alias)).toBe(false);
    expect(sync.progress(lsp.nodeId)?.privateUpdates).toBe(1);
    // Not signed by the peer that sent it: not ours, so not private.
    deliver(lsp, signedUpdate({ scid: scid(0x124), signer: carol, other: lsp, timestamp: NOW }));
    expect(graph.privateUpdate(scid(0x124))).toBeUndefined();
    await graph.flush();
    expect((await GraphStore.open(store)).privateUpdates()).toHaveLength(1);
  });

  it('asks isOwnChannel before keeping a private update', async () => {
    const { sync, graph, deliver } = await setup({ isOwnChannel: (s) => s.block === 7 });
    sync.peerConnected(lsp.nodeId, QUERIES);
    deliver(lsp, signedUpdate({ scid: scid(7), signer: lsp, other: carol, timestamp: NOW }), signedUpdate({ scid: scid(8), signer: lsp, other: carol, timestamp: NOW }));
    expect(graph.privateUpdates().map((p) => p.scid.block)).toEqual([7]);
  });

  it('holds a channel_update that came before its announcement, and drops it if the announcement never comes', async () => {
    const { sync, graph, deliver, timers, newlySent } = await setup({ pendingUpdateTtlMs: 1_000 });
    sync.peerConnected(lsp.nodeId, QUERIES);
    deliver(lsp, rangeReply(0, 0xffffffff, []));
    expect(sync.progress(lsp.nodeId)?.phase).toBe('synced');
    newlySent();

    const s = scid(300);
    deliver(lsp, signedUpdate({ scid: s, signer: carol, other: dave, timestamp: NOW - 3 }));
    expect(sync.status().pendingUpdates).toBe(1);
    // We ask the peer for the channel.
    expect(queriedIds(newlySent()[0])).toEqual([id(s)]);
    deliver(lsp, signedAnnouncement({ scid: s, a: carol, b: dave }), end());
    expect(graph.channel(s)?.updates.filter(Boolean)).toHaveLength(1);
    expect(sync.status().pendingUpdates).toBe(0);

    deliver(lsp, signedUpdate({ scid: scid(301), signer: carol, other: dave, timestamp: NOW - 3 }));
    expect(sync.status().pendingUpdates).toBe(1);
    timers.advance(1_001);
    expect(sync.status()).toMatchObject({ pendingUpdates: 0, totals: { orphanUpdates: 1 } });
  });

  it('marks the sync stalled when the peer stops answering, and never blocks on storage', async () => {
    const store = new MemoryStore();
    store.hold(); // no commit ever completes
    const { sync, graph, deliver, timers, newlySent } = await setup({ replyTimeoutMs: 5_000 }, store);
    sync.peerConnected(lsp.nodeId, QUERIES);
    deliver(lsp, rangeReply(0, 0xffffffff, [scid(1), scid(2), scid(3)]));
    newlySent();
    deliver(lsp, ...channelGossip(scid(1), lsp, merchant));
    expect(graph.stats()).toMatchObject({ channels: 1, announcedNodes: 2 });
    timers.advance(4_999);
    expect(sync.progress(lsp.nodeId)?.phase).toBe('queries');
    timers.advance(1);
    expect(sync.progress(lsp.nodeId)).toMatchObject({ phase: 'stalled', scidsToQuery: 1 });
    expect(sync.status().syncing).toBeNull();
    expect(sync.lastSync).toBeNull();
    // A late end is ignored; a resync starts over.
    deliver(lsp, end());
    expect(newlySent()).toEqual([]);
    expect(sync.resync()).toBe(true);
    expect(newlySent().map((m) => m.type)).toEqual(['query_channel_range']);
  });

  it('sends a peer without gossip_queries a filter asking for nothing, and no queries', async () => {
    const { sync, graph, deliver, newlySent } = await setup();
    sync.peerConnected(carol.nodeId, NO_QUERIES);
    expect(newlySent()).toEqual([expect.objectContaining({ type: 'gossip_timestamp_filter', first_timestamp: 0xffffffff, timestamp_range: 0 })]);
    expect(sync.progress(carol.nodeId)?.phase).toBe('unsupported');
    expect(sync.resync(carol.nodeId)).toBe(false);
    // Its updates for our channel with it still count.
    deliver(carol, signedUpdate({ scid: scid(9), signer: carol, other: lsp, timestamp: NOW }));
    expect(graph.privateUpdate(scid(9))?.nodeId).toBe(carol.nodeId);
  });

  it('range-syncs with one peer at a time; the others, and later connections, get the filter from the last sync', async () => {
    const { sync, newlySent, deliver } = await setup();
    sync.peerConnected(lsp.nodeId, QUERIES);
    sync.peerConnected(merchant.nodeId, QUERIES);
    expect(newlySent().map((m) => m.type)).toEqual(['gossip_timestamp_filter', 'query_channel_range', 'gossip_timestamp_filter']);
    expect(sync.progress(merchant.nodeId)?.phase).toBe('live');

    // The syncing peer drops: the other one takes over.
    sync.peerDisconnected(lsp.nodeId);
    expect(sync.progress(lsp.nodeId)?.phase).toBe('closed');
    expect(newlySent().map((m) => m.type)).toEqual(['query_channel_range']);
    deliver(merchant, rangeReply(0, 0xffffffff, []));
    expect(sync.progress(merchant.nodeId)?.phase).toBe('synced');

    sync.peerConnected(lsp.nodeId, QUERIES);
    expect(newlySent()).toEqual([expect.objectContaining({ type: 'gossip_timestamp_filter', first_timestamp: NOW })]);
    expect(sync.progress(lsp.nodeId)?.phase).toBe('live');
  });

  it('answers the peer’s own queries with nothing to share, and ignores replies it did not ask for', async () => {
    const { sync, deliver, newlySent } = await setup();
    sync.peerConnected(carol.nodeId, NO_QUERIES);
    newlySent();
    const q1 = queryChannelRange.encode({ chain_hash: CHAIN, first_blocknum: 10, number_of_blocks: 20 });
    const q2 = queryShortChannelIds.encode({ chain_hash: CHAIN, encoded_short_ids: encodeShortChannelIds([scid(11)]) });
    deliver(carol, { message: wireRegistry.decode(q1), bytes: q1 }, { message: wireRegistry.decode(q2), bytes: q2 });
    expect(newlySent()).toEqual([
      expect.objectContaining({ type: 'reply_channel_range', first_blocknum: 10, number_of_blocks: 20, sync_complete: 1, encoded_short_ids: Uint8Array.of(0) }),
      expect.objectContaining({ type: 'reply_short_channel_ids_end', full_information: 0 }),
    ]);
    deliver(carol, rangeReply(0, 1, [scid(1)]), end());
    expect(newlySent()).toEqual([]);
    expect(sync.progress(carol.nodeId)?.ignored).toBe(2);
  });

  it('ignores gossip for another chain and a send to a vanished peer', async () => {
    let fail = false;
    const { sync, graph, deliver } = await setup({
      send: () => {
        if (fail) throw new Error('not connected');
      },
    });
    sync.peerConnected(lsp.nodeId, QUERIES);
    deliver(lsp, signedAnnouncement({ scid: scid(5), a: lsp, b: merchant, chainHash: NETWORKS.mainnet.chainHash }));
    expect(graph.hasChannel(scid(5))).toBe(false);
    expect(sync.progress(lsp.nodeId)?.malformed).toBe(1);
    fail = true;
    deliver(lsp, rangeReply(0, 0xffffffff, [scid(1), scid(2)]));
    expect(sync.progress(lsp.nodeId)?.phase).toBe('closed');
  });
});
