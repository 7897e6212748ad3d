import type { EngineApi, EngineEvent, EngineInfo, EngineStatus } from '../worker/api.ts';
import type { WalletApi, WalletUiEvent } from '../worker/wallet-api.ts';
import { createClient, toErrorData, type Client, type Endpoint, type RpcErrorData } from '../worker/rpc.ts';

/** Everything the worker answers: the engine shell merged with the on-chain wallet and the Lightning node. */
export type AppApi = EngineApi & WalletApi;
export type AppEvent = EngineEvent | WalletUiEvent;
export type AppClient = Client<AppApi, AppEvent>;

/** How long the UI waits for the worker's first answer before telling the person it did not start. */
const START_TIMEOUT_MS = 10_000;
/**
 * The limit for any later call. Generous: syncing, broadcasting or key stretching on a slow phone
 * can take a while, and a send must not be reported as failed while it may still go out.
 */
const CALL_TIMEOUT_MS = 120_000;

export interface EngineConnection {
  client: AppClient;
  /** Resolves with the engine's first answer; rejects with structured error data. */
  ready: Promise<{ info: EngineInfo; status: EngineStatus }>;
  dispose(): void;
}

const NOWHERE: Endpoint = { postMessage() {}, addEventListener() {}, removeEventListener() {} };

function workerFailure(event: Event): RpcErrorData {
  // A module worker that fails to load fires a bare Event; one that throws fires an ErrorEvent.
  const message = event instanceof ErrorEvent && event.message ? event.message : 'the engine script could not be loaded';
  return { name: 'WorkerError', message, code: 'worker_failed' };
}

function withinStartTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject({ name: 'RpcError', message: `the engine did not answer within ${START_TIMEOUT_MS} ms`, code: 'timeout' } satisfies RpcErrorData),
      START_TIMEOUT_MS,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(toErrorData(err));
      },
    );
  });
}

/**
 * Starts the engine's dedicated worker and connects a typed RPC client to it.
 * `onFailure` hears about the worker dying at any time, not only during start-up.
 */
export function connectEngine(onFailure: (error: RpcErrorData) => void): EngineConnection {
  let worker: Worker;
  try {
    worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  } catch (err) {
    // No worker at all (e.g. module workers unsupported): a closed client rejects every call with the reason.
    const error = { ...toErrorData(err), code: 'worker_unsupported' };
    const client = createClient<AppApi, AppEvent>(NOWHERE);
    client.close(error);
    return { client, ready: Promise.reject(error), dispose: () => undefined };
  }

  const client = createClient<AppApi, AppEvent>(worker, { timeoutMs: CALL_TIMEOUT_MS });
  const failWith = (error: RpcErrorData) => {
    client.close(error);
    onFailure(error);
  };
  const fail = (event: Event) => failWith(workerFailure(event));
  const failClone = () => failWith({ name: 'WorkerError', message: 'a message from the engine could not be read', code: 'worker_failed' });
  worker.addEventListener('error', fail);
  worker.addEventListener('messageerror', failClone);

  const ready = withinStartTimeout(Promise.all([client.call('info'), client.call('status')])).then(([info, status]) => ({ info, status }));
  return {
    client,
    ready,
    dispose() {
      worker.removeEventListener('error', fail);
      worker.removeEventListener('messageerror', failClone);
      client.close();
      worker.terminate();
    },
  };
}
