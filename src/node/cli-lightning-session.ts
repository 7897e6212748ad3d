/**
 * The Lightning service for one short-lived CLI command: started over the wallet's store, given a
 * bounded moment to reconnect the remembered peers and reestablish their channels, and stopped
 * once the store has gone quiet, so nothing the command set going is cut off half-written.
 */
import WebSocket from 'ws';
import { LightningService } from '../engine/lightning/service.ts';
import type { ChannelInfo, ChannelPhase } from '../engine/lightning/types.ts';
import type { Store } from '../engine/storage/store.ts';
import type { WebSocketLike } from '../engine/transport/index.ts';
import type { Wallet } from '../engine/wallet/wallet.ts';
import type { NetworkName } from '../protocol/networks.ts';
import { hex } from '../protocol/codec/bytes.ts';
import { IncomingPayments } from './cli-lightning-watch.ts';

/** An error of the CLI itself (not the engine's), printed as `{ error: code, message }`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: 'invalid_arguments' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** Channels in these phases send channel_reestablish on connection and wait for the peer's. */
const REESTABLISHING: readonly ChannelPhase[] = ['awaiting_confirmation', 'normal', 'shutting_down', 'negotiating_close'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something, or `undefined` once `timeoutMs` has passed. */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, everyMs = 50): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(everyMs);
  }
}

/** A store that knows when it last wrote, so the CLI can wait for the engine's work to land. */
class TrackedStore implements Store {
  #inFlight = 0;
  #lastActivity = Date.now();

  constructor(private readonly inner: Store) {}

  get: Store['get'] = (collection, key) => this.inner.get(collection, key);
  list: Store['list'] = (collection, options) => this.inner.list(collection, options);

  async commit(writes: Parameters<Store['commit']>[0]): Promise<void> {
    this.#inFlight++;
    this.#lastActivity = Date.now();
    try {
      await this.inner.commit(writes);
    } finally {
      this.#inFlight--;
      this.#lastActivity = Date.now();
    }
  }

  /** The CLI closes the real store itself. */
  async close(): Promise<void> {}

  /** Resolves once no commit is pending and none started for `quietMs` (at most `maxMs`). */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    await until(() => this.#inFlight === 0 && Date.now() - this.#lastActivity >= quietMs, maxMs, 25);
  }
}

export interface SessionOptions {
  wallet: Wallet;
  store: Store;
  network: NetworkName;
  /** How long to wait for remembered peers to connect and their channels to be reestablished. */
  waitMs: number;
  log?: (message: string) => void;
}

export class LightningSession {
  readonly #answered = new Set<string>();
  readonly #unsubscribe: () => void;
  /** Incoming payments seen while this session runs, from before the peers reconnect. */
  readonly incoming: IncomingPayments;

  private constructor(
    readonly service: LightningService,
    private readonly store: TrackedStore,
  ) {
    this.incoming = new IncomingPayments(service.node, (hash) => service.node.payments.get(hash, 'incoming'));
    // Registered after the node's own listener, so a message seen here has been handled by the node.
    this.#unsubscribe = service.peers.on('message', (_nodeId, message) => {
      if ((message.type === 'channel_reestablish' || message.type === 'error') && 'channel_id' in message) this.#answered.add(hex(message.channel_id));
    });
  }

  /** Starts the service; remembered peers are being dialled when this resolves. */
  static async start(o: SessionOptions): Promise<LightningSession> {
    const store = new TrackedStore(o.store);
    const service = await LightningService.start({
      wallet: o.wallet,
      store,
      network: o.network,
      esploraUrl: o.wallet.esploraUrl,
      createSocket: (url) => new WebSocket(url, { perMessageDeflate: false }) as unknown as WebSocketLike,
      pollIntervalMs: 2_000,
      backoff: { initialMs: 250, maxMs: 2_000 },
      ...(o.log ? { log: o.log } : {}),
    });
    const session = new LightningSession(service, store);
    await session.reconnect(o.waitMs);
    return session;
  }

  /**
   * Waits (at most `waitMs`) for every remembered peer to connect and every channel of a
   * connected peer that reestablishes to have the peer's channel_reestablish (or error).
   * Peers that do not come in time are left to the next command.
   */
  async reconnect(waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    await until(() => this.service.peersInfo().every((p) => p.connected), waitMs);
    await until(() => this.#pendingReestablish().length === 0, Math.max(0, deadline - Date.now()));
    await this.settle();
  }

  /** Channels of connected peers still waiting for the peer's channel_reestablish. */
  #pendingReestablish(): ChannelInfo[] {
    return this.service.channels().filter((c) => c.peerConnected && REESTABLISHING.includes(c.phase) && !this.#answered.has(c.channelId));
  }

  /** Polls the chain once and lets what follows from it (confirmations, closes, sweeps) be stored. */
  async pollChain(): Promise<void> {
    await this.service.node.pollChain();
    await this.settle();
  }

  /** Waits for the store to have been quiet for a moment (bounded). */
  settle(quietMs = 250, maxMs = 5_000): Promise<void> {
    return this.store.quiet(quietMs, maxMs);
  }

  channel(channelId: string): ChannelInfo | undefined {
    const id = channelId.toLowerCase();
    return this.service.channels().find((c) => c.channelId === id);
  }

  /** Waits for pending HTLCs to settle and the store to go quiet, then stops the service. */
  async stop(): Promise<void> {
    await until(() => this.service.channels().every((c) => !c.peerConnected || c.pendingHtlcs.length === 0), 3_000);
    await this.settle();
    this.#unsubscribe();
    this.incoming.stop();
    await this.service.stop();
    await this.settle(100, 2_000);
  }
}
