import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../peer/test-support.ts';
import { GraphStore, STALE_AFTER_SEC } from './graph-store.ts';
import { channelKey, nodeKey, privateKey, SYNC_KEY, type ChannelDirection } from './records.ts';
import { MemoryStore, orderNodes, scid, testKey } from './test-support.ts';

const NOW = 1_700_000_000;
const alice = testKey('alice');
const bob = testKey('bob');
const carol = testKey('carol');

function direction(timestamp: number, overrides: Partial<ChannelDirection> = {}): ChannelDirection {
  return {
    timestamp,
    messageFlags: 1,
    channelFlags: 0,
    disabled: false,
    cltvExpiryDelta: 40,
    htlcMinimumMsat: 1000n,
    htlcMaximumMsat: 500_000_000n,
    feeBaseMsat: 1000,
    feeProportionalMillionths: 100,
    ...overrides,
  };
}

async function open(store: MemoryStore, options: { now?: () => number; timers?: ManualTimers; commitBatch?: number } = {}) {
  const timers = options.timers ?? new ManualTimers();
  const graph = await GraphStore.open(store, { nowSec: options.now ?? (() => NOW), timers, flushDelayMs: 100, commitBatch: options.commitBatch ?? 500 });
  return { graph, timers };
}

function addChannel(graph: GraphStore, block: number, x = alice, y = bob) {
  const [n1, n2] = orderNodes(x, y);
  return graph.addChannel({ scid: scid(block), node1: n1.nodeId, node2: n2.nodeId, features: new Uint8Array(0) });
}

describe('GraphStore', () => {
  it('keeps channels, directions and nodes in memory and reports them', async () => {
    const { graph } = await open(new MemoryStore());
    expect(addChannel(graph, 100)).toBe(true);
    expect(addChannel(graph, 100)).toBe(false);
    expect(graph.applyUpdate(scid(100), 0, direction(NOW - 10))).toBe('applied');
    expect(graph.applyUpdate(scid(100), 0, direction(NOW - 20))).toBe('older');
    expect(graph.applyUpdate(scid(100), 0, direction(NOW - 10))).toBe('duplicate');
    expect(graph.applyUpdate(scid(999), 0, direction(NOW))).toBe('unknown');
    expect(graph.applyNode({ nodeId: carol.nodeId, features: new Uint8Array(0), timestamp: NOW, alias: 'carol', rgbColor: new Uint8Array(3), addresses: new Uint8Array(0) })).toBe('unknown');
    expect(graph.applyNode({ nodeId: alice.nodeId, features: new Uint8Array(0), timestamp: NOW, alias: 'alice', rgbColor: new Uint8Array(3), addresses: new Uint8Array(0) })).toBe('applied');

    const channel = graph.channel(scid(100))!;
    expect(channel.updates[0]?.timestamp).toBe(NOW - 10);
    expect(channel.updates[1]).toBeNull();
    expect(graph.channelsOf(alice.nodeId).map((c) => c.id)).toEqual([channel.id]);
    expect(graph.node(alice.nodeId)?.alias).toBe('alice');
    // Capacity: htlc_maximum_msat bounds it until a chain lookup sets it.
    expect(graph.capacityMsat(channel)).toBe(500_000_000n);
    expect(graph.setCapacity(scid(100), 1_000_000n)).toBe(true);
    expect(graph.capacityMsat(channel)).toBe(1_000_000_000n);
    expect(graph.stats()).toMatchObject({ channels: 1, nodes: 2, announcedNodes: 1, privateUpdates: 0, lastSync: null });
  });

  it('writes only changed records, in batched commits, and reloads them', async () => {
    const store = new MemoryStore();
    const { graph, timers } = await open(store, { commitBatch: 10 });
    addChannel(graph, 100);
    graph.applyUpdate(scid(100), 0, direction(NOW - 5));
    graph.applyUpdate(scid(100), 1, direction(NOW - 6, { channelFlags: 1, feeBaseMsat: 7 }));
    graph.applyNode({ nodeId: bob.nodeId, features: Uint8Array.of(2), timestamp: NOW, alias: 'bob', rgbColor: Uint8Array.of(1, 2, 3), addresses: new Uint8Array(0) });
    graph.setPrivateUpdate({ scid: scid(5, 0, 0), nodeId: carol.nodeId, update: direction(NOW) });
    expect(store.commits).toHaveLength(0);
    timers.advance(100);
    await graph.flush();
    // Three distinct records changed (one channel touched three times, one node, one private update).
    expect(store.commits.flat().map((w) => w.key).sort()).toEqual([channelKey(graph.channel(scid(100))!.id), nodeKey(bob.nodeId), privateKey(5n << 40n)].sort());

    // A second change writes only its own record.
    addChannel(graph, 200, bob, carol);
    graph.markSynced(NOW);
    await graph.flush();
    expect(store.commits.slice(-1).flat().map((w) => w.key).sort()).toEqual([channelKey(graph.channel(scid(200))!.id), SYNC_KEY].sort());
    const stats = graph.stats();
    expect(stats).toMatchObject({ channels: 2, nodes: 3, pendingWrites: 0, lastSync: NOW, recordsWritten: 5 });
    expect(stats.bytesStored).toBeGreaterThan(0);

    const { graph: reloaded } = await open(store);
    expect([...reloaded.channels()]).toEqual([...graph.channels()]);
    expect(reloaded.node(bob.nodeId)).toEqual(graph.node(bob.nodeId));
    expect(reloaded.privateUpdates()).toEqual(graph.privateUpdates());
    expect(reloaded.stats()).toMatchObject({ channels: 2, nodes: 3, announcedNodes: 1, privateUpdates: 1, lastSync: NOW, bytesStored: stats.bytesStored, unreadableRecords: 0 });
  });

  it('flushes at once when a batch fills, one commit at a time of at most commitBatch writes', async () => {
    const store = new MemoryStore();
    const { graph } = await open(store, { commitBatch: 4 });
    store.hold();
    for (let block = 1; block <= 10; block++) addChannel(graph, block, testKey(`n${block}`), testKey(`m${block}`));
    // The fourth change started a commit without waiting for the timer; it is still held.
    expect(graph.stats().pendingWrites).toBe(6);
    store.release();
    await graph.flush();
    expect(store.commits.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(graph.stats()).toMatchObject({ channels: 10, pendingWrites: 0, commits: 3 });
  });

  it('keeps changes pending when a commit fails, and writes them on the next flush', async () => {
    const store = new MemoryStore();
    const { graph } = await open(store);
    addChannel(graph, 100);
    store.failWith = new Error('disk full');
    await expect(graph.flush()).rejects.toThrow('disk full');
    expect(graph.stats()).toMatchObject({ pendingWrites: 1, lastError: 'disk full' });
    store.failWith = undefined;
    await graph.flush();
    expect(graph.stats()).toMatchObject({ pendingWrites: 0, lastError: null, channels: 1 });
    expect((await open(store)).graph.stats().channels).toBe(1);
  });

  it('prunes channels whose older direction is over two weeks old, and nodes left without channels', async () => {
    const store = new MemoryStore();
    let now = NOW;
    const { graph } = await open(store, { now: () => now });
    const old = NOW - STALE_AFTER_SEC - 1;
    addChannel(graph, 1, alice, bob); // both fresh
    graph.applyUpdate(scid(1), 0, direction(NOW - 60));
    graph.applyUpdate(scid(1), 1, direction(NOW - 60));
    addChannel(graph, 2, bob, carol); // one direction stale: pruned (BOLT 7 uses the older one)
    graph.applyUpdate(scid(2), 0, direction(old));
    graph.applyUpdate(scid(2), 1, direction(NOW - 60));
    addChannel(graph, 3, alice, carol); // one fresh update, the other never came: kept while the channel is new
    graph.applyUpdate(scid(3), 0, direction(NOW - 60));
    graph.applyNode({ nodeId: carol.nodeId, features: new Uint8Array(0), timestamp: NOW, alias: 'carol', rgbColor: new Uint8Array(3), addresses: new Uint8Array(0) });

    expect(graph.prune(NOW)).toEqual({ channels: 1, nodes: 0 });
    expect(graph.hasChannel(scid(2))).toBe(false);
    expect(graph.hasChannel(scid(3))).toBe(true);

    // Two weeks on, channel 3 still lacks its second update and channel 1 went quiet: both go, and every node with them.
    now = NOW + STALE_AFTER_SEC + 1;
    graph.applyUpdate(scid(1), 0, direction(now));
    expect(graph.prune(now)).toEqual({ channels: 2, nodes: 3 });
    expect(graph.stats()).toMatchObject({ channels: 0, nodes: 0, announcedNodes: 0 });
    await graph.flush();
    const reloaded = (await open(store)).graph;
    expect(reloaded.stats()).toMatchObject({ channels: 0, nodes: 0, announcedNodes: 0 });
    expect([...store.snapshot('graph').keys()]).toEqual([]);
  });

  it('removes a channel whose funding output was spent', async () => {
    const { graph } = await open(new MemoryStore());
    addChannel(graph, 1, alice, bob);
    addChannel(graph, 2, bob, carol);
    expect(graph.removeChannel(scid(1))).toBe(true);
    expect(graph.removeChannel(scid(1))).toBe(false);
    expect(graph.hasNode(alice.nodeId)).toBe(false);
    expect(graph.hasNode(bob.nodeId)).toBe(true);
    expect(graph.stats()).toMatchObject({ channels: 1, nodes: 2 });
  });

  it('skips unreadable records on open', async () => {
    const store = new MemoryStore();
    await store.commit([{ op: 'put', collection: 'graph', key: 'c/zz', value: 'garbage' }, { op: 'put', collection: 'graph', key: 'n/00', value: { alias: 1 } }]);
    const { graph } = await open(store);
    expect(graph.stats()).toMatchObject({ channels: 0, unreadableRecords: 2 });
  });
});
