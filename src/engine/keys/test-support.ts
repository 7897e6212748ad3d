/** Test helpers for the key layer (imported by tests only). */
import { EngineError } from '../engine-error.ts';

/** The EngineError `f` throws; fails the test if it returns or throws anything else. */
export function engineError(f: () => unknown): EngineError {
  try {
    f();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError, but nothing was thrown');
}

/** The EngineError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function engineRejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError, but the promise resolved');
}
