import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LOCAL_REGTEST_ESPLORA } from '../src/engine/chain/esplora-presets.ts';

/** The wallet's regtest default (LOCAL_REGTEST_ESPLORA), so the production build needs no setting. */
export const DEVNET_ESPLORA_PORT = Number(new URL(LOCAL_REGTEST_ESPLORA).port);

export interface RunningDevnet {
  esplora: string;
  admin: string;
  command(args: string[], options?: Record<string, string | boolean>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts `npm run devnet` as a separate process, as a newcomer would, and drives it through its admin API. */
export async function startDevnet(): Promise<RunningDevnet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-devnet-'));
  const child: ChildProcess = spawn('node_modules/.bin/tsx', ['devnet/cli.ts', 'start', '--datadir', dataDir, '--esplora-port', String(DEVNET_ESPLORA_PORT)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('devnet not ready within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).once('line', (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`devnet exited with ${code}`)));
  });
  const info = JSON.parse(line) as { esplora: string; admin: string };
  return {
    ...info,
    async command(args, options = {}) {
      const response = await fetch(`${info.admin}/command`, { method: 'POST', body: JSON.stringify({ command: args, options }) });
      const body = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`devnet ${args.join(' ')}: ${String(body.error)}`);
      return body;
    },
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
