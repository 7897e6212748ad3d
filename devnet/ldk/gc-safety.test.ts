import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDevnet } from '../devnet.ts';

/**
 * LDK's JS bindings hold JS-implemented trait objects only through WeakRefs. Any object we
 * hand to LDK and then drop is a crash waiting for a garbage collection ("Got function call
 * on GC'd JS object"). Collecting every few milliseconds turns that flake into a failure.
 */
describe('the devnet under constant garbage collection', () => {
  // Test workers cannot be started with --expose-gc; setting the flag at run time exposes gc() to new contexts.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  it('starts, pays, mines and closes without LDK calling a collected object', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devnet-gc-'));
    const timer = setInterval(() => gc(), 5);
    const devnet = await startDevnet({ dataDir });
    const command = async (args: string[], options: Record<string, boolean> = {}) =>
      (await (await fetch(`${devnet.info.admin}/command`, { method: 'POST', body: JSON.stringify({ command: args, options }) })).json()) as Record<string, unknown>;
    try {
      for (let i = 0; i < 8; i++) {
        const invoice = await command(['merchant', 'invoice', String(1000 + i), 'gc']);
        expect(await command(['lsp', 'pay', invoice.bolt11 as string])).toMatchObject({ status: 'succeeded' });
        await command(['mine', '1']);
      }
      const opened = await command(['merchant', 'open', devnet.info.nodes.lsp.id, '200000']);
      await command(['mine', '6']);
      expect(await command(['merchant', 'close', opened.channelId as string])).toMatchObject({ force: false });
      await command(['mine', '6']);
    } finally {
      clearInterval(timer);
      await devnet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
