/**
 * Test helpers for the peer layer (Node only; imported by tests, never by the engine): a
 * scripted Lightning peer behind a `ws` server on 127.0.0.1, and timers driven by hand. The
 * hostile-peer tests of src/node build their attacker on the same scripted peer.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { init, peerErrorText, ping, pong, PONG_NO_REPLY_THRESHOLD } from '../../protocol/bolt1/messages.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { publicKey, secp256k1 } from '../../protocol/crypto/index.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { wireRegistry, type WireMessage } from '../../protocol/wire.ts';
import { accept, TransportError, type CloseReason, type NoiseConnection, type WebSocketLike } from '../transport/index.ts';
import type { Timers } from './timers.ts';


const GOSSIP_QUERIES: ReadonlySet<string> = new Set(['gossip_timestamp_filter', 'query_channel_range', 'query_short_channel_ids']);
export interface KeyPair {
  secret: Uint8Array;
  pubkey: Uint8Array;
  nodeId: string;
}

/** A node key: random, or from `secret`. */
export function keyPair(secret: Uint8Array = secp256k1.utils.randomSecretKey()): KeyPair {
  const pubkey = publicKey(secret);
  return { secret, pubkey, nodeId: hex(pubkey) };
}

export const createWsSocket = (url: string): WebSocketLike => new WebSocket(url);

/** What a typical LDK-like node sends: the ASSUMED features required, a few optional ones. */
export const PEER_FEATURES = FeatureVector.of({
  option_data_loss_protect: 'required',
  var_onion_optin: 'required',
  option_static_remotekey: 'required',
  payment_secret: 'required',
  basic_mpp: 'optional',
  option_channel_type: 'optional',
});

/** Resolves with `promise` or rejects after `ms`, naming what was awaited. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer!: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A message for a failure report: its type, and the text of an error or warning. */
export function describeMessage(message: WireMessage): string {
  if (message.type === 'error' || message.type === 'warning') return `${message.type} "${peerErrorText(message.data)}"`;
  if (message.type === 'unknown_odd') return `unknown odd type ${message.typeNumber}`;
  return message.type;
}

export interface ScriptedServerOptions {
  /** The server's node key (default: a random one). */
  secret?: Uint8Array;
  /** Answer pings (default true). */
  autoPong?: boolean;
  /** Keep pings out of what the test reads, so `expect` sees only the other side's real traffic (default false). */
  hidePings?: boolean;
}

/** A server that runs the responder side of BOLT 8 on every connection and hands out ScriptedPeers. */
export class ScriptedServer {
  readonly peers: ScriptedPeer[] = [];
  private waiting: (() => void)[] = [];
  private taken = 0;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
    readonly key: KeyPair,
    options: ScriptedServerOptions,
  ) {
    server.on('connection', (socket) => {
      accept({ socket, localSecret: key.secret, handshakeTimeoutMs: 5_000 }).then(
        (connection) => {
          this.peers.push(new ScriptedPeer(connection, socket, { autoPong: options.autoPong ?? true, hidePings: options.hidePings ?? false }));
          for (const wake of this.waiting.splice(0)) wake();
        },
        // A failed handshake is the dialler hanging up; its next attempt is a new connection.
        () => undefined,
      );
    });
  }

  static async start(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise((resolve) => server.once('listening', resolve));
    return new ScriptedServer(server, `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, keyPair(options.secret), options);
  }

  get nodeId(): string {
    return this.key.nodeId;
  }

  get uri(): string {
    return `${this.nodeId}@${this.url}`;
  }

  /** The next connection accepted (handshake done), in order of arrival. */
  async nextPeer(timeoutMs = 5_000): Promise<ScriptedPeer> {
    const index = this.taken++;
    const arrived = new Promise<ScriptedPeer>((resolve) => {
      const check = () => {
        const peer = this.peers[index];
        if (peer) resolve(peer);
        else this.waiting.push(check);
      };
      check();
    });
    return within(arrived, timeoutMs, `connection ${index + 1} to the scripted peer`);
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

export interface Received {
  bytes: Uint8Array;
  /** Undefined if the bytes did not decode. */
  message: WireMessage | undefined;
}

/** The far end of one connection, driven by the test. */
export class ScriptedPeer {
  /** Everything the other side sent, in order (pings included unless hidden). */
  readonly received: Received[] = [];
  private taken = 0;
  private wake: (() => void) | undefined;
  private ended = false;
  private reason: CloseReason | undefined;

  constructor(
    readonly connection: NoiseConnection,
    readonly socket: WebSocket,
    private readonly options: { autoPong: boolean; hidePings: boolean },
  ) {
    void connection.closed.then((reason) => (this.reason = reason));
    void this.read();
  }

  get nodeId(): string {
    return hex(this.connection.remotePubkey);
  }

  get closed(): Promise<CloseReason> {
    return this.connection.closed;
  }

  get isOpen(): boolean {
    return this.reason === undefined;
  }

  /** Encrypts and sends one message (any bytes: the other side decodes them). */
  send(bytes: Uint8Array): void {
    this.connection.send(bytes);
  }

  /** Writes bytes to the WebSocket as they are, outside the BOLT 8 encryption. */
  sendRawFrame(bytes: Uint8Array | string): void {
    this.socket.send(bytes);
  }

  sendInit(features: FeatureVector = PEER_FEATURES, networks: Uint8Array[] | undefined = [NETWORKS.regtest.chainHash]): void {
    this.send(init.encode({ globalfeatures: FeatureVector.empty, features, tlvs: networks ? { networks } : {} }));
  }

  /** Reads the other side's init and answers with this peer's own. */
  async handshakeInit(features?: FeatureVector, networks?: Uint8Array[]): Promise<WireMessage> {
    const ours = await this.next();
    if (ours.type !== 'init') throw new Error(`expected init first, got ${describeMessage(ours)}`);
    this.sendInit(features, networks);
    return ours;
  }

  sendPing(numPongBytes: number): void {
    this.send(ping.encode({ num_pong_bytes: numPongBytes, ignored: new Uint8Array(0) }));
  }

  /** Proves the connection is alive and the other side reads it: a ping answered by a pong (needs hidden pings). */
  async roundTrip(timeoutMs = 5_000): Promise<void> {
    const bytes = 7;
    this.sendPing(bytes);
    const answer = await this.expect('pong', timeoutMs);
    if (answer.ignored.length !== bytes) throw new Error(`pong of ${answer.ignored.length} bytes, asked for ${bytes}`);
  }

  /** The next message received (in order), decoded. */
  async next(timeoutMs = 10_000): Promise<WireMessage> {
    const item = await this.nextRaw(timeoutMs);
    if (!item.message) throw new Error(`received undecodable bytes ${hex(item.bytes)}`);
    return item.message;
  }

  /**
   * The next message, which must be of `type`: anything else fails the test. The wallet's gossip
   * queries (sent on every connection, in parallel with channel traffic) are passed over unless asked for.
   */
  async expect<T extends WireMessage['type']>(type: T, timeoutMs = 10_000): Promise<Extract<WireMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    let message = await this.next(timeoutMs);
    while (message.type !== type && GOSSIP_QUERIES.has(message.type)) message = await this.next(Math.max(1, deadline - Date.now()));
    if (message.type !== type) throw new Error(`expected ${type}, got ${describeMessage(message)}`);
    return message as Extract<WireMessage, { type: T }>;
  }

  /** The next message of a type, skipping the others. */
  async nextOf<T extends WireMessage['type']>(type: T, timeoutMs = 10_000): Promise<Extract<WireMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (message.type === type) return message as Extract<WireMessage, { type: T }>;
    }
  }

  async nextRaw(timeoutMs = 10_000): Promise<Received> {
    const arrived = new Promise<Received>((resolve, reject) => {
      const check = () => {
        const item = this.received[this.taken];
        if (item) {
          this.taken++;
          resolve(item);
        } else if (this.ended) {
          reject(new Error(`the connection closed (${JSON.stringify(this.reason ?? null)})`));
        } else {
          this.wake = check;
        }
      };
      check();
    });
    return within(arrived, timeoutMs, 'a message from the other side');
  }

  /** Messages received but not yet taken by next/expect/nextOf. */
  pending(): Received[] {
    return this.received.slice(this.taken);
  }

  /** Resolves with the close reason once the connection is over; rejects after `timeoutMs`. */
  waitClosed(timeoutMs = 10_000): Promise<CloseReason> {
    return within(this.connection.closed, timeoutMs, 'the other side to close the connection');
  }

  close(): void {
    this.connection.close();
  }

  private async read(): Promise<void> {
    try {
      for await (const bytes of this.connection.messages) {
        let message: WireMessage | undefined;
        try {
          message = wireRegistry.decode(bytes);
        } catch {
          message = undefined;
        }
        if (message?.type === 'ping') {
          if (this.options.autoPong && message.num_pong_bytes < PONG_NO_REPLY_THRESHOLD) this.connection.send(pong.encode({ ignored: new Uint8Array(message.num_pong_bytes) }));
          if (this.options.hidePings) continue;
        }
        this.received.push({ bytes, message });
        this.notify();
      }
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
    }
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Timers that only move when told to: `advance` runs what falls due, in order. */
export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = ++this.nextId;
    this.pending.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers still pending, from now. */
  get scheduled(): number[] {
    return [...this.pending.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}
