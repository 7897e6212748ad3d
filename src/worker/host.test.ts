import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import type { EngineApi, EngineEvent } from './api.ts';
import { hostEngine } from './host.ts';
import { createClient, type Endpoint } from './rpc.ts';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const { port1, port2 } of channels.splice(0)) {
    port1.close();
    port2.close();
  }
});

describe('engine host', () => {
  it('serves the engine and forwards its events, as the worker does', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const client = createClient<EngineApi, EngineEvent>(channel.port2 as unknown as Endpoint, { timeoutMs: 2_000 });
    const events: EngineEvent[] = [];
    client.onEvent((e) => events.push(e));

    const { engine } = hostEngine(channel.port1 as unknown as Endpoint, { network: 'signet' });
    expect(await client.call('info')).toEqual({ version: pkg.version, network: 'signet' });
    expect(await client.call('status')).toBe('ready');

    engine.stop();
    expect(await client.call('status')).toBe('stopped');
    expect(events).toEqual([
      { type: 'status', status: 'ready' },
      { type: 'status', status: 'stopped' },
    ]);
  });
});
