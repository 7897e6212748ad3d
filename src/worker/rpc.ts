/**
 * A small typed RPC over postMessage. Both ends share one API type; the wire format is
 * structured-clone data only, so it works over Worker, MessagePort and Node's MessageChannel.
 */

import { Emitter } from '../engine/engine-events.ts';

export interface Endpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** MessagePorts queue messages until started; Workers and worker scopes have no start(). */
  start?(): void;
}

export type RpcErrorCode = 'unknown_method' | 'timeout' | 'closed' | 'internal' | 'data_clone' | (string & {});

export interface RpcErrorData {
  name: string;
  message: string;
  code: RpcErrorCode;
}

/** An error raised on the other side (or by the transport), rebuilt from its structured form. */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  constructor({ name, message, code }: RpcErrorData) {
    super(message);
    this.name = name;
    this.code = code;
  }

  toData(): RpcErrorData {
    return { name: this.name, message: this.message, code: this.code };
  }
}

type Method = (...args: never[]) => unknown;
export type MethodName<Api> = { [K in keyof Api]: Api[K] extends Method ? K : never }[keyof Api] & string;
type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;
type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** What serve() accepts: each method may answer synchronously or with a promise. */
export type Handlers<Api> = { [K in MethodName<Api>]: (...args: ArgsOf<Api[K]>) => ResultOf<Api[K]> | Promise<ResultOf<Api[K]>> };

type Wire =
  | { rpc: 1; kind: 'request'; id: number; method: string; args: unknown[] }
  | { rpc: 1; kind: 'response'; id: number; ok: true; value: unknown }
  | { rpc: 1; kind: 'response'; id: number; ok: false; error: RpcErrorData }
  | { rpc: 1; kind: 'event'; event: unknown };

function isWire(data: unknown): data is Wire {
  return typeof data === 'object' && data !== null && (data as { rpc?: unknown }).rpc === 1;
}

export function toErrorData(err: unknown): RpcErrorData {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, code: typeof code === 'string' ? code : 'internal' };
  }
  return { name: 'Error', message: String(err), code: 'internal' };
}

export interface Server<Event> {
  emit(event: Event): void;
  close(): void;
}

export function serve<Api, Event = never>(endpoint: Endpoint, handlers: Handlers<Api>): Server<Event> {
  const post = (message: Wire) => endpoint.postMessage(message);
  const onMessage = async ({ data }: MessageEvent) => {
    if (!isWire(data) || data.kind !== 'request') return;
    const { id, method, args } = data;
    // Own properties only, so 'constructor' or 'toString' are not callable over the wire.
    const handler: unknown = Object.hasOwn(handlers, method) ? (handlers as Record<string, unknown>)[method] : undefined;
    if (typeof handler !== 'function') {
      post({ rpc: 1, kind: 'response', id, ok: false, error: { name: 'RpcError', message: `unknown method "${method}"`, code: 'unknown_method' } });
      return;
    }
    try {
      const value: unknown = await handler.apply(handlers, args);
      try {
        post({ rpc: 1, kind: 'response', id, ok: true, value });
      } catch (err) {
        const message = `result of "${method}" cannot be sent: ${toErrorData(err).message}`;
        post({ rpc: 1, kind: 'response', id, ok: false, error: { name: 'RpcError', message, code: 'data_clone' } });
      }
    } catch (err) {
      post({ rpc: 1, kind: 'response', id, ok: false, error: toErrorData(err) });
    }
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
  return {
    emit: (event) => post({ rpc: 1, kind: 'event', event }),
    close: () => endpoint.removeEventListener('message', onMessage),
  };
}

export interface ClientOptions {
  /** Rejects a call with code 'timeout' if no answer arrives in time; no limit when omitted. */
  timeoutMs?: number;
}

export interface Client<Api, Event = never> {
  call<M extends MethodName<Api>>(method: M, ...args: ArgsOf<Api[M]>): Promise<ResultOf<Api[M]>>;
  onEvent(listener: (event: Event) => void): () => void;
  /** Stops listening and rejects every pending call, e.g. when the worker has died. */
  close(reason?: RpcErrorData): void;
}

interface Pending {
  resolve: (value: never) => void;
  reject: (err: RpcError) => void;
  timer?: ReturnType<typeof setTimeout>;
}

export function createClient<Api, Event = never>(endpoint: Endpoint, options: ClientOptions = {}): Client<Api, Event> {
  const pending = new Map<number, Pending>();
  let events = new Emitter<Event>();
  let nextId = 1;
  let closedWith: RpcErrorData | undefined;

  const settle = (id: number) => {
    const entry = pending.get(id);
    pending.delete(id);
    if (entry?.timer !== undefined) clearTimeout(entry.timer);
    return entry;
  };

  const onMessage = ({ data }: MessageEvent) => {
    if (!isWire(data)) return;
    if (data.kind === 'event') {
      events.emit(data.event as Event);
    } else if (data.kind === 'response') {
      const entry = settle(data.id);
      if (!entry) return;
      if (data.ok) entry.resolve(data.value as never);
      else entry.reject(new RpcError(data.error));
    }
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();

  return {
    call(method, ...args) {
      if (closedWith) return Promise.reject(new RpcError(closedWith));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const entry: Pending = { resolve, reject };
        if (options.timeoutMs !== undefined) {
          entry.timer = setTimeout(() => {
            settle(id);
            reject(new RpcError({ name: 'RpcError', message: `"${method}" got no answer within ${options.timeoutMs} ms`, code: 'timeout' }));
          }, options.timeoutMs);
        }
        pending.set(id, entry);
        try {
          endpoint.postMessage({ rpc: 1, kind: 'request', id, method, args } satisfies Wire);
        } catch (err) {
          settle(id);
          reject(new RpcError({ name: 'RpcError', message: `arguments of "${method}" cannot be sent: ${toErrorData(err).message}`, code: 'data_clone' }));
        }
      });
    },
    onEvent: (listener) => events.on(listener),
    close(reason = { name: 'RpcError', message: 'the RPC client was closed', code: 'closed' }) {
      if (closedWith) return;
      closedWith = reason;
      endpoint.removeEventListener('message', onMessage);
      events = new Emitter<Event>();
      for (const id of [...pending.keys()]) settle(id)?.reject(new RpcError(reason));
    },
  };
}
