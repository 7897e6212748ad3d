/**
 * One live, initialised connection to a Lightning peer (BOLT 1 over a BOLT 8 NoiseConnection):
 * the init exchange and its compatibility checks, ping/pong, strict decoding, and in-order
 * delivery of everything else to one (possibly async) handler.
 */
import { init, initFeatures, peerErrorText, ping, pong, PONG_NO_REPLY_THRESHOLD, warning } from '../../protocol/bolt1/messages.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import type { DecodedOf } from '../../protocol/codec/message.ts';
import { checkPeerFeatures, FeatureVector, featuresOutOfContext, missingDependencies } from '../../protocol/features/features.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import { wireRegistry, type WireMessage } from '../../protocol/wire.ts';
import { TransportError, type NoiseConnection } from '../transport/index.ts';
import { describeCloseReason, PeerError, type SessionCloseReason } from './errors.ts';
import { systemTimers, type TimerHandle, type Timers } from './timers.ts';

export type InitMessage = DecodedOf<typeof init>;
/** What a session hands its handler: every decoded message except init, ping and pong, which it handles itself. */
export type PeerMessage = Exclude<WireMessage, { type: 'init' | 'ping' | 'pong' }>;
/** Called once per message, in order; the next message waits until the returned promise settles. */
export type MessageHandler = (message: PeerMessage, bytes: Uint8Array) => void | Promise<void>;

/** What the wallet offers in `init` unless told otherwise (BOLT 9 names; ASSUMED features required). */
export const DEFAULT_INIT_FEATURES: FeatureVector = FeatureVector.of({
  option_data_loss_protect: 'required',
  var_onion_optin: 'required',
  option_static_remotekey: 'required',
  payment_secret: 'required',
  basic_mpp: 'optional',
  gossip_queries: 'optional',
  option_shutdown_anysegwit: 'optional',
  option_channel_type: 'optional',
  option_scid_alias: 'optional',
  option_zeroconf: 'optional',
});

export const DEFAULT_INIT_TIMEOUT_MS = 15_000;
export const DEFAULT_PING_INTERVAL_MS = 30_000;
export const DEFAULT_PONG_TIMEOUT_MS = 15_000;
/** How many pong bytes our keep-alive pings ask for. */
const KEEPALIVE_PONG_BYTES = 8;

export interface PeerSessionTiming {
  /** How long to wait for the peer's init after sending ours. */
  initTimeoutMs?: number;
  /** A keep-alive ping is sent this long after the previous one was answered. */
  pingIntervalMs?: number;
  /** A ping unanswered for this long drops the connection. */
  pongTimeoutMs?: number;
}

export interface PeerSessionOptions extends PeerSessionTiming {
  /** An established BOLT 8 connection (from `connect` or `accept`). */
  connection: NoiseConnection;
  /** Our chain: sent in init's `networks`, and a peer on another chain is refused. */
  network: NetworkName;
  /** Our init features; DEFAULT_INIT_FEATURES by default. */
  features?: FeatureVector;
  onMessage?: MessageHandler;
  timers?: Timers;
}

interface PendingPing {
  length: number;
  sentAt: number;
  timer: TimerHandle;
  resolve: (rttMs: number) => void;
  reject: (error: PeerError) => void;
}

export class PeerSession {
  /** The peer's node id, lower-case hex, as authenticated by the BOLT 8 handshake. */
  readonly remoteNodeId: string;
  readonly localFeatures: FeatureVector;
  /** Settles (never rejects) once the session is over and its handler is idle; no message is delivered after. */
  readonly closed: Promise<SessionCloseReason>;

  private readonly connection: NoiseConnection;
  private readonly network: NetworkName;
  private readonly handler: MessageHandler;
  private readonly timers: Timers;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;

  private remote: InitMessage | undefined;
  private reason: SessionCloseReason | undefined;
  private lastPeerError: string | undefined;
  private readonly ready: Promise<PeerSession>;
  private settleReady!: { resolve: (session: PeerSession) => void; reject: (error: PeerError) => void };
  private settleClosed!: (reason: SessionCloseReason) => void;
  private initTimer: TimerHandle | undefined;
  private keepAliveTimer: TimerHandle | undefined;
  private readonly pings: PendingPing[] = [];
  /** The end of the delivery chain: each message's handler call starts once the previous one settled. */
  private delivered: Promise<void> = Promise.resolve();

  private constructor(options: PeerSessionOptions) {
    this.connection = options.connection;
    this.remoteNodeId = hex(options.connection.remotePubkey);
    this.network = options.network;
    this.localFeatures = options.features ?? DEFAULT_INIT_FEATURES;
    this.handler = options.onMessage ?? (() => undefined);
    this.timers = options.timers ?? systemTimers;
    this.pingIntervalMs = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    this.pongTimeoutMs = options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS;
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.closed = new Promise((resolve) => (this.settleClosed = resolve));
  }

  /**
   * Sends our init, waits for the peer's and checks it. Resolves with the live session; rejects
   * with PeerError('session_failed', reason) after closing the connection if the peer is
   * incompatible, silent or misbehaving, or the connection drops first.
   */
  static start(options: PeerSessionOptions): Promise<PeerSession> {
    assertSendable(options.features ?? DEFAULT_INIT_FEATURES);
    const session = new PeerSession(options);
    session.begin(options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS);
    return session.ready;
  }

  /** The peer's init features (global and local ORed together). */
  get remoteFeatures(): FeatureVector {
    return initFeatures(this.remoteInit);
  }

  /** The peer's init message as received. */
  get remoteInit(): InitMessage {
    // Sessions are handed out only after the peer's init arrived.
    return this.remote!;
  }

  get isOpen(): boolean {
    return this.reason === undefined;
  }

  /** Sends one encoded Lightning message. Throws PeerError('not_connected') once closed, RangeError above 65535 bytes. */
  send(message: Uint8Array): void {
    if (this.reason) throw this.notConnected();
    try {
      this.connection.send(message);
    } catch (e) {
      if (e instanceof TransportError) throw this.notConnected();
      throw e;
    }
  }

  /**
   * Sends a ping and resolves with the round trip in ms when its pong arrives. Rejects with
   * PeerError('not_connected') if the session closes first; a missing pong closes the session.
   */
  ping(numPongBytes = KEEPALIVE_PONG_BYTES): Promise<number> {
    if (!Number.isInteger(numPongBytes) || numPongBytes < 0 || numPongBytes >= PONG_NO_REPLY_THRESHOLD) {
      throw new RangeError(`a ping must ask for 0 to ${PONG_NO_REPLY_THRESHOLD - 1} pong bytes`);
    }
    return new Promise((resolve, reject) => {
      this.send(ping.encode({ num_pong_bytes: numPongBytes, ignored: new Uint8Array(0) }));
      const timer = this.timers.setTimeout(() => this.finish({ kind: 'pong-timeout', afterMs: this.pongTimeoutMs }), this.pongTimeoutMs);
      this.pings.push({ length: numPongBytes, sentAt: this.timers.now(), timer, resolve, reject });
    });
  }

  /** Closes the connection; `closed` then settles with { kind: 'local' }. */
  close(): void {
    this.finish({ kind: 'local' });
  }

  private begin(initTimeoutMs: number): void {
    void this.connection.closed.then((reason) =>
      this.finish({ kind: 'transport', reason, ...(this.lastPeerError !== undefined ? { peerError: this.lastPeerError } : {}) }),
    );
    try {
      this.connection.send(
        init.encode({
          globalfeatures: FeatureVector.empty,
          features: this.localFeatures,
          tlvs: { networks: [NETWORKS[this.network].chainHash] },
        }),
      );
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      // The connection is already gone; `connection.closed` reports why.
      return;
    }
    this.initTimer = this.timers.setTimeout(() => this.finish({ kind: 'init-timeout', afterMs: initTimeoutMs }), initTimeoutMs);
    void this.read();
  }

  private async read(): Promise<void> {
    try {
      for await (const bytes of this.connection.messages) {
        if (this.reason) return;
        this.receive(bytes);
      }
    } catch (e) {
      // A failed connection ends the stream with TransportError; `connection.closed` carries the reason.
      if (!(e instanceof TransportError)) throw e;
    }
  }

  private receive(bytes: Uint8Array): void {
    let message: WireMessage;
    try {
      message = wireRegistry.decode(bytes);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      if (e.code === 'unknown_message') {
        // BOLT 1: an unknown even type must close the connection.
        this.finish({ kind: 'protocol', detail: `it sent a message of unknown even type ${messageTypeOf(bytes)}` });
      } else {
        // BOLT 1: a malformed known message must close the connection; say why first.
        const detail = `malformed ${messageNameOf(bytes)} message (${e.message})`;
        this.sendWarning(detail);
        this.finish({ kind: 'protocol', detail: `it sent a ${detail}` });
      }
      return;
    }

    if (!this.remote) {
      if (message.type !== 'init') {
        this.finish({ kind: 'protocol', detail: `its first message was ${message.type === 'unknown_odd' ? `type ${message.typeNumber}` : message.type}, not init` });
      } else {
        this.receiveInit(message);
      }
      return;
    }

    switch (message.type) {
      case 'init':
        // A second init has no meaning on a live connection; ignore it.
        return;
      case 'ping':
        // BOLT 1: answer pings asking for fewer than 65532 bytes, ignore the others.
        if (message.num_pong_bytes < PONG_NO_REPLY_THRESHOLD) {
          this.trySend(pong.encode({ ignored: new Uint8Array(message.num_pong_bytes) }));
        }
        return;
      case 'pong':
        this.receivePong(message.ignored.length);
        return;
      case 'error':
        this.lastPeerError = peerErrorText(message.data);
        break;
    }
    this.deliver(message, bytes);
  }

  private receiveInit(message: InitMessage): void {
    this.timers.clearTimeout(this.initTimer);
    const compatibility = checkPeerFeatures(this.localFeatures, initFeatures(message));
    if (!compatibility.compatible) {
      this.refuse(compatibility.reason);
      return;
    }
    const ourChain = NETWORKS[this.network].chainHash;
    const networks = message.tlvs.networks;
    if (networks !== undefined && !networks.some((chain) => equal(chain, ourChain))) {
      const theirs = networks.length === 0 ? 'no chain at all' : networks.map(chainName).join(', ');
      this.refuse(`the peer is on ${theirs}, and we are on ${this.network}`);
      return;
    }
    this.remote = message;
    this.scheduleKeepAlive();
    this.settleReady.resolve(this);
  }

  private refuse(detail: string): void {
    this.sendWarning(detail);
    this.finish({ kind: 'incompatible', detail });
  }

  private receivePong(length: number): void {
    // A pong answers the oldest ping that asked for its length; others are unsolicited and ignored.
    const index = this.pings.findIndex((p) => p.length === length);
    if (index < 0) return;
    const [answered] = this.pings.splice(index, 1);
    this.timers.clearTimeout(answered!.timer);
    answered!.resolve(this.timers.now() - answered!.sentAt);
  }

  private scheduleKeepAlive(): void {
    this.keepAliveTimer = this.timers.setTimeout(() => {
      if (this.reason) return;
      this.ping().then(
        () => this.scheduleKeepAlive(),
        () => undefined,
      );
    }, this.pingIntervalMs);
  }

  /** Queues a message for the handler, after every earlier one; dropped if the session closes first. */
  private deliver(message: PeerMessage, bytes: Uint8Array): void {
    this.delivered = this.delivered.then(async () => {
      if (this.reason) return;
      try {
        await this.handler(message, bytes);
      } catch (e) {
        this.finish({ kind: 'handler-failed', detail: `${message.type}: ${e instanceof Error ? e.message : String(e)}` });
      }
    });
  }

  private sendWarning(text: string): void {
    this.trySend(warning.encode({ channel_id: new Uint8Array(32), data: new TextEncoder().encode(text) }));
  }

  /** Sends unless the connection is already gone (then `closed` is about to report it). */
  private trySend(message: Uint8Array): void {
    if (this.reason) return;
    try {
      this.connection.send(message);
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
    }
  }

  private finish(reason: SessionCloseReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.timers.clearTimeout(this.initTimer);
    this.timers.clearTimeout(this.keepAliveTimer);
    this.connection.close();
    for (const p of this.pings.splice(0)) {
      this.timers.clearTimeout(p.timer);
      p.reject(this.notConnected());
    }
    this.settleReady.reject(new PeerError('session_failed', describeCloseReason(reason), reason));
    // Queued messages are dropped; `closed` waits for a handler call already running.
    void this.delivered.then(() => this.settleClosed(reason));
  }

  private notConnected(): PeerError {
    const why = this.reason ? `: ${describeCloseReason(this.reason)}` : '';
    return new PeerError('not_connected', `not connected to ${this.remoteNodeId}${why}`);
  }
}

/** Refuses to announce a feature set BOLT 9 forbids in init (bad context or missing dependency). */
function assertSendable(features: FeatureVector): void {
  const outOfContext = featuresOutOfContext(features, 'init');
  if (outOfContext.length > 0) throw new RangeError(`features not allowed in init: ${outOfContext.join(', ')}`);
  const missing = missingDependencies(features);
  if (missing.length > 0) throw new RangeError(`init features lack dependencies: ${missing.map((m) => `${m.feature} needs ${m.missing}`).join(', ')}`);
}

function chainName(chainHash: Uint8Array): string {
  const known = Object.values(NETWORKS).find((n) => equal(n.chainHash, chainHash));
  return known ? known.name : `an unknown chain (${hex(chainHash)})`;
}

function messageTypeOf(bytes: Uint8Array): number {
  return bytes.length >= 2 ? (bytes[0]! << 8) | bytes[1]! : -1;
}

function messageNameOf(bytes: Uint8Array): string {
  const type = messageTypeOf(bytes);
  if (type < 0) return 'truncated';
  return wireRegistry.get(type)?.name ?? `type ${type}`;
}
