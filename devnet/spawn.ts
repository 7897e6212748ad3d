/** Runs `npm run devnet` as its own process, as a person would, for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DevnetInfo } from './devnet.ts';

export interface SpawnedDevnet {
  info: DevnetInfo;
  child: ChildProcess;
  /** SIGTERM, then resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

/** Starts the devnet CLI with `args` (e.g. ['--datadir', dir]) and resolves on its ready line. */
export async function spawnDevnet(args: string[], { readyTimeoutMs = 60_000 } = {}): Promise<SpawnedDevnet> {
  const child = spawn('node_modules/.bin/tsx', ['devnet/cli.ts', 'start', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devnet not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    createInterface({ input: child.stdout! }).once('line', (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`devnet exited with ${code}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { info: JSON.parse(line) as DevnetInfo, child, stop };
}

/** One admin command; a 4xx/5xx answer becomes an Error carrying the devnet's reason. */
export async function adminCommand(adminUrl: string, command: string[], options: Record<string, string | boolean> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${adminUrl}/command`, { method: 'POST', body: JSON.stringify({ command, options }) });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`devnet ${command.join(' ')}: ${String(body.error)}`);
  return body;
}
