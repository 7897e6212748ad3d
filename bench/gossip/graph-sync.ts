/**
 * One graph sync as the wallet does it: the engine's PeerManager (BOLT 8 over a WebSocket) connects
 * to a devnet node, GossipSync runs its range sync into a GraphStore over the crash-safe file store
 * (what the CLI and the Node host use), and we time it. A warm re-sync is the same over a store that
 * already holds the graph (GraphStore.open loads it; the filter starts at the last sync).
 *
 * Times, from the connect call: `syncedMs` until the range sync reports done (every channel the
 * peer listed was asked for and answered), `completeMs` until the graph holds everything expected,
 * `flushedMs` until it is persisted, `quietMs` until the peer stopped sending gossip (QUIET_MS of
 * nothing), and this process's CPU time to complete (the serving LDK node runs in it). Bytes: gossip messages as decrypted (GossipSync's counters) and the WebSocket payloads
 * both ways (BOLT 8 frames with their MACs, handshake and init included) up to the quiet point.
 */
import WebSocket from 'ws';
import { GossipSync, type GossipPeerProgress } from '../../src/engine/gossip/gossip-sync.ts';
import { GraphStore } from '../../src/engine/gossip/graph-store.ts';
import { PeerManager } from '../../src/engine/peer/manager.ts';
import type { Store } from '../../src/engine/storage/store.ts';
import type { WebSocketLike } from '../../src/engine/transport/index.ts';

const QUIET_MS = 1000;

export interface SyncExpectation {
  /** Channels (scids as 64-bit integers) that must be in the graph, each with this many directions updated in all. */
  scids: readonly bigint[];
  updates: number;
  /** Node ids that must have their node_announcement. */
  announcedNodes: readonly string[];
}

export interface SyncResult {
  loadMs: number;
  syncedMs: number;
  completeMs: number;
  flushedMs: number;
  quietMs: number;
  /** This process's CPU time from connect to complete: the serving LDK node runs in it too. */
  cpuMs: number;
  progress: GossipPeerProgress;
  wireBytesIn: number;
  wireBytesOut: number;
  channels: number;
  nodes: number;
  announcedNodes: number;
  bytesStored: number;
  storeCommits: number;
  /** Graph content checked against the expectation (a broken sync fails the bench instead). */
  checked: { channels: number; updates: number; announcedNodes: number };
}

export async function syncGraph(options: { store: Store; nodeSecret: Uint8Array; peer: { nodeId: string; wsUrl: string }; expect: SyncExpectation; timeoutMs: number }): Promise<SyncResult> {
  const loadStarted = performance.now();
  const graph = await GraphStore.open(options.store);
  const loadMs = performance.now() - loadStarted;
  const wire = { in: 0, out: 0, lastGossipAt: 0 };
  const createSocket = (url: string): WebSocketLike => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('message', (data: ArrayBuffer | Buffer) => void (wire.in += data.byteLength));
    const send = socket.send.bind(socket);
    socket.send = ((data: Uint8Array, ...rest: never[]) => {
      wire.out += data.length;
      return send(data, ...rest);
    }) as typeof socket.send;
    return socket as unknown as WebSocketLike;
  };
  const manager = new PeerManager({ nodeSecret: options.nodeSecret, network: 'regtest', createSocket });
  const sync = new GossipSync({ graph, network: 'regtest' });
  const detach = sync.attach(manager);
  manager.on('message', (_nodeId, _message, bytes) => {
    const type = (bytes[0]! << 8) | bytes[1]!;
    if (type >= 256 && type <= 265) wire.lastGossipAt = performance.now();
  });
  const deadline = Date.now() + options.timeoutMs;
  const until = async (what: string, done: () => boolean) => {
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`graph sync from ${options.peer.nodeId.slice(0, 16)}…: timed out waiting for ${what}; progress ${JSON.stringify(sync.progress(options.peer.nodeId))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - started;
  };
  const complete = () => countExpected(graph, options.expect);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    manager.connect(`${options.peer.nodeId}@${options.peer.wsUrl}`);
    const syncedMs = await until('the range sync', () => {
      const phase = sync.progress(options.peer.nodeId)?.phase;
      if (phase === 'stalled' || phase === 'unsupported') throw new Error(`graph sync ${phase}`);
      return phase === 'synced';
    });
    const completeMs = await until('every expected channel, update and node', () => {
      const found = complete();
      return found.channels === options.expect.scids.length && found.updates === options.expect.updates && found.announcedNodes === options.expect.announcedNodes.length;
    });
    const cpu = process.cpuUsage(cpuStart);
    await graph.flush();
    const flushedMs = performance.now() - started;
    await until('the peer to stop sending gossip', () => performance.now() - Math.max(wire.lastGossipAt, started + completeMs) >= QUIET_MS);
    const quietMs = wire.lastGossipAt - started;
    await graph.flush();
    const stats = graph.stats();
    return {
      loadMs,
      syncedMs,
      completeMs,
      flushedMs,
      quietMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      progress: sync.progress(options.peer.nodeId)!,
      wireBytesIn: wire.in,
      wireBytesOut: wire.out,
      channels: stats.channels,
      nodes: stats.nodes,
      announcedNodes: stats.announcedNodes,
      bytesStored: stats.bytesStored,
      storeCommits: stats.commits,
      checked: complete(),
    };
  } finally {
    detach();
    await manager.close();
    await graph.close();
  }
}

function countExpected(graph: GraphStore, expect: SyncExpectation): SyncResult['checked'] {
  let channels = 0;
  let updates = 0;
  for (const scid of expect.scids) {
    const channel = graph.channel(scid);
    if (!channel) continue;
    channels++;
    updates += channel.updates.filter((u) => u !== null).length;
  }
  const announcedNodes = expect.announcedNodes.filter((id) => graph.node(id) !== undefined).length;
  return { channels, updates, announcedNodes };
}
