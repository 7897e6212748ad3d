/**
 * The public channel graph as the wallet knows it: channels (by short_channel_id) with their
 * announced node ids and each direction's latest channel_update, node announcements, and the
 * channel_updates our peers sent for our own unannounced channels ("private updates", which
 * invoices turn into route hints).
 *
 * Everything lives in memory and is persisted incrementally in the store's `graph` collection,
 * one record per channel, node and private update (see records.ts). A change only marks its
 * record dirty; dirty records are written in the background, batched into commits of at most
 * `commitBatch` writes, a little after the first change or at once when a batch is full. Callers
 * never wait for storage: reads are served from memory and `flush()` is there for shutdown and
 * tests. Losing the last unflushed changes in a crash only costs a little re-sync.
 *
 * The store checks nothing itself: callers (GossipSync) verify signatures before applying.
 */
import { scidFromBigInt, scidToBigInt, type ShortChannelId } from '../../protocol/codec/codec.ts';
import { systemTimers, type TimerHandle, type Timers } from '../peer/timers.ts';
import { del, put, type Store, type StoreValue, type Write } from '../storage/store.ts';
import {
  approximateSize,
  CHANNEL_PREFIX,
  channelKey,
  channelRecord,
  NODE_PREFIX,
  nodeKey,
  nodeRecord,
  parseChannelRecord,
  parseNodeRecord,
  parsePrivateRecord,
  PRIVATE_PREFIX,
  privateKey,
  privateRecord,
  sameDirection,
  SYNC_KEY,
  type ChannelDirection,
  type GraphChannel,
  type GraphNode,
  type PrivateUpdate,
} from './records.ts';

/** BOLT 7: a channel whose latest update in either direction is older than this may be pruned. */
export const STALE_AFTER_SEC = 1_209_600;

export interface GraphStoreOptions {
  /** Unix seconds; the system clock by default. */
  nowSec?: () => number;
  timers?: Timers;
  /** Dirty records are written this long after the first change (default 250 ms). */
  flushDelayMs?: number;
  /** At most this many writes per commit (default 500); a backlog of this many is written at once. */
  commitBatch?: number;
  /** After a failed commit, the next attempt waits this long (default 5 s). */
  retryDelayMs?: number;
  /** Age after which a channel update counts as stale (default two weeks, BOLT 7). */
  staleAfterSec?: number;
  /** Most private updates kept; the oldest received is dropped beyond (default 1000). */
  maxPrivateUpdates?: number;
}

export type ApplyResult = 'applied' | 'duplicate' | 'older' | 'unknown';

export interface GraphStats {
  channels: number;
  /** Nodes with at least one channel. */
  nodes: number;
  /** Nodes whose node_announcement we hold. */
  announcedNodes: number;
  privateUpdates: number;
  /** Unix seconds of the last completed sync, or null. */
  lastSync: number | null;
  /** Approximate bytes of the graph's records in the store (payload plus keys). */
  bytesStored: number;
  /** Records changed in memory and not yet committed. */
  pendingWrites: number;
  commits: number;
  recordsWritten: number;
  /** Records that could not be read back on open (skipped). */
  unreadableRecords: number;
  lastError: string | null;
}

export interface PruneResult {
  channels: number;
  nodes: number;
}

export class GraphStore {
  private readonly channelsById = new Map<bigint, GraphChannel>();
  private readonly nodesById = new Map<string, GraphNode>();
  private readonly privates = new Map<bigint, PrivateUpdate>();
  /** node id → its channels' ids: who is in the graph at all. */
  private readonly adjacency = new Map<string, Set<bigint>>();
  private lastSyncSec: number | null = null;
  private changes = 0;

  private readonly dirty = new Set<string>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private flushing: Promise<void> | undefined;
  private timer: TimerHandle | undefined;
  private closed = false;
  private commits = 0;
  private recordsWritten = 0;
  private unreadable = 0;
  private lastError: string | null = null;
  /** After a failed commit, no early flush before this time (timers clock). */
  private retryAt = -Infinity;

  private readonly nowSec: () => number;
  private readonly timers: Timers;
  private readonly flushDelayMs: number;
  private readonly commitBatch: number;
  private readonly retryDelayMs: number;
  readonly staleAfterSec: number;
  private readonly maxPrivateUpdates: number;

  private constructor(
    private readonly store: Store,
    options: GraphStoreOptions,
  ) {
    this.nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));
    this.timers = options.timers ?? systemTimers;
    this.flushDelayMs = options.flushDelayMs ?? 250;
    this.commitBatch = Math.max(1, options.commitBatch ?? 500);
    this.retryDelayMs = options.retryDelayMs ?? 5_000;
    this.staleAfterSec = options.staleAfterSec ?? STALE_AFTER_SEC;
    this.maxPrivateUpdates = options.maxPrivateUpdates ?? 1000;
  }

  /** Loads the graph from `store` (unreadable records are skipped and counted). */
  static async open(store: Store, options: GraphStoreOptions = {}): Promise<GraphStore> {
    const graph = new GraphStore(store, options);
    for (const { key, value } of await store.list('graph')) graph.load(key, value);
    return graph;
  }

  private load(key: string, value: StoreValue): void {
    try {
      if (key.startsWith(CHANNEL_PREFIX)) {
        const channel = parseChannelRecord(key, value);
        this.channelsById.set(channel.id, channel);
        this.link(channel);
      } else if (key.startsWith(NODE_PREFIX)) {
        const node = parseNodeRecord(key, value);
        this.nodesById.set(node.nodeId, node);
      } else if (key.startsWith(PRIVATE_PREFIX)) {
        const update = parsePrivateRecord(key, value);
        this.privates.set(update.id, update);
      } else if (key === SYNC_KEY) {
        const last = (value as { lastSync?: unknown } | null)?.lastSync;
        this.lastSyncSec = typeof last === 'number' ? last : null;
      } else {
        return;
      }
      this.sized(key, value);
    } catch {
      this.unreadable++;
    }
  }

  // ---- reads ----

  /** Changes since open: moves whenever anything in the graph changed (routing caches its index by it). */
  get version(): number {
    return this.changes;
  }

  get lastSync(): number | null {
    return this.lastSyncSec;
  }

  channel(scid: ShortChannelId | bigint): GraphChannel | undefined {
    return this.channelsById.get(idOf(scid));
  }

  hasChannel(scid: ShortChannelId | bigint): boolean {
    return this.channelsById.has(idOf(scid));
  }

  channels(): IterableIterator<GraphChannel> {
    return this.channelsById.values();
  }

  /** A node's announcement, if we hold one. */
  node(nodeId: string): GraphNode | undefined {
    return this.nodesById.get(nodeId.toLowerCase());
  }

  announcedNodes(): IterableIterator<GraphNode> {
    return this.nodesById.values();
  }

  /** Whether any channel of the graph has this node at one end. */
  hasNode(nodeId: string): boolean {
    return this.adjacency.has(nodeId.toLowerCase());
  }

  /** Every node with at least one channel, as hex ids. */
  nodeIds(): IterableIterator<string> {
    return this.adjacency.keys();
  }

  channelsOf(nodeId: string): GraphChannel[] {
    const ids = this.adjacency.get(nodeId.toLowerCase());
    return ids ? [...ids].map((id) => this.channelsById.get(id)!) : [];
  }

  privateUpdate(scid: ShortChannelId | bigint): PrivateUpdate | undefined {
    return this.privates.get(idOf(scid));
  }

  privateUpdates(): PrivateUpdate[] {
    return [...this.privates.values()];
  }

  /**
   * The most a payment can push through the channel: the on-chain capacity once known
   * (setCapacity), else the larger htlc_maximum_msat of its directions (BOLT 7 bounds it by the
   * capacity), else null.
   */
  capacityMsat(channel: GraphChannel): bigint | null {
    if (channel.capacitySat !== null) return channel.capacitySat * 1000n;
    const [a, b] = channel.updates;
    if (!a && !b) return null;
    const max = (a?.htlcMaximumMsat ?? 0n) > (b?.htlcMaximumMsat ?? 0n) ? a!.htlcMaximumMsat : b!.htlcMaximumMsat;
    return max;
  }

  /** Whether BOLT 7's staleness rule lets us prune: the older of its two directions (a missing one counts from when we saw the channel) is over two weeks old. */
  isStale(channel: GraphChannel, nowSec: number = this.nowSec()): boolean {
    const cutoff = nowSec - this.staleAfterSec;
    const age = (d: ChannelDirection | null) => (d ? d.timestamp : channel.seenAt);
    return Math.min(age(channel.updates[0]), age(channel.updates[1])) < cutoff;
  }

  stats(): GraphStats {
    return {
      channels: this.channelsById.size,
      nodes: this.adjacency.size,
      announcedNodes: this.nodesById.size,
      privateUpdates: this.privates.size,
      lastSync: this.lastSyncSec,
      bytesStored: this.bytes,
      pendingWrites: this.dirty.size,
      commits: this.commits,
      recordsWritten: this.recordsWritten,
      unreadableRecords: this.unreadable,
      lastError: this.lastError,
    };
  }

  // ---- changes (callers verified the signatures) ----

  /** Adds an announced channel; false if already known. */
  addChannel(input: { scid: ShortChannelId | bigint; node1: string; node2: string; features: Uint8Array; capacitySat?: bigint | null }): boolean {
    const id = idOf(input.scid);
    if (this.channelsById.has(id)) return false;
    const channel: GraphChannel = {
      id,
      scid: scidFromBigInt(id),
      node1: input.node1.toLowerCase(),
      node2: input.node2.toLowerCase(),
      features: input.features.slice(),
      capacitySat: input.capacitySat ?? null,
      seenAt: this.nowSec(),
      updates: [null, null],
    };
    this.channelsById.set(id, channel);
    this.link(channel);
    this.touch(channelKey(id));
    return true;
  }

  /** Takes a direction's channel_update if it is newer than the one held. */
  applyUpdate(scid: ShortChannelId | bigint, direction: 0 | 1, update: ChannelDirection): ApplyResult {
    const channel = this.channelsById.get(idOf(scid));
    if (!channel) return 'unknown';
    const current = channel.updates[direction];
    if (current && update.timestamp < current.timestamp) return 'older';
    if (current && update.timestamp === current.timestamp) return 'duplicate';
    channel.updates[direction] = { ...update };
    this.touch(channelKey(channel.id));
    return 'applied';
  }

  /** Takes a node_announcement for a node that has a channel, if newer than the one held. */
  applyNode(node: GraphNode): ApplyResult {
    const nodeId = node.nodeId.toLowerCase();
    if (!this.adjacency.has(nodeId)) return 'unknown';
    const current = this.nodesById.get(nodeId);
    if (current && node.timestamp < current.timestamp) return 'older';
    if (current && node.timestamp === current.timestamp) return 'duplicate';
    this.nodesById.set(nodeId, { ...node, nodeId });
    this.touch(nodeKey(nodeId));
    return 'applied';
  }

  /** Records the channel_update a peer sent for one of our unannounced channels, if newer. */
  setPrivateUpdate(input: { scid: ShortChannelId | bigint; nodeId: string; update: ChannelDirection }): ApplyResult {
    const id = idOf(input.scid);
    const current = this.privates.get(id);
    if (current && current.nodeId === input.nodeId.toLowerCase()) {
      if (input.update.timestamp < current.update.timestamp) return 'older';
      if (sameDirection(input.update, current.update)) return 'duplicate';
    }
    if (!current && this.privates.size >= this.maxPrivateUpdates) {
      let oldest: PrivateUpdate | undefined;
      for (const p of this.privates.values()) if (!oldest || p.receivedAt < oldest.receivedAt) oldest = p;
      if (oldest) this.removePrivateUpdate(oldest.id);
    }
    this.privates.set(id, { id, scid: scidFromBigInt(id), nodeId: input.nodeId.toLowerCase(), update: { ...input.update }, receivedAt: this.nowSec() });
    this.touch(privateKey(id));
    return 'applied';
  }

  removePrivateUpdate(scid: ShortChannelId | bigint): boolean {
    const id = idOf(scid);
    if (!this.privates.delete(id)) return false;
    this.touch(privateKey(id));
    return true;
  }

  /**
   * Sets a channel's capacity from its funding output. The hook for a chain lookup: the
   * announcement does not carry it, so until something (an Esplora lookup of the output at
   * the scid) calls this, `capacityMsat` falls back to htlc_maximum_msat.
   */
  setCapacity(scid: ShortChannelId | bigint, capacitySat: bigint): boolean {
    const channel = this.channelsById.get(idOf(scid));
    if (!channel || channel.capacitySat === capacitySat) return false;
    channel.capacitySat = capacitySat;
    this.touch(channelKey(channel.id));
    return true;
  }

  /** Channels whose capacity is not known yet, for a chain lookup to fill in (at most `limit`). */
  channelsWithoutCapacity(limit = Infinity): GraphChannel[] {
    const out: GraphChannel[] = [];
    for (const channel of this.channelsById.values()) {
      if (out.length >= limit) break;
      if (channel.capacitySat === null) out.push(channel);
    }
    return out;
  }

  /** Removes a channel (e.g. its funding output was spent), and the announcements of nodes left without channels. */
  removeChannel(scid: ShortChannelId | bigint): boolean {
    const id = idOf(scid);
    const channel = this.channelsById.get(id);
    if (!channel) return false;
    this.channelsById.delete(id);
    this.touch(channelKey(id));
    for (const nodeId of [channel.node1, channel.node2]) {
      const ids = this.adjacency.get(nodeId);
      ids?.delete(id);
      if (ids && ids.size === 0) {
        this.adjacency.delete(nodeId);
        if (this.nodesById.delete(nodeId)) this.touch(nodeKey(nodeId));
      }
    }
    return true;
  }

  /** Drops the channels BOLT 7 lets us prune as stale (see isStale), and nodes left without channels. */
  prune(nowSec: number = this.nowSec()): PruneResult {
    const nodesBefore = this.adjacency.size;
    const stale = [...this.channelsById.values()].filter((channel) => this.isStale(channel, nowSec));
    for (const channel of stale) this.removeChannel(channel.id);
    return { channels: stale.length, nodes: nodesBefore - this.adjacency.size };
  }

  /** Records that a sync completed at `nowSec`. */
  markSynced(nowSec: number = this.nowSec()): void {
    this.lastSyncSec = nowSec;
    this.touch(SYNC_KEY);
  }

  // ---- persistence ----

  /** Writes every change made so far; rejects if a commit fails (the changes stay pending). */
  async flush(): Promise<void> {
    while (this.dirty.size > 0 || this.flushing) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  /** Writes what is pending and stops writing; the Store itself stays open (its owner closes it). */
  async close(): Promise<void> {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private touch(key: string): void {
    this.changes++;
    this.dirty.add(key);
    this.schedule(false);
  }

  private schedule(retry: boolean): void {
    if (this.closed || this.flushing || this.dirty.size === 0) return;
    if (!retry && this.dirty.size >= this.commitBatch && this.timers.now() >= this.retryAt) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
      this.startFlush();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.flushing) this.startFlush();
    }, retry ? this.retryDelayMs : this.flushDelayMs);
  }

  private startFlush(): void {
    let failed = false;
    this.flushing = this.writeDirty()
      .catch((e: unknown) => {
        failed = true;
        this.retryAt = this.timers.now() + this.retryDelayMs;
        this.lastError = e instanceof Error ? e.message : String(e);
        throw e;
      })
      .finally(() => {
        this.flushing = undefined;
        this.schedule(failed);
      });
    // A background flush's failure is kept in lastError and retried; flush() callers see it.
    this.flushing.catch(() => undefined);
  }

  private async writeDirty(): Promise<void> {
    while (this.dirty.size > 0) {
      const keys: string[] = [];
      for (const key of this.dirty) {
        keys.push(key);
        if (keys.length >= this.commitBatch) break;
      }
      const writes: Write[] = [];
      const values = new Map<string, StoreValue | undefined>();
      for (const key of keys) {
        this.dirty.delete(key);
        const value = this.recordFor(key);
        values.set(key, value);
        writes.push(value === undefined ? del('graph', key) : put('graph', key, value));
      }
      try {
        await this.store.commit(writes);
      } catch (e) {
        for (const key of keys) this.dirty.add(key);
        throw e;
      }
      this.commits++;
      this.lastError = null;
      this.recordsWritten += writes.length;
      for (const [key, value] of values) {
        if (value === undefined) this.unsized(key);
        else this.sized(key, value);
      }
    }
  }

  private recordFor(key: string): StoreValue | undefined {
    if (key === SYNC_KEY) return { lastSync: this.lastSyncSec };
    if (key.startsWith(CHANNEL_PREFIX)) {
      const channel = this.channelsById.get(BigInt(`0x${key.slice(CHANNEL_PREFIX.length)}`));
      return channel && channelRecord(channel);
    }
    if (key.startsWith(PRIVATE_PREFIX)) {
      const update = this.privates.get(BigInt(`0x${key.slice(PRIVATE_PREFIX.length)}`));
      return update && privateRecord(update);
    }
    const node = this.nodesById.get(key.slice(NODE_PREFIX.length));
    return node && nodeRecord(node);
  }

  private sized(key: string, value: StoreValue): void {
    this.unsized(key);
    const size = key.length + approximateSize(value);
    this.sizes.set(key, size);
    this.bytes += size;
  }

  private unsized(key: string): void {
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }

  private link(channel: GraphChannel): void {
    for (const nodeId of [channel.node1, channel.node2]) {
      let ids = this.adjacency.get(nodeId);
      if (!ids) this.adjacency.set(nodeId, (ids = new Set()));
      ids.add(channel.id);
    }
  }
}

function idOf(scid: ShortChannelId | bigint): bigint {
  return typeof scid === 'bigint' ? scid : scidToBigInt(scid);
}
