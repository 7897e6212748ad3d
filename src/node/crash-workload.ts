/**
 * What the crash tests (file-store.crash.test.ts) run in a child process until they kill it.
 * `store <dir> <compactAfterBytes>`: commits commitFor(i), continuing from the store's counter.
 * `replace <dir>`: replaces dir/file with replacementFor(i) by replaceFileDurably, from i = 1.
 * Both print "begin <i>" as step i starts and "ack <i>" once it has resolved. Commit i is a pure function of i, so the state
 * after commit n can be rebuilt and compared exactly.
 */
import { pathToFileURL } from 'node:url';
import { del, put, type Store, type StoreValue, type Write } from '../engine/storage/store.ts';

export function commitFor(i: number): Write[] {
  // Every 7th commit carries a larger value so that some kills land inside a long write.
  const size = i % 7 === 0 ? 48_000 : 40 + (i % 13);
  const bytes = Uint8Array.from({ length: size }, (_, j) => (i * 31 + j) & 0xff);
  return [
    put('channels', `chan-${i % 5}`, { commitment: BigInt(i) * 1_000_003n, state: bytes, number: i }),
    put('payments', `pay-${String(i).padStart(6, '0')}`, { amount: BigInt(i) ** 3n, settled: i % 2 === 0 }),
    del('payments', `pay-${String(i - 3).padStart(6, '0')}`),
    put('meta', 'counter', i),
  ];
}

/** The store's content after commits 1..n, collection by collection, keys in order. */
export function expectedAfter(n: number): Record<string, [string, StoreValue][]> {
  const model = new Map<string, Map<string, StoreValue>>();
  for (let i = 1; i <= n; i++) {
    for (const w of commitFor(i)) {
      const map = model.get(w.collection) ?? new Map<string, StoreValue>();
      model.set(w.collection, map);
      if (w.op === 'put') map.set(w.key, w.value);
      else map.delete(w.key);
    }
  }
  const out: Record<string, [string, StoreValue][]> = {};
  for (const c of ['channels', 'meta', 'payments']) {
    out[c] = [...(model.get(c) ?? new Map<string, StoreValue>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return out;
}

export async function readCounter(store: Store): Promise<number> {
  const counter = await store.get('meta', 'counter');
  return typeof counter === 'number' ? counter : 0;
}

/** Large enough that writing it takes a while, so that kills land inside the write. */
export function replacementFor(i: number): Buffer {
  return Buffer.alloc(8 << 20, i & 0xff);
}

async function main(mode: string | undefined, dir: string, compactAfterBytes: number): Promise<void> {
  // Writes to a pipe are synchronous on Linux: a line is out before the next step starts.
  const say = (what: string, i: number) => process.stdout.write(`${what} ${i}\n`);
  if (mode === 'replace') {
    const { replaceFileDurably } = await import('./durable-fs.ts');
    for (let i = 1; ; i++) {
      const bytes = replacementFor(i);
      say('begin', i);
      await replaceFileDurably(dir, 'file', bytes);
      say('ack', i);
    }
  }
  const { openFileStore } = await import('./file-store.ts');
  const store = await openFileStore(dir, { compactAfterBytes });
  for (let i = (await readCounter(store)) + 1; ; i++) {
    const writes = commitFor(i);
    say('begin', i);
    await store.commit(writes);
    say('ack', i);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, dir, compact] = process.argv.slice(2);
  main(mode, dir!, Number(compact)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
