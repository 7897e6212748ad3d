import type { CloseReason } from '../transport/index.ts';
import { TransportError } from '../transport/index.ts';

/** Why a peer session ended. `describeCloseReason` turns it into plain words. */
export type SessionCloseReason =
  /** `close()` was called on our side (or the manager was told to disconnect). */
  | { kind: 'local' }
  /**
   * The encrypted connection ended by itself: the peer or the network closed it, or it broke.
   * `peerError` is the text of the last `error` the peer sent before, often the real cause.
   */
  | { kind: 'transport'; reason: CloseReason; peerError?: string }
  /** The peer did not send its `init` in time. */
  | { kind: 'init-timeout'; afterMs: number }
  /** The peer's `init` rules out talking to it: features we lack, or another chain. */
  | { kind: 'incompatible'; detail: string }
  /** The peer broke BOLT 1: an unknown even message, a malformed message, no `init` first. */
  | { kind: 'protocol'; detail: string }
  /** A ping of ours went unanswered. */
  | { kind: 'pong-timeout'; afterMs: number }
  /** Our own message handler threw: the connection is dropped so nothing is processed out of order. */
  | { kind: 'handler-failed'; detail: string };

export type PeerErrorCode =
  /** There is no live, initialised session with that peer. */
  | 'not_connected'
  /** A session ended before its `init` exchange completed. */
  | 'session_failed';

export class PeerError extends Error {
  override readonly name = 'PeerError';
  constructor(
    readonly code: PeerErrorCode,
    message: string,
    /** For `session_failed`: why the session ended. */
    readonly reason?: SessionCloseReason,
  ) {
    super(message);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The reason a session ended, for people: no jargon beyond what the peer itself said. */
export function describeCloseReason(reason: SessionCloseReason): string {
  switch (reason.kind) {
    case 'local':
      return 'disconnected by us';
    case 'transport': {
      const base = describeTransportClose(reason.reason);
      return reason.peerError ? `${base}; the peer's last error was: ${reason.peerError}` : base;
    }
    case 'init-timeout':
      return `the peer did not introduce itself (no init message within ${seconds(reason.afterMs)})`;
    case 'incompatible':
      return `the peer is incompatible: ${reason.detail}`;
    case 'protocol':
      return `the peer broke the protocol: ${reason.detail}`;
    case 'pong-timeout':
      return `the peer stopped answering (no reply to a ping within ${seconds(reason.afterMs)})`;
    case 'handler-failed':
      return `handling a message from the peer failed: ${reason.detail}`;
  }
}

export function describeTransportClose(reason: CloseReason, duringHandshake = false): string {
  switch (reason.kind) {
    case 'local':
      return 'disconnected by us';
    case 'remote':
      return duringHandshake
        ? `the peer hung up during the encrypted handshake (wrong node id?)${reason.reason ? `: ${reason.reason}` : ''}`
        : `the peer closed the connection${reason.reason ? `: ${reason.reason}` : ''}`;
    case 'protocol':
      return `the encrypted connection broke: ${reason.error.message}`;
    case 'socket-error':
      return `could not reach the peer: ${reason.message}`;
    case 'handshake-timeout':
      return `the peer did not complete the encrypted handshake within ${seconds(reason.afterMs)}`;
  }
}

/** Any failure of a connection attempt, in plain words. */
export function describeFailure(error: unknown): string {
  if (error instanceof PeerError) return error.reason ? describeCloseReason(error.reason) : error.message;
  if (error instanceof TransportError) return describeTransportClose(error.reason, error.duringHandshake);
  if (error instanceof Error) return error.message;
  return String(error);
}
