/**
 * Learns the public graph from connected peers with BOLT 7 gossip queries, into a GraphStore.
 *
 * On each connection: a `gossip_timestamp_filter` from our last sync (or now, the first time), so
 * the peer only streams new gossip live. Then, with one peer at a time that offers
 * `gossip_queries`, a range sync: `query_channel_range` over the whole chain (asking for update
 * timestamps), then `query_short_channel_ids` for the channels we lack or hold stale updates of,
 * in batches, one query in flight, each ended by `reply_short_channel_ids_end`.
 *
 * Every announcement and update is verified before it is kept; invalid ones are dropped and
 * counted. A channel_update for a channel we do not know is either one of our own unannounced
 * channels (signed by the peer that sent it: kept as a "private update" for route hints) or
 * gossip whose announcement is still to come (held briefly, then dropped).
 *
 * Nothing here ever blocks the connection: `handleMessage` is synchronous, all work happens as
 * messages arrive, storage is written in the background by the GraphStore, and callers (the
 * payment layer included) never need to wait for a sync. Messages a sync does not expect are
 * ignored, never answered with an error or a disconnect.
 */
import { writeBigSize } from '../../protocol/codec/bigsize.ts';
import { equal, fromHex, hex } from '../../protocol/codec/bytes.ts';
import { scidFromBigInt, scidToBigInt, type ShortChannelId } from '../../protocol/codec/codec.ts';
import { Writer } from '../../protocol/codec/writer.ts';
import type { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import {
  gossipTimestampFilter,
  MESSAGE_FLAG_DONT_FORWARD,
  QUERY_OPTION_WANT_TIMESTAMPS,
  queryChannelRange,
  queryShortChannelIds,
  replyChannelRange,
  replyShortChannelIdsEnd,
  type ChannelAnnouncement,
  type ChannelUpdate,
  type NodeAnnouncement,
  type QueryChannelRange,
  type QueryShortChannelIds,
  type ReplyChannelRange,
  type ReplyShortChannelIdsEnd,
} from '../../protocol/bolt7/messages.ts';
import { decodeShortChannelIds, encodeShortChannelIds } from '../../protocol/bolt7/short-ids.ts';
import { verifyChannelAnnouncement, verifyChannelUpdate, verifyNodeAnnouncement } from '../../protocol/bolt7/signatures.ts';
import type { PeerManager } from '../peer/manager.ts';
import type { PeerMessage } from '../peer/session.ts';
import { systemTimers, type TimerHandle, type Timers } from '../peer/timers.ts';
import type { GraphStore } from './graph-store.ts';
import { aliasText, directionFields, directionOf } from './records.ts';

/** query_short_channel_ids `query_flags` bits (BOLT 7). */
export const QUERY_FLAG_ANNOUNCEMENT = 1;
export const QUERY_FLAG_UPDATE_1 = 2;
export const QUERY_FLAG_UPDATE_2 = 4;
export const QUERY_FLAG_NODE_1 = 8;
export const QUERY_FLAG_NODE_2 = 16;
const QUERY_FLAGS_ALL = 31;

/** The largest block range: query_channel_range over the whole chain. */
const ALL_BLOCKS = 0xffffffff;

export interface GossipSyncOptions {
  graph: GraphStore;
  network: NetworkName;
  /** Sends an encoded message to a peer (PeerManager.send); `attach` supplies it if left out. Throwing means the peer is gone. */
  send?: (nodeId: string, message: Uint8Array) => void;
  timers?: Timers;
  /** Unix seconds; the system clock by default. */
  nowSec?: () => number;
  /** short_channel_ids per query_short_channel_ids (default 1000). */
  queryBatch?: number;
  /** A query with no answer for this long (no reply of any kind from the peer) stalls the sync (default 60 s). */
  replyTimeoutMs?: number;
  /** How long a channel_update for an unknown channel waits for its announcement (default 30 s). */
  pendingUpdateTtlMs?: number;
  /** Most such updates held at once (default 1000; the oldest are dropped). */
  maxPendingUpdates?: number;
  /** Gossip timestamped further ahead than this is dropped (default one day). */
  maxFutureSec?: number;
  /**
   * Whether an unannounced channel is ours, for a channel_update the peer signed for it. Without
   * it, any update the sending peer signed for a channel the graph lacks is taken as ours.
   */
  isOwnChannel?: (scid: ShortChannelId, peerNodeId: string) => boolean;
  /** Answer peers' queries with "nothing to share": a wallet relays no gossip (default true). */
  answerQueries?: boolean;
  /** Called whenever a peer's sync changes phase. */
  onProgress?: (progress: GossipPeerProgress) => void;
}

/**
 * unsupported: the peer does not offer gossip_queries (no queries, no gossip asked for);
 * live: filter sent, no range sync with this peer; ranges / queries: a range sync in progress;
 * synced: it completed; stalled: the peer stopped answering; closed: disconnected.
 */
export type GossipPhase = 'unsupported' | 'live' | 'ranges' | 'queries' | 'synced' | 'stalled' | 'closed';

export interface GossipCounters {
  /** Gossip messages (types 256–265) received, and their bytes. */
  messagesReceived: number;
  bytesReceived: number;
  /** Gossip queries and filters sent, and their bytes. */
  messagesSent: number;
  bytesSent: number;
  channelsAdded: number;
  updatesApplied: number;
  nodesApplied: number;
  privateUpdates: number;
  /** Messages dropped for a bad signature. */
  invalidSignatures: number;
  /** Messages that decoded but could not be used (bad encoding of ids, wrong chain, …). */
  malformed: number;
  /** Duplicates, older updates, unknown nodes, unsolicited replies: nothing to do. */
  ignored: number;
  /** channel_updates that waited for an announcement that never came. */
  orphanUpdates: number;
}

export interface GossipPeerProgress extends GossipCounters {
  nodeId: string;
  phase: GossipPhase;
  /** Timers clock (ms) when the range sync started and ended. */
  startedAt: number | null;
  finishedAt: number | null;
  rangeReplies: number;
  /** short_channel_ids the peer listed in its range replies. */
  scidsListed: number;
  /** Whether its range replies carried update timestamps. */
  timestamps: boolean;
  /** short_channel_ids asked for so far, and still to ask. */
  scidsQueried: number;
  scidsToQuery: number;
  queries: number;
  queriesAnswered: number;
  /** false once a reply_short_channel_ids_end said full_information = 0. */
  fullInformation: boolean;
  /** Stale channels pruned when the sync completed. */
  prunedChannels: number;
}

export interface GossipSyncStatus {
  /** Unix seconds of the last completed range sync (persisted), or null. */
  lastSync: number | null;
  syncing: string | null;
  peers: GossipPeerProgress[];
  totals: GossipCounters;
  pendingUpdates: number;
}

interface PeerState {
  progress: GossipPeerProgress;
  pubkey: Uint8Array;
  supportsQueries: boolean;
  /** Whether to send query_flags (peer offers gossip_queries_ex, or sent timestamps). */
  useQueryFlags: boolean;
  /** The end block of the range query (first + number). */
  rangeEnd: number;
  /** Ids still to ask for, with their query flags; insertion order is roughly ascending. */
  queue: Map<bigint, number>;
  inFlight: number | undefined;
  timer: TimerHandle | undefined;
}

interface PendingUpdates {
  at: number;
  updates: ChannelUpdate[];
}

const emptyCounters = (): GossipCounters => ({
  messagesReceived: 0,
  bytesReceived: 0,
  messagesSent: 0,
  bytesSent: 0,
  channelsAdded: 0,
  updatesApplied: 0,
  nodesApplied: 0,
  privateUpdates: 0,
  invalidSignatures: 0,
  malformed: 0,
  ignored: 0,
  orphanUpdates: 0,
});

export class GossipSync {
  private readonly graph: GraphStore;
  private readonly chainHash: Uint8Array;
  private send: ((nodeId: string, message: Uint8Array) => void) | undefined;
  private readonly timers: Timers;
  private readonly nowSec: () => number;
  private readonly queryBatch: number;
  private readonly replyTimeoutMs: number;
  private readonly pendingTtlMs: number;
  private readonly maxPending: number;
  private readonly maxFutureSec: number;
  private readonly isOwnChannel: ((scid: ShortChannelId, peerNodeId: string) => boolean) | undefined;
  private readonly answerQueries: boolean;
  private readonly onProgress: ((progress: GossipPeerProgress) => void) | undefined;

  private readonly peers = new Map<string, PeerState>();
  /** The last progress of peers that disconnected, for status(). */
  private readonly finished = new Map<string, GossipPeerProgress>();
  private readonly pending = new Map<bigint, PendingUpdates>();
  private pendingCount = 0;
  private readonly totals = emptyCounters();
  /** The peer a range sync runs with, if any. */
  private syncing: string | undefined;
  /** A range sync completed since this object was made: other peers only get the filter. */
  private syncedOnce = false;

  constructor(options: GossipSyncOptions) {
    this.graph = options.graph;
    this.chainHash = NETWORKS[options.network].chainHash;
    this.send = options.send;
    this.timers = options.timers ?? systemTimers;
    this.nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));
    this.queryBatch = Math.min(8000, Math.max(1, options.queryBatch ?? 1000));
    this.replyTimeoutMs = options.replyTimeoutMs ?? 60_000;
    this.pendingTtlMs = options.pendingUpdateTtlMs ?? 30_000;
    this.maxPending = options.maxPendingUpdates ?? 1000;
    this.maxFutureSec = options.maxFutureSec ?? 86_400;
    this.isOwnChannel = options.isOwnChannel;
    this.answerQueries = options.answerQueries ?? true;
    this.onProgress = options.onProgress;
  }

  /**
   * Follows a PeerManager: syncs with peers as they connect (and those already connected), and
   * takes their gossip. Returns the function that stops following.
   */
  attach(peers: PeerManager): () => void {
    this.send ??= (nodeId, message) => peers.send(nodeId, message);
    const off = [
      peers.on('connected', (nodeId, session) => this.peerConnected(nodeId, session.remoteFeatures)),
      peers.on('disconnected', (nodeId) => this.peerDisconnected(nodeId)),
      peers.on('message', (nodeId, message, bytes) => this.handleMessage(nodeId, message, bytes)),
    ];
    for (const status of peers.peers()) {
      const session = peers.session(status.nodeId);
      if (session && !this.peers.has(status.nodeId)) this.peerConnected(status.nodeId, session.remoteFeatures);
    }
    return () => off.forEach((unsubscribe) => unsubscribe());
  }

  get lastSync(): number | null {
    return this.graph.lastSync;
  }

  /** The sync with one peer, or undefined if it never connected. */
  progress(nodeId: string): GossipPeerProgress | undefined {
    const id = nodeId.toLowerCase();
    const state = this.peers.get(id);
    return state ? this.snapshot(state) : this.finished.get(id);
  }

  status(): GossipSyncStatus {
    this.expirePending();
    const peers = [...this.peers.values()].map((state) => this.snapshot(state));
    for (const [nodeId, progress] of this.finished) if (!this.peers.has(nodeId)) peers.push(progress);
    return { lastSync: this.graph.lastSync, syncing: this.syncing ?? null, peers, totals: { ...this.totals }, pendingUpdates: this.pendingCount };
  }

  // ---- connection events ----

  peerConnected(nodeId: string, remoteFeatures: FeatureVector): void {
    const id = nodeId.toLowerCase();
    this.peerDisconnected(id);
    const supportsQueries = remoteFeatures.supports('gossip_queries');
    const state: PeerState = {
      progress: { nodeId: id, phase: supportsQueries ? 'live' : 'unsupported', ...newSyncProgress(), ...emptyCounters() },
      pubkey: fromHex(id),
      supportsQueries,
      useQueryFlags: remoteFeatures.supports('gossip_queries_ex'),
      rangeEnd: 0,
      queue: new Map(),
      inFlight: undefined,
      timer: undefined,
    };
    this.peers.set(id, state);
    this.finished.delete(id);
    // BOLT 7: to a peer without gossip_queries, a filter that asks for nothing.
    const first = supportsQueries ? (this.graph.lastSync ?? this.nowSec()) : 0xffffffff;
    const range = supportsQueries ? 0xffffffff : 0;
    if (!this.transmit(state, gossipTimestampFilter.encode({ chain_hash: this.chainHash, first_timestamp: first, timestamp_range: range }))) return;
    if (supportsQueries && this.syncing === undefined && !this.syncedOnce) this.startRangeSync(state);
    else this.changed(state);
  }

  peerDisconnected(nodeId: string): void {
    const id = nodeId.toLowerCase();
    const state = this.peers.get(id);
    if (!state) return;
    this.timers.clearTimeout(state.timer);
    this.peers.delete(id);
    state.progress.phase = 'closed';
    this.finished.set(id, this.snapshot(state));
    this.changed(state);
    if (this.syncing === id) {
      this.syncing = undefined;
      this.startWithAnotherPeer();
    }
  }

  /**
   * Starts a range sync now: with `nodeId`, or any connected peer that offers gossip_queries.
   * Returns false if there is none or a sync is already running.
   */
  resync(nodeId?: string): boolean {
    if (this.syncing !== undefined) return false;
    const state = nodeId ? this.peers.get(nodeId.toLowerCase()) : [...this.peers.values()].find((s) => s.supportsQueries);
    if (!state?.supportsQueries) return false;
    this.startRangeSync(state);
    return true;
  }

  // ---- messages ----

  /** Takes one message from a peer. Synchronous and never throws: it cannot hold up or drop the connection. */
  handleMessage(nodeId: string, message: PeerMessage, bytes?: Uint8Array): void {
    const id = nodeId.toLowerCase();
    const state = this.peers.get(id);
    if (!isGossip(message)) return;
    this.count(state, 'messagesReceived');
    this.count(state, 'bytesReceived', bytes?.length ?? 0);
    try {
      switch (message.type) {
        case 'channel_announcement':
          return this.onChannelAnnouncement(state, message);
        case 'channel_update':
          return this.onChannelUpdate(id, state, message);
        case 'node_announcement':
          return this.onNodeAnnouncement(state, message);
        case 'reply_channel_range':
          return this.onReplyChannelRange(state, message);
        case 'reply_short_channel_ids_end':
          return this.onReplyEnd(state, message);
        case 'query_channel_range':
          return this.onQueryChannelRange(state, message);
        case 'query_short_channel_ids':
          return this.onQueryShortChannelIds(state, message);
        case 'gossip_timestamp_filter':
          // We relay nothing, so the peer's filter changes nothing for us.
          return;
      }
    } catch {
      // A bug here must not cost the connection; count it and carry on.
      this.count(state, 'malformed');
    }
  }

  private onChannelAnnouncement(state: PeerState | undefined, msg: ChannelAnnouncement): void {
    if (!equal(msg.chain_hash, this.chainHash)) return this.count(state, 'malformed');
    const id = scidToBigInt(msg.short_channel_id);
    this.touchQuery(state);
    if (this.graph.hasChannel(id)) return this.count(state, 'ignored');
    if (!verifyChannelAnnouncement(msg)) return this.count(state, 'invalidSignatures');
    this.graph.addChannel({ scid: id, node1: hex(msg.node_id_1), node2: hex(msg.node_id_2), features: msg.features });
    this.count(state, 'channelsAdded');
    for (const peer of this.peers.values()) peer.queue.delete(id);
    const waiting = this.pending.get(id);
    if (waiting) {
      this.pending.delete(id);
      this.pendingCount -= waiting.updates.length;
      for (const update of waiting.updates) this.applyUpdate(state, id, update);
    }
  }

  private onChannelUpdate(peerId: string, state: PeerState | undefined, msg: ChannelUpdate): void {
    if (!equal(msg.chain_hash, this.chainHash)) return this.count(state, 'malformed');
    this.touchQuery(state);
    const id = scidToBigInt(msg.short_channel_id);
    if (this.graph.hasChannel(id)) return this.applyUpdate(state, id, msg);
    if (msg.timestamp > this.nowSec() + this.maxFutureSec) return this.count(state, 'ignored');

    // Unannounced: one of our own channels, signed by the peer at its other end?
    const own = this.isOwnChannel ? this.isOwnChannel(msg.short_channel_id, peerId) : true;
    if (own && verifyChannelUpdate(msg, state?.pubkey ?? fromHex(peerId))) {
      const result = this.graph.setPrivateUpdate({ scid: id, nodeId: peerId, update: directionFields(msg) });
      this.count(state, result === 'applied' ? 'privateUpdates' : 'ignored');
      // It may still be a public channel whose announcement is on its way.
      if (!(msg.message_flags & MESSAGE_FLAG_DONT_FORWARD)) this.holdUpdate(id, msg);
      return;
    }
    // Gossip whose announcement has not arrived (yet): hold it, and ask for the announcement.
    this.holdUpdate(id, msg);
    if (state?.supportsQueries && !state.queue.has(id)) {
      state.queue.set(id, QUERY_FLAGS_ALL);
      this.pump(state);
    }
  }

  private applyUpdate(state: PeerState | undefined, id: bigint, msg: ChannelUpdate): void {
    const channel = this.graph.channel(id);
    if (!channel) return this.count(state, 'ignored');
    const direction = directionOf(msg);
    const current = channel.updates[direction];
    if (current && msg.timestamp <= current.timestamp) return this.count(state, 'ignored');
    if (msg.timestamp > this.nowSec() + this.maxFutureSec) return this.count(state, 'ignored');
    const signer = fromHex(direction === 0 ? channel.node1 : channel.node2);
    if (!verifyChannelUpdate(msg, signer)) return this.count(state, 'invalidSignatures');
    this.graph.applyUpdate(id, direction, directionFields(msg));
    this.count(state, 'updatesApplied');
  }

  private onNodeAnnouncement(state: PeerState | undefined, msg: NodeAnnouncement): void {
    this.touchQuery(state);
    const nodeId = hex(msg.node_id);
    // BOLT 7: ignore a node_announcement for a node no channel_announcement told us of.
    if (!this.graph.hasNode(nodeId)) return this.count(state, 'ignored');
    const current = this.graph.node(nodeId);
    if (current && msg.timestamp <= current.timestamp) return this.count(state, 'ignored');
    if (msg.timestamp > this.nowSec() + this.maxFutureSec) return this.count(state, 'ignored');
    if (!verifyNodeAnnouncement(msg)) return this.count(state, 'invalidSignatures');
    this.graph.applyNode({ nodeId, features: msg.features, timestamp: msg.timestamp, alias: aliasText(msg.alias), rgbColor: msg.rgb_color, addresses: msg.addresses });
    this.count(state, 'nodesApplied');
  }

  private onReplyChannelRange(state: PeerState | undefined, msg: ReplyChannelRange): void {
    if (!state || state.progress.phase !== 'ranges') return this.count(state, 'ignored');
    if (!equal(msg.chain_hash, this.chainHash)) return this.count(state, 'malformed');
    this.arm(state);
    state.progress.rangeReplies++;
    let scids: ShortChannelId[];
    try {
      scids = decodeShortChannelIds(msg.encoded_short_ids);
    } catch {
      scids = [];
      this.count(state, 'malformed');
    }
    const timestamps = decodeTimestamps(msg, scids.length);
    if (timestamps) {
      state.progress.timestamps = true;
      state.useQueryFlags = true;
    }
    state.progress.scidsListed += scids.length;
    scids.forEach((scid, i) => {
      const id = scidToBigInt(scid);
      const flags = this.wanted(id, timestamps?.[i]);
      if (flags !== 0) state.queue.set(id, (state.queue.get(id) ?? 0) | flags);
    });
    if (msg.first_blocknum + msg.number_of_blocks >= state.rangeEnd) {
      state.progress.phase = 'queries';
      this.changed(state);
    }
    this.pump(state);
  }

  /** Which parts of a listed channel to ask for: all of an unknown one, the directions with newer updates of a known one. */
  private wanted(id: bigint, remote: [number, number] | undefined): number {
    const channel = this.graph.channel(id);
    if (!channel) return QUERY_FLAGS_ALL;
    if (!remote) return 0;
    let flags = 0;
    if (remote[0] > (channel.updates[0]?.timestamp ?? 0)) flags |= QUERY_FLAG_UPDATE_1;
    if (remote[1] > (channel.updates[1]?.timestamp ?? 0)) flags |= QUERY_FLAG_UPDATE_2;
    return flags;
  }

  private onReplyEnd(state: PeerState | undefined, msg: ReplyShortChannelIdsEnd): void {
    if (!state || state.inFlight === undefined) return this.count(state, 'ignored');
    state.inFlight = undefined;
    state.progress.queriesAnswered++;
    if (!equal(msg.chain_hash, this.chainHash) || msg.full_information === 0) state.progress.fullInformation = false;
    this.pump(state);
    this.rearm(state);
  }

  private onQueryChannelRange(state: PeerState | undefined, msg: QueryChannelRange): void {
    if (!state || !this.answerQueries) return;
    // We share no graph: one reply covering the range, with no channels.
    this.transmit(
      state,
      replyChannelRange.encode({
        chain_hash: msg.chain_hash,
        first_blocknum: msg.first_blocknum,
        number_of_blocks: msg.number_of_blocks,
        sync_complete: 1,
        encoded_short_ids: encodeShortChannelIds([]),
      }),
    );
  }

  private onQueryShortChannelIds(state: PeerState | undefined, msg: QueryShortChannelIds): void {
    if (!state || !this.answerQueries) return;
    this.transmit(state, replyShortChannelIdsEnd.encode({ chain_hash: msg.chain_hash, full_information: 0 }));
  }

  // ---- the range sync ----

  private startRangeSync(state: PeerState): void {
    this.syncing = state.progress.nodeId;
    Object.assign(state.progress, newSyncProgress(), { phase: 'ranges', startedAt: this.timers.now() });
    state.rangeEnd = ALL_BLOCKS;
    state.queue.clear();
    state.inFlight = undefined;
    const query = queryChannelRange.encode({
      chain_hash: this.chainHash,
      first_blocknum: 0,
      number_of_blocks: ALL_BLOCKS,
      // An odd TLV: peers that do not know it ignore it.
      tlvs: { query_option: QUERY_OPTION_WANT_TIMESTAMPS },
    });
    if (!this.transmit(state, query)) return;
    this.arm(state);
    this.changed(state);
  }

  /** Sends the next query_short_channel_ids if none is in flight; finishes the sync when nothing is left. */
  private pump(state: PeerState): void {
    if (state.inFlight !== undefined || !state.supportsQueries) return;
    const phase = state.progress.phase;
    if (phase === 'stalled' || phase === 'closed') return;
    if (state.queue.size === 0) {
      if (phase === 'queries') this.finish(state);
      return;
    }
    // While range replies still stream in, wait for a full batch.
    if (phase === 'ranges' && state.queue.size < this.queryBatch) return;

    const batch: [bigint, number][] = [];
    for (const entry of state.queue) {
      batch.push(entry);
      if (batch.length >= this.queryBatch) break;
    }
    for (const [id] of batch) state.queue.delete(id);
    batch.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

    const tlvs: QueryShortChannelIds['tlvs'] = {};
    if (state.useQueryFlags) {
      const w = new Writer(batch.length);
      for (const [, flags] of batch) writeBigSize(w, flags);
      tlvs.query_flags = { encoding_type: 0, encoded_query_flags: w.finish() };
    }
    const query = queryShortChannelIds.encode({
      chain_hash: this.chainHash,
      encoded_short_ids: encodeShortChannelIds(batch.map(([id]) => scidFromBigInt(id))),
      tlvs,
    });
    if (!this.transmit(state, query)) return;
    state.inFlight = batch.length;
    state.progress.queries++;
    state.progress.scidsQueried += batch.length;
    this.arm(state);
  }

  private finish(state: PeerState): void {
    this.timers.clearTimeout(state.timer);
    state.timer = undefined;
    if (this.syncing !== state.progress.nodeId) return;
    this.syncing = undefined;
    this.syncedOnce = true;
    state.progress.phase = 'synced';
    state.progress.finishedAt = this.timers.now();
    const now = this.nowSec();
    this.graph.markSynced(now);
    // What the peer did not refresh and has gone stale (BOLT 7's two weeks) goes now.
    state.progress.prunedChannels = this.graph.prune(now).channels;
    this.changed(state);
  }

  private startWithAnotherPeer(): void {
    if (this.syncedOnce) return;
    const next = [...this.peers.values()].find((s) => s.supportsQueries && s.progress.phase === 'live');
    if (next) this.startRangeSync(next);
  }

  /** (Re)starts the reply timer of a peer we are waiting on. */
  private arm(state: PeerState): void {
    this.timers.clearTimeout(state.timer);
    state.timer = this.timers.setTimeout(() => this.stall(state), this.replyTimeoutMs);
  }

  /** Keeps the reply timer running only while we wait on the peer: for range replies or a query's end. */
  private rearm(state: PeerState): void {
    if (state.progress.phase === 'ranges' || state.inFlight !== undefined) {
      this.arm(state);
    } else {
      this.timers.clearTimeout(state.timer);
      state.timer = undefined;
    }
  }

  /** Any gossip from a peer we wait on shows it is still answering. */
  private touchQuery(state: PeerState | undefined): void {
    if (state && state.timer !== undefined) this.arm(state);
  }

  private stall(state: PeerState): void {
    state.timer = undefined;
    if (this.peers.get(state.progress.nodeId) !== state) return;
    state.inFlight = undefined;
    state.progress.phase = 'stalled';
    state.progress.finishedAt = this.timers.now();
    if (this.syncing === state.progress.nodeId) this.syncing = undefined;
    this.changed(state);
    this.startWithAnotherPeer();
  }

  // ---- updates waiting for their announcement ----

  private holdUpdate(id: bigint, msg: ChannelUpdate): void {
    this.expirePending();
    let entry = this.pending.get(id);
    if (!entry) {
      while (this.pending.size > 0 && this.pendingCount >= this.maxPending) this.dropOldestPending();
      entry = { at: this.timers.now(), updates: [] };
      this.pending.set(id, entry);
    }
    const direction = directionOf(msg);
    const index = entry.updates.findIndex((u) => directionOf(u) === direction);
    if (index < 0) {
      entry.updates.push(msg);
      this.pendingCount++;
    } else if (entry.updates[index]!.timestamp < msg.timestamp) {
      entry.updates[index] = msg;
    }
  }

  private expirePending(): void {
    const cutoff = this.timers.now() - this.pendingTtlMs;
    for (const [, entry] of this.pending) {
      if (entry.at > cutoff) break;
      this.dropOldestPending();
    }
  }

  private dropOldestPending(): void {
    const first = this.pending.entries().next();
    if (first.done) return;
    const [id, entry] = first.value;
    this.pending.delete(id);
    this.pendingCount -= entry.updates.length;
    this.totals.orphanUpdates += entry.updates.length;
  }

  // ---- bookkeeping ----

  private transmit(state: PeerState, message: Uint8Array): boolean {
    try {
      if (!this.send) throw new Error('GossipSync has no way to send: pass `send` or call attach()');
      this.send(state.progress.nodeId, message);
    } catch {
      this.peerDisconnected(state.progress.nodeId);
      return false;
    }
    this.count(state, 'messagesSent');
    this.count(state, 'bytesSent', message.length);
    return true;
  }

  private count(state: PeerState | undefined, key: keyof GossipCounters, by = 1): void {
    this.totals[key] += by;
    if (state) state.progress[key] += by;
  }

  private snapshot(state: PeerState): GossipPeerProgress {
    return { ...state.progress, scidsToQuery: state.queue.size };
  }

  private changed(state: PeerState): void {
    if (!this.onProgress) return;
    try {
      this.onProgress(this.snapshot(state));
    } catch {
      // A listener's failure is its own.
    }
  }
}

function newSyncProgress(): Omit<GossipPeerProgress, 'nodeId' | 'phase' | keyof GossipCounters> {
  return {
    startedAt: null,
    finishedAt: null,
    rangeReplies: 0,
    scidsListed: 0,
    timestamps: false,
    scidsQueried: 0,
    scidsToQuery: 0,
    queries: 0,
    queriesAnswered: 0,
    fullInformation: true,
    prunedChannels: 0,
  };
}

type GossipMessage = Extract<
  PeerMessage,
  {
    type:
      | 'channel_announcement'
      | 'channel_update'
      | 'node_announcement'
      | 'reply_channel_range'
      | 'reply_short_channel_ids_end'
      | 'query_channel_range'
      | 'query_short_channel_ids'
      | 'gossip_timestamp_filter';
  }
>;

const GOSSIP_TYPES = new Set<string>([
  'channel_announcement',
  'channel_update',
  'node_announcement',
  'reply_channel_range',
  'reply_short_channel_ids_end',
  'query_channel_range',
  'query_short_channel_ids',
  'gossip_timestamp_filter',
]);

function isGossip(message: PeerMessage): message is GossipMessage {
  return GOSSIP_TYPES.has(message.type);
}

/** The reply's per-channel update timestamps, if present, uncompressed and one pair per id. */
function decodeTimestamps(msg: ReplyChannelRange, count: number): [number, number][] | undefined {
  const tlv = msg.tlvs.timestamps_tlv;
  if (!tlv || tlv.encoding_type !== 0 || tlv.encoded_timestamps.length !== 8 * count) return undefined;
  const view = new DataView(tlv.encoded_timestamps.buffer, tlv.encoded_timestamps.byteOffset, tlv.encoded_timestamps.byteLength);
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) out.push([view.getUint32(8 * i), view.getUint32(8 * i + 4)]);
  return out;
}
