import { afterEach, describe, expect, it } from 'vitest';
import { createClient, RpcError, serve, type Endpoint, type Handlers } from './rpc.ts';

type TestApi = {
  add(a: number, b: number): number;
  slowEcho(text: string): Promise<string>;
  fail(code: string): void;
  failPlain(): void;
  never(): Promise<void>;
  unsendable(): unknown;
};
type TestEvent = { type: 'tick'; n: number };

class CodedError extends Error {
  override readonly name = 'CodedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const handlers: Handlers<TestApi> = {
  add: (a, b) => a + b,
  slowEcho: async (text) => {
    await new Promise((r) => setTimeout(r, 5));
    return text;
  },
  fail: (code) => {
    throw new CodedError(code, `failed with ${code}`);
  },
  failPlain: () => {
    throw new TypeError('plain failure');
  },
  never: () => new Promise<void>(() => undefined),
  unsendable: () => () => 'functions cannot be cloned',
};

const channels: MessageChannel[] = [];
function connect() {
  const channel = new MessageChannel();
  channels.push(channel);
  // Node's MessagePort and the DOM one differ only in typings.
  const server = serve<TestApi, TestEvent>(channel.port1 as unknown as Endpoint, handlers);
  const client = createClient<TestApi, TestEvent>(channel.port2 as unknown as Endpoint, { timeoutMs: 2_000 });
  return { server, client };
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RpcError);
    return err as RpcError;
  }
  throw new Error('expected the call to reject');
}

afterEach(() => {
  for (const { port1, port2 } of channels.splice(0)) {
    port1.close();
    port2.close();
  }
});

describe('RPC over a MessageChannel', () => {
  it('answers calls, matching concurrent responses to requests by id', async () => {
    const { client } = connect();
    const [slow, sum] = await Promise.all([client.call('slowEcho', 'hello'), client.call('add', 2, 3)]);
    expect(slow).toBe('hello');
    expect(sum).toBe(5);
  });

  it('propagates thrown errors as name, message and code', async () => {
    const { client } = connect();
    const err = await rejection(client.call('fail', 'insufficient_funds'));
    expect(err.toData()).toEqual({ name: 'CodedError', message: 'failed with insufficient_funds', code: 'insufficient_funds' });
    expect(err.message).toBe('failed with insufficient_funds');
  });

  it("gives errors without a code the code 'internal'", async () => {
    const { client } = connect();
    const err = await rejection(client.call('failPlain'));
    expect(err.toData()).toEqual({ name: 'TypeError', message: 'plain failure', code: 'internal' });
  });

  it('rejects unknown methods, including inherited ones', async () => {
    const { client } = connect();
    const untyped = client as unknown as { call(method: string): Promise<unknown> };
    expect((await rejection(untyped.call('launchMissiles'))).code).toBe('unknown_method');
    expect((await rejection(untyped.call('constructor'))).code).toBe('unknown_method');
    expect((await rejection(untyped.call('toString'))).code).toBe('unknown_method');
  });

  it('reports a result that cannot be cloned instead of hanging', async () => {
    const { client } = connect();
    expect((await rejection(client.call('unsendable'))).code).toBe('data_clone');
  });

  it('reports arguments that cannot be cloned', async () => {
    const { client } = connect();
    const err = await rejection(client.call('slowEcho', (() => 'x') as unknown as string));
    expect(err.code).toBe('data_clone');
  });

  it('delivers events to subscribers until they unsubscribe', async () => {
    const { server, client } = connect();
    const seen: TestEvent[] = [];
    const off = client.onEvent((e) => seen.push(e));
    server.emit({ type: 'tick', n: 1 });
    server.emit({ type: 'tick', n: 2 });
    // A round trip after the events guarantees they were delivered (one ordered channel).
    await client.call('add', 0, 0);
    off();
    server.emit({ type: 'tick', n: 3 });
    await client.call('add', 0, 0);
    expect(seen).toEqual([
      { type: 'tick', n: 1 },
      { type: 'tick', n: 2 },
    ]);
  });

  it('times out calls that get no answer', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    serve<TestApi>(channel.port1 as unknown as Endpoint, handlers);
    const client = createClient<TestApi>(channel.port2 as unknown as Endpoint, { timeoutMs: 20 });
    const err = await rejection(client.call('never'));
    expect(err.code).toBe('timeout');
  });

  it('rejects pending and later calls once closed', async () => {
    const { client } = connect();
    const inflight = client.call('never');
    client.close({ name: 'WorkerError', message: 'the worker crashed', code: 'worker_failed' });
    expect((await rejection(inflight)).toData()).toEqual({ name: 'WorkerError', message: 'the worker crashed', code: 'worker_failed' });
    expect((await rejection(client.call('add', 1, 1))).code).toBe('worker_failed');
  });

  it('ignores messages that are not RPC traffic', async () => {
    const { client } = connect();
    const channel = channels[0]!;
    channel.port1.postMessage({ hello: 'world' });
    channel.port1.postMessage(null);
    expect(await client.call('add', 1, 2)).toBe(3);
  });
});
