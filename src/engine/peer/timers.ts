/**
 * The clock and timers the peer layer runs on, injected so tests can drive time by hand.
 * The defaults use the globals that both Node and Web Workers provide.
 */
export type TimerHandle = unknown;

export interface Timers {
  /** Milliseconds since an arbitrary epoch; only differences matter. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
