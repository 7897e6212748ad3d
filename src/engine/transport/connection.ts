/**
 * Runs a NoiseSession over a WebSocket-like object: handshake acts and encrypted messages travel
 * in binary frames, and a frame may carry any part of the byte stream (split or coalesced).
 */
import { NoiseSession } from '../../protocol/bolt8/index.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import { AsyncQueue } from './async-queue.ts';

export interface SocketEvents {
  open: unknown;
  message: { data: unknown };
  close: { code: number; reason: string };
  error: unknown;
}

/** What the adapter needs of a WebSocket; the browser's WebSocket and `ws` both fit. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(): void;
  addEventListener<K extends keyof SocketEvents>(type: K, listener: (event: SocketEvents[K]) => void): void;
}

const OPEN = 1;

export type CloseReason =
  /** `close()` was called on this side. */
  | { kind: 'local' }
  /** The socket closed from the other end (the peer or the network). */
  | { kind: 'remote'; code: number; reason: string }
  /** The peer broke BOLT 8 (bad version, bad MAC, bad key, a text frame...). */
  | { kind: 'protocol'; error: DecodeError }
  /** The WebSocket reported an error, e.g. the connection could not be made. */
  | { kind: 'socket-error'; message: string }
  | { kind: 'handshake-timeout'; afterMs: number };

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly reason: CloseReason,
    readonly duringHandshake: boolean,
  ) {
    super(`${duringHandshake ? 'BOLT 8 handshake failed: ' : ''}${describe(reason)}`);
  }
}

function describe(reason: CloseReason): string {
  switch (reason.kind) {
    case 'local':
      return 'connection closed locally';
    case 'remote':
      return `connection closed by the other end (code ${reason.code}${reason.reason ? `, ${reason.reason}` : ''})`;
    case 'protocol':
      return `protocol violation: ${reason.error.message}`;
    case 'socket-error':
      return `WebSocket error: ${reason.message}`;
    case 'handshake-timeout':
      return `no handshake within ${reason.afterMs} ms`;
  }
}

export interface NoiseConnection {
  /** The peer's node id (33-byte compressed public key), authenticated by the handshake. */
  readonly remotePubkey: Uint8Array;
  /** Encrypts and sends one Lightning message; throws TransportError once closed, RangeError above 65535 bytes. */
  send(message: Uint8Array): void;
  /**
   * Decrypted incoming messages, in order, for one reader. Ends after the connection closes
   * normally ('local' or 'remote'); throws TransportError if it failed.
   */
  readonly messages: AsyncIterable<Uint8Array>;
  /** Settles (never rejects) with the reason once the connection is closed. */
  readonly closed: Promise<CloseReason>;
  close(): void;
}

export class SocketConnection implements NoiseConnection {
  readonly messages = new AsyncQueue<Uint8Array>();
  readonly closed: Promise<CloseReason>;
  /** Settles when the handshake completes or fails. */
  readonly ready: Promise<NoiseConnection>;
  private reason: CloseReason | undefined;
  private established = false;
  private settleClosed!: (reason: CloseReason) => void;
  private settleReady!: { resolve: (connection: NoiseConnection) => void; reject: (error: TransportError) => void };
  private readonly handshakeTimer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly session: NoiseSession,
    actOne: Uint8Array<ArrayBuffer> | undefined,
    handshakeTimeoutMs: number,
  ) {
    this.closed = new Promise((resolve) => (this.settleClosed = resolve));
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.handshakeTimer = setTimeout(
      () => this.finish({ kind: 'handshake-timeout', afterMs: handshakeTimeoutMs }),
      handshakeTimeoutMs,
    );

    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.finish({ kind: 'remote', code: event.code, reason: event.reason }));
    socket.addEventListener('error', (event) => this.finish({ kind: 'socket-error', message: errorMessage(event) }));
    if (actOne) {
      if (socket.readyState === OPEN) socket.send(actOne);
      else socket.addEventListener('open', () => socket.send(actOne));
    }
  }

  get remotePubkey(): Uint8Array {
    // Set once the handshake is complete, and `ready` hands the connection out only then.
    return this.session.remotePubkey!;
  }

  send(message: Uint8Array): void {
    if (this.reason) throw new TransportError(this.reason, false);
    this.socket.send(this.session.encrypt(message));
  }

  close(): void {
    this.finish({ kind: 'local' });
  }

  private receive(data: unknown): void {
    if (this.reason) return;
    try {
      const result = this.session.feed(frameBytes(data));
      for (const act of result.send) this.socket.send(act);
      if (result.ready && !this.established) {
        this.established = true;
        clearTimeout(this.handshakeTimer);
        this.settleReady.resolve(this);
      }
      for (const message of result.messages) this.messages.push(message);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      this.finish({ kind: 'protocol', error: e });
    }
  }

  private finish(reason: CloseReason): void {
    if (this.reason) return;
    this.reason = reason;
    clearTimeout(this.handshakeTimer);
    if (reason.kind !== 'remote') this.socket.close();
    const failed = reason.kind !== 'local' && reason.kind !== 'remote';
    this.messages.end(failed ? new TransportError(reason, false) : undefined);
    // Rejecting after a successful handshake is a no-op.
    this.settleReady.reject(new TransportError(reason, true));
    this.settleClosed(reason);
  }
}

function frameBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new DecodeError('invalid_encoding', 'received a non-binary WebSocket frame; BOLT 8 bytes travel in binary frames');
}

function errorMessage(event: unknown): string {
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : 'the WebSocket reported an error';
}
