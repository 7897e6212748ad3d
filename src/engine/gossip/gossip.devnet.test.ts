/** Graph sync from the devnet's LDK lsp over WebSocket: the public lsp–merchant channel and both node announcements. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNetwork } from '../../../devnet/ldk/network.ts';
import { temporaryDir, testChain, type TestChain } from '../../../devnet/ldk/test-support/devnet.ts';
import { waitUntil } from '../../../devnet/ldk/wait.ts';
import { scidToBigInt } from '../../protocol/codec/codec.ts';
import { wireRegistry, type WireMessage } from '../../protocol/wire.ts';
import { parseScid } from '../routing/fees.ts';
import { PeerManager } from '../peer/manager.ts';
import { createWsSocket, keyPair } from '../peer/test-support.ts';
import { GraphStore } from './graph-store.ts';
import { GossipSync } from './gossip-sync.ts';
import { MemoryStore } from './test-support.ts';

const scidValue = (text: string): bigint => scidToBigInt(parseScid(text));

describe('gossip sync from LDK', () => {
  const dir = temporaryDir('gossip');
  let chain: TestChain;
  let network: DevnetNetwork;
  // The engine's storage in memory (engine tests do not import the Node file store).
  const store = new MemoryStore();
  let scid: bigint;
  const key = keyPair();

  beforeAll(async () => {
    chain = testChain();
    network = await DevnetNetwork.start({ chain: chain.chain, dataDir: dir.path, fund: chain.fund, logLevel: 'error' });
    const { lsp, merchant } = network;
    const channel = (await lsp.channels()).find((c) => c.isPublic && c.counterparty === merchant.nodeId);
    scid = scidValue(channel!.scid!);
    // Wait until the lsp's graph is settled (both node announcements and both directions' updates), so
    // what it answers does not depend on how fast the merchant's gossip reached it on a loaded machine.
    await waitUntil(
      async () => {
        const summary = await lsp.graph();
        const updates = summary.channels.find((c) => scidValue(c.scid) === scid)?.updates;
        return summary.nodes.filter((n) => n.alias !== null).length === 2 && updates?.every(Boolean) === true;
      },
      60_000,
      'both aliases and both channel updates in the lsp graph',
    );
  }, 120_000);

  afterAll(async () => {
    await network?.stop();
    chain?.chain.close();
    dir.remove();
  });

  it('syncs the lsp–merchant channel and both node announcements, and reports time and bytes', async () => {
    const { lsp, merchant } = network;
    const graph = await GraphStore.open(store);
    const manager = new PeerManager({ nodeSecret: key.secret, network: 'regtest', createSocket: createWsSocket });
    const sync = new GossipSync({ graph, network: 'regtest' });
    const detach = sync.attach(manager);
    const types: string[] = [];
    manager.on('message', (_n, m) => void types.push(m.type));
    try {
      const started = performance.now();
      manager.connect(`${lsp.nodeId}@${lsp.wsUrl}`);
      await waitUntil(() => sync.progress(lsp.nodeId)?.phase === 'synced', 20_000, 'the range sync');
      const syncedMs = performance.now() - started;
      await waitUntil(() => graph.stats().announcedNodes === 2 && graph.channel(scid)?.updates.every(Boolean) === true, 15_000, 'both updates and node announcements');
      const completeMs = performance.now() - started;
      // Let whatever LDK streams after our filter arrive, then count it all.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await graph.flush();

      const channel = graph.channel(scid)!;
      expect(new Set([channel.node1, channel.node2])).toEqual(new Set([lsp.nodeId, merchant.nodeId]));
      expect(channel.updates.every((u) => u !== null && !u.disabled)).toBe(true);
      expect(graph.capacityMsat(channel)).toBeLessThanOrEqual(5_000_000_000n);
      expect(graph.node(lsp.nodeId)?.alias).toBe('lsp');
      expect(graph.node(merchant.nodeId)?.alias).toBe('merchant');
      expect(graph.prune()).toEqual({ channels: 0, nodes: 0 });

      const progress = sync.progress(lsp.nodeId)!;
      expect(progress).toMatchObject({ scidsListed: 1, scidsQueried: 1, queries: 1, queriesAnswered: 1, channelsAdded: 1, invalidSignatures: 0, malformed: 0, fullInformation: true });
      const stats = graph.stats();
      expect(stats).toMatchObject({ channels: 1, nodes: 2, announcedNodes: 2, pendingWrites: 0 });
      expect(stats.lastSync).not.toBeNull();
      console.log(
        `gossip sync from LDK: synced in ${syncedMs.toFixed(0)} ms (all gossip in ${completeMs.toFixed(0)} ms); ` +
          `received ${progress.messagesReceived} gossip messages / ${progress.bytesReceived} bytes, sent ${progress.messagesSent} / ${progress.bytesSent} bytes; ` +
          `range replies ${progress.rangeReplies} (timestamps: ${progress.timestamps}); applied ${progress.channelsAdded} channels, ${progress.updatesApplied} updates, ` +
          `${progress.nodesApplied} nodes, ignored ${progress.ignored}; stored ~${stats.bytesStored} bytes in ${stats.recordsWritten} record writes / ${stats.commits} commits`,
      );

      // LDK (0.1, as built for the bindings) answers any gossip_timestamp_filter with its whole graph, even from "now".
      console.log(`messages from the lsp, in order: ${types.join(' ')}`);
      // A fresh GraphStore over the same store has it all.
      const reloaded = await GraphStore.open(store);
      expect([...reloaded.channels()]).toEqual([...graph.channels()]);
      expect(reloaded.stats()).toMatchObject({ channels: 1, nodes: 2, announcedNodes: 2, lastSync: stats.lastSync });
    } finally {
      detach();
      await manager.close();
      await graph.close();
    }
  });

  it('re-syncing over the stored graph sends the filter from the last sync and asks for no channel again', async () => {
    const { lsp } = network;
    const graph = await GraphStore.open(store);
    const lastSync = graph.lastSync;
    expect(lastSync).not.toBeNull();
    const manager = new PeerManager({ nodeSecret: key.secret, network: 'regtest', createSocket: createWsSocket });
    const sent: WireMessage[] = [];
    const sync = new GossipSync({
      graph,
      network: 'regtest',
      send: (nodeId, bytes) => {
        sent.push(wireRegistry.decode(bytes));
        manager.send(nodeId, bytes);
      },
    });
    const detach = sync.attach(manager);
    try {
      manager.connect(`${lsp.nodeId}@${lsp.wsUrl}`);
      await waitUntil(() => sync.progress(lsp.nodeId)?.phase === 'synced', 20_000, 'the range sync');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const progress = sync.progress(lsp.nodeId)!;
      // Without timestamps in LDK's range replies, known channels are not asked for again.
      expect(progress).toMatchObject({ scidsListed: 1, scidsQueried: 0, queries: 0, channelsAdded: 0 });
      expect(sent.map((m) => m.type)).toEqual(['gossip_timestamp_filter', 'query_channel_range']);
      expect(sent[0]).toMatchObject({ first_timestamp: lastSync });
      expect(graph.lastSync).toBeGreaterThanOrEqual(lastSync!);
      console.log(`gossip re-sync from LDK: received ${progress.messagesReceived} messages / ${progress.bytesReceived} bytes, sent ${progress.bytesSent} bytes`);
    } finally {
      detach();
      await manager.close();
      await graph.close();
    }
  });
});
