import { describe, expect, it, vi } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { Engine, EngineError, type EngineEvent } from './engine.ts';
import { resolveConfig } from './engine-config.ts';
import { Emitter } from './engine-events.ts';

describe('Engine', () => {
  it('reports the package version and defaults to regtest', () => {
    expect(new Engine().info()).toEqual({ version: pkg.version, network: 'regtest' });
  });

  it('reports the chain server and default peer it was given, normalised', () => {
    const peer = '02341d6be217dc8fa7a32d8bd927928f8d6c7ef2a8e7039e3b52dfa681605e1ca3@ws://127.0.0.1:9736';
    const engine = new Engine(resolveConfig({ esploraUrl: 'http://127.0.0.1:3002/', defaultPeer: peer }));
    expect(engine.info()).toMatchObject({ esploraUrl: 'http://127.0.0.1:3002', defaultPeer: peer });
    expect(() => resolveConfig({ esploraUrl: 'ftp://x' })).toThrow(/http\(s\) URL/);
    expect(() => resolveConfig({ defaultPeer: 'nonsense' })).toThrow(EngineError);
  });

  it('reports the configured network', () => {
    expect(new Engine({ network: 'signet' }).info().network).toBe('signet');
  });

  it('rejects an unknown network with a coded error', () => {
    const make = () => new Engine({ network: 'bogus' as never });
    expect(make).toThrow(EngineError);
    expect(make).toThrow(/unknown network "bogus"/);
    try {
      make();
    } catch (err) {
      expect((err as EngineError).code).toBe('invalid_config');
      expect((err as EngineError).name).toBe('EngineError');
    }
  });

  it('emits status events on start and stop, once per change', () => {
    const engine = new Engine();
    const events: EngineEvent[] = [];
    const off = engine.on((e) => events.push(e));
    expect(engine.status).toBe('idle');
    engine.start();
    engine.start();
    expect(engine.status).toBe('ready');
    engine.stop();
    engine.stop();
    off();
    engine.start();
    expect(events).toEqual([
      { type: 'status', status: 'ready' },
      { type: 'status', status: 'stopped' },
    ]);
  });
});

describe('resolveConfig', () => {
  it('treats missing or empty values as the default', () => {
    expect(resolveConfig()).toEqual({ network: 'regtest' });
    expect(resolveConfig({ network: '' })).toEqual({ network: 'regtest' });
    expect(resolveConfig({ network: 'mainnet' })).toEqual({ network: 'mainnet' });
  });

  it('rejects non-string values', () => {
    expect(() => resolveConfig({ network: 42 })).toThrow(EngineError);
  });
});

describe('Emitter', () => {
  it('keeps delivering to other listeners when one throws', async () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const uncaught = vi.fn();
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (cb) => original(() => {
      try {
        cb();
      } catch (err) {
        uncaught(err);
      }
    });
    try {
      emitter.on(() => {
        throw new Error('listener bug');
      });
      emitter.on((n) => seen.push(n));
      emitter.emit(7);
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(seen).toEqual([7]);
    expect(uncaught).toHaveBeenCalledWith(new Error('listener bug'));
  });

  it('unsubscribes', () => {
    const emitter = new Emitter<string>();
    const off = emitter.on(() => undefined);
    expect(emitter.size).toBe(1);
    off();
    expect(emitter.size).toBe(0);
  });
});
