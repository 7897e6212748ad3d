import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { assertEqual } from '../engine/storage/conformance.ts';
import type { Store } from '../engine/storage/store.ts';
import { expectedAfter, readCounter, replacementFor } from './crash-workload.ts';
import { openFileStore } from './file-store.ts';

const WORKLOAD = fileURLToPath(new URL('./crash-workload.ts', import.meta.url));
const KILLS = 20;
const REPLACE_KILLS = 10;
// Small, so that compactions happen often and some kills land in one.
const COMPACT_AFTER_BYTES = 64 * 1024;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-store-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small seeded PRNG, so that a failing run can be repeated. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the workload until it has acknowledged `acks` steps, then SIGKILLs it `delayMs` after it
 * begins the next one; returns every step it acknowledged.
 */
function runAndKill(args: string[], acks: number, delayMs: number): Promise<number[]> {
  // node --import tsx rather than the tsx CLI, which would run the script in a grandchild that survives the kill.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKLOAD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: number[] = [];
  let out = '';
  let err = '';
  let killed = false;
  const kill = () => {
    killed = true;
    child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`the workload acknowledged ${acked.length} of ${acks} steps within 20 s: ${err}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const [what, i] = line.split(' ');
        if (what === 'ack') acked.push(Number(i));
        else if (what === 'begin' && acked.length >= acks && !killed) {
          if (delayMs === 0) kill();
          else setTimeout(kill, delayMs);
          killed = true;
        }
      }
    });
    // 'close' comes after the process exited and its stdout was read to the end.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killed && signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the workload exited on its own (code ${code}, signal ${signal}): ${err}`));
    });
  });
}

async function contents(store: Store) {
  const out: Record<string, [string, unknown][]> = {};
  for (const c of ['channels', 'meta', 'payments'] as const) out[c] = (await store.list(c)).map((e) => [e.key, e.value]);
  return out;
}

test(`a process killed ${KILLS} times mid-stream leaves the last acknowledged commit or the next, never a torn one`, async () => {
  const random = mulberry32(0x5eed);
  let counter = 0;
  const outcomes = { acknowledged: 0, oneAhead: 0 };
  for (let run = 0; run < KILLS; run++) {
    const acks = await runAndKill(['store', dir, String(COMPACT_AFTER_BYTES)], 1 + Math.floor(random() * 8), Math.floor(random() * 3));
    expect(acks, `run ${run}: acks continue from ${counter}`).toEqual(acks.map((_, i) => counter + 1 + i));
    const lastAck = acks.at(-1)!;

    const store = await openFileStore(dir, { compactAfterBytes: COMPACT_AFTER_BYTES });
    try {
      counter = await readCounter(store);
      expect([lastAck, lastAck + 1], `run ${run}: counter after the kill`).toContain(counter);
      assertEqual(await contents(store), expectedAfter(counter), `run ${run}: the whole state after commit ${counter}`);
    } finally {
      await store.close();
    }
    outcomes[counter === lastAck ? 'acknowledged' : 'oneAhead']++;
  }
  expect(outcomes.acknowledged + outcomes.oneAhead).toBe(KILLS);
}, 180_000);

// Compaction relies on this; a kill during the store test rarely lands inside the short snapshot write.
test(`a file replaced durably and killed ${REPLACE_KILLS} times mid-write holds one whole version`, async () => {
  const random = mulberry32(0xf11e);
  const replaceDir = join(dir, 'replace');
  await mkdir(replaceDir);
  let previous = 0;
  for (let run = 0; run < REPLACE_KILLS; run++) {
    const acks = await runAndKill(['replace', replaceDir], 1 + Math.floor(random() * 3), Math.floor(random() * 4));
    const lastAck = acks.at(-1)!;
    const bytes = await readFile(join(replaceDir, 'file'));
    const version = bytes[0]!;
    expect([lastAck & 0xff, (lastAck + 1) & 0xff], `run ${run}: the version on disk`).toContain(version);
    expect(bytes.equals(replacementFor(version)), `run ${run}: version ${version} is whole`).toBe(true);
    const names = await readdir(replaceDir);
    expect(names.filter((n) => n !== 'file' && n !== 'file.tmp'), `run ${run}: files`).toEqual([]);
    previous = version;
  }
  expect(previous).toBeGreaterThan(0);
}, 180_000);
