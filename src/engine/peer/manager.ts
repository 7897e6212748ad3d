/**
 * Keeps the wallet connected to the peers it was given: dials each over BOLT 8, runs a
 * PeerSession on it, and redials with exponential backoff when it drops. Messages from one
 * peer reach the `message` listeners strictly in order, each awaited before the next.
 */
import { fromHex } from '../../protocol/codec/bytes.ts';
import type { FeatureVector } from '../../protocol/features/features.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { formatPeerUri, parsePeerUri, type PeerUri } from '../peer-uri.ts';
import { connect, type WebSocketLike } from '../transport/index.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { describeCloseReason, describeFailure, PeerError, type SessionCloseReason } from './errors.ts';
import { PeerSession, type PeerMessage, type PeerSessionTiming } from './session.ts';
import { systemTimers, type TimerHandle, type Timers } from './timers.ts';

export interface PeerManagerOptions extends PeerSessionTiming {
  /** Our node secret key (32 bytes): it authenticates us in every BOLT 8 handshake. */
  nodeSecret: Uint8Array;
  network: NetworkName;
  /** Opens a WebSocket: the browser's `new WebSocket(url)`, or `ws` in Node. */
  createSocket: (url: string) => WebSocketLike;
  /** Our init features; DEFAULT_INIT_FEATURES by default. */
  features?: FeatureVector;
  timers?: Timers;
  /** Source of jitter in [0, 1); Math.random by default. */
  random?: () => number;
  handshakeTimeoutMs?: number;
  backoff?: BackoffOptions;
}

export interface PeerManagerEvents {
  /** A session with the peer is up (init exchanged and accepted). */
  connected: (nodeId: string, session: PeerSession) => void;
  /** The session that `connected` announced is over; no message of it is delivered after this. */
  disconnected: (nodeId: string, reason: SessionCloseReason) => void;
  /** A peer's status changed without a session starting or ending: an attempt began, or a retry was scheduled (with its error). */
  status: (status: PeerStatus) => void;
  /** A message from the peer. The next message from the same peer waits until the returned promise settles; a rejection drops the connection. */
  message: (nodeId: string, message: PeerMessage, bytes: Uint8Array) => void | Promise<void>;
}

export type PeerState = 'connecting' | 'connected' | 'waiting';

export interface PeerStatus {
  nodeId: string;
  /** `<node id>@ws(s)://host:port` */
  uri: string;
  /** connecting: dialling or exchanging init; waiting: for the next attempt. */
  state: PeerState;
  connected: boolean;
  /** Why the last attempt failed or the last connection ended, in plain words. */
  lastError?: string;
  /** While waiting: seconds until the next attempt. */
  retryInSec?: number;
}

interface Entry {
  peer: PeerUri;
  state: PeerState;
  removed: boolean;
  /** Consecutive failed attempts or short-lived connections. */
  failures: number;
  lastError?: string;
  session?: PeerSession;
  /** The socket of the attempt in progress, to abort it on disconnect. */
  socket?: WebSocketLike;
  retryAt?: number;
  retryTimer?: TimerHandle;
  /** The attempt in progress (dial, session, until it ends). */
  running?: Promise<void>;
}

type Listeners = { [K in keyof PeerManagerEvents]: Set<PeerManagerEvents[K]> };

export class PeerManager {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: Listeners = { connected: new Set(), disconnected: new Set(), status: new Set(), message: new Set() };
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly backoff: Required<BackoffOptions>;

  constructor(private readonly options: PeerManagerOptions) {
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof PeerManagerEvents>(event: K, listener: PeerManagerEvents[K]): () => void {
    const set = this.listeners[event] as Set<PeerManagerEvents[K]>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /**
   * Adds a peer and keeps it connected from now on; returns at once. A peer already added keeps
   * its connection; a new address is used from the next attempt (at once if it was waiting).
   * Throws EngineError('invalid_peer_uri') for a malformed URI.
   */
  connect(uri: string | PeerUri): PeerStatus {
    const peer = typeof uri === 'string' ? parsePeerUri(uri) : parsePeerUri(formatPeerUri(uri));
    const existing = this.entries.get(peer.nodeId);
    if (existing) {
      if (existing.peer.url !== peer.url) {
        existing.peer = peer;
        if (existing.state === 'waiting') this.attempt(existing);
      }
      return this.status(existing);
    }
    const entry: Entry = { peer, state: 'connecting', removed: false, failures: 0 };
    this.entries.set(peer.nodeId, entry);
    this.attempt(entry);
    return this.status(entry);
  }

  /** Forgets a peer: no more attempts, and its connection is closed. Resolves once `disconnected` (if due) was emitted. */
  async disconnect(nodeId: string): Promise<void> {
    const entry = this.entries.get(nodeId.toLowerCase());
    if (!entry) return;
    this.entries.delete(entry.peer.nodeId);
    entry.removed = true;
    this.timers.clearTimeout(entry.retryTimer);
    entry.socket?.close();
    entry.session?.close();
    await entry.running;
  }

  /** Disconnects from every peer. */
  async close(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((nodeId) => this.disconnect(nodeId)));
  }

  peers(): PeerStatus[] {
    return [...this.entries.values()].map((entry) => this.status(entry));
  }

  /** The live session with a peer, if connected. */
  session(nodeId: string): PeerSession | undefined {
    const session = this.entries.get(nodeId.toLowerCase())?.session;
    return session?.isOpen ? session : undefined;
  }

  isConnected(nodeId: string): boolean {
    return this.session(nodeId) !== undefined;
  }

  /** Sends an encoded message to a connected peer; throws PeerError('not_connected') otherwise. */
  send(nodeId: string, message: Uint8Array): void {
    const session = this.session(nodeId);
    if (!session) {
      const entry = this.entries.get(nodeId.toLowerCase());
      const why = entry ? (entry.lastError ? `: ${entry.lastError}` : ' yet') : ' (unknown peer)';
      throw new PeerError('not_connected', `not connected to ${nodeId}${why}`);
    }
    session.send(message);
  }

  private status(entry: Entry): PeerStatus {
    const status: PeerStatus = {
      nodeId: entry.peer.nodeId,
      uri: formatPeerUri(entry.peer),
      state: entry.state,
      connected: entry.state === 'connected',
    };
    if (entry.lastError !== undefined) status.lastError = entry.lastError;
    if (entry.state === 'waiting' && entry.retryAt !== undefined) {
      status.retryInSec = Math.max(0, Math.ceil((entry.retryAt - this.timers.now()) / 1000));
    }
    return status;
  }

  private attempt(entry: Entry): void {
    this.timers.clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    entry.retryAt = undefined;
    entry.state = 'connecting';
    entry.running = this.run(entry);
    this.emit('status', this.status(entry));
  }

  /** One attempt: dial, exchange init, then stay until the session ends; schedules the next. */
  private async run(entry: Entry): Promise<void> {
    const { nodeId, url } = entry.peer;
    let announce!: () => void;
    const announced = new Promise<void>((resolve) => (announce = resolve));
    let session: PeerSession;
    try {
      const connection = await connect({
        url,
        localSecret: this.options.nodeSecret,
        remotePubkey: fromHex(nodeId),
        createSocket: (address) => (entry.socket = this.options.createSocket(address)),
        ...(this.options.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: this.options.handshakeTimeoutMs } : {}),
      });
      if (entry.removed) {
        connection.close();
        return;
      }
      session = await PeerSession.start({
        connection,
        network: this.options.network,
        timers: this.timers,
        ...timing(this.options),
        ...(this.options.features ? { features: this.options.features } : {}),
        // Nothing is delivered before `connected` was emitted.
        onMessage: async (message, bytes) => {
          await announced;
          await this.deliver(nodeId, message, bytes);
        },
      });
    } catch (e) {
      entry.socket = undefined;
      if (entry.removed) return;
      entry.lastError = describeFailure(e);
      this.scheduleRetry(entry);
      return;
    }
    entry.socket = undefined;
    if (entry.removed) {
      session.close();
      announce();
      await session.closed;
      return;
    }

    const since = this.timers.now();
    entry.session = session;
    entry.state = 'connected';
    this.emit('connected', nodeId, session);
    announce();
    const reason = await session.closed;
    entry.session = undefined;
    this.emit('disconnected', nodeId, reason);
    if (entry.removed) return;
    entry.lastError = describeCloseReason(reason);
    if (this.timers.now() - since >= this.backoff.resetAfterMs) entry.failures = 0;
    this.scheduleRetry(entry);
  }

  private scheduleRetry(entry: Entry): void {
    const delay = backoffDelay(entry.failures, this.backoff, this.random);
    entry.failures++;
    entry.state = 'waiting';
    entry.retryAt = this.timers.now() + delay;
    entry.retryTimer = this.timers.setTimeout(() => {
      if (!entry.removed) this.attempt(entry);
    }, delay);
    this.emit('status', this.status(entry));
  }

  private async deliver(nodeId: string, message: PeerMessage, bytes: Uint8Array): Promise<void> {
    for (const listener of [...this.listeners.message]) await listener(nodeId, message, bytes);
  }

  private emit<K extends 'connected' | 'disconnected' | 'status'>(event: K, ...args: Parameters<PeerManagerEvents[K]>): void {
    for (const listener of [...this.listeners[event]] as ((...a: Parameters<PeerManagerEvents[K]>) => void)[]) {
      try {
        listener(...args);
      } catch (err) {
        // A listener's bug surfaces as an uncaught error without stopping the others or the manager.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

function timing(options: PeerSessionTiming): PeerSessionTiming {
  const out: PeerSessionTiming = {};
  if (options.initTimeoutMs !== undefined) out.initTimeoutMs = options.initTimeoutMs;
  if (options.pingIntervalMs !== undefined) out.pingIntervalMs = options.pingIntervalMs;
  if (options.pongTimeoutMs !== undefined) out.pongTimeoutMs = options.pongTimeoutMs;
  return out;
}
