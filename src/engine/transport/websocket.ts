/**
 * BOLT 8 over WebSocket: `connect` dials a peer as initiator; `accept` wraps a socket that a
 * server has already accepted, as responder.
 */
import { NoiseSession } from '../../protocol/bolt8/index.ts';
import { secp256k1 } from '../../protocol/crypto/index.ts';
import { SocketConnection, type NoiseConnection, type WebSocketLike } from './connection.ts';

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  /** ws:// or wss:// address of the peer (or of a proxy that forwards to it). */
  url: string;
  /** Our node secret key (32 bytes). */
  localSecret: Uint8Array;
  /** The peer's node id (33-byte compressed public key). */
  remotePubkey: Uint8Array;
  /** Only for reproducible tests; by default a fresh random key per connection, as BOLT 8 requires. */
  ephemeralSecret?: Uint8Array;
  /** Opens the socket; by default the global WebSocket (browsers, Node 22+). */
  createSocket?: (url: string) => WebSocketLike;
  handshakeTimeoutMs?: number;
}

export interface AcceptOptions {
  /** A server-side socket, already open (e.g. from `ws`'s WebSocketServer 'connection' event). */
  socket: WebSocketLike;
  localSecret: Uint8Array;
  ephemeralSecret?: Uint8Array;
  handshakeTimeoutMs?: number;
}

/**
 * Opens a BOLT 8 connection as initiator. Resolves once the handshake is complete; rejects with
 * TransportError (`duringHandshake: true`) if it fails, or RangeError for invalid keys.
 */
export async function connect(options: ConnectOptions): Promise<NoiseConnection> {
  const { session, actOne } = NoiseSession.initiator({
    localSecret: options.localSecret,
    remotePubkey: options.remotePubkey,
    ephemeralSecret: options.ephemeralSecret ?? randomSecret(),
  });
  const socket = (options.createSocket ?? globalWebSocket)(options.url);
  const timeout = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  return new SocketConnection(socket, session, actOne, timeout).ready;
}

/** Runs the responder side of the handshake on an open socket; resolves once the initiator is authenticated. */
export async function accept(options: AcceptOptions): Promise<NoiseConnection> {
  const session = NoiseSession.responder({
    localSecret: options.localSecret,
    ephemeralSecret: options.ephemeralSecret ?? randomSecret(),
  });
  const timeout = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  return new SocketConnection(options.socket, session, undefined, timeout).ready;
}

/** 48 random bytes mapped onto a valid secp256k1 scalar without modulo bias (noble's recommended input size). */
function randomSecret(): Uint8Array {
  return secp256k1.utils.randomSecretKey(crypto.getRandomValues(new Uint8Array(48)));
}

function globalWebSocket(url: string): WebSocketLike {
  if (typeof WebSocket === 'undefined') throw new Error('no global WebSocket here: pass createSocket');
  return new WebSocket(url);
}
