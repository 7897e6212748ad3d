export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
export { describeCloseReason, describeFailure, PeerError, type PeerErrorCode, type SessionCloseReason } from './errors.ts';
export { PeerManager, type PeerManagerEvents, type PeerManagerOptions, type PeerState, type PeerStatus } from './manager.ts';
export {
  DEFAULT_INIT_FEATURES,
  DEFAULT_INIT_TIMEOUT_MS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_PONG_TIMEOUT_MS,
  PeerSession,
  type InitMessage,
  type MessageHandler,
  type PeerMessage,
  type PeerSessionOptions,
  type PeerSessionTiming,
} from './session.ts';
export { systemTimers, type TimerHandle, type Timers } from './timers.ts';
