/** Reconnection delays: exponential from `initialMs`, capped at `maxMs`, spread by ±`jitter`. */
export interface BackoffOptions {
  /** The delay after the first failure (default 1 s). */
  initialMs?: number;
  /** The longest delay (default 60 s). */
  maxMs?: number;
  /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter] (default 0.2), then capped. */
  jitter?: number;
  /** A connection that stayed up this long resets the delay to `initialMs` (default 60 s). */
  resetAfterMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 1_000, maxMs: 60_000, jitter: 0.2, resetAfterMs: 60_000 };

/** The delay before the next attempt, after `failures` consecutive failed or short-lived connections (0 = the first). */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialMs, maxMs, jitter } = { ...DEFAULT_BACKOFF, ...options };
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(failures, 52));
  return Math.max(0, Math.min(maxMs, Math.round(base * (1 - jitter + 2 * jitter * random()))));
}
