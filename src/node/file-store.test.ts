import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertEqual, assertRejects } from '../engine/storage/conformance.ts';
import { describeStoreConformance } from '../engine/storage/describe-store-conformance.ts';
import { COLLECTIONS, del, put, type Store, type StoreValue } from '../engine/storage/store.ts';
import { StorageError } from '../engine/storage/storage-error.ts';
import { openFileStore } from './file-store.ts';
import { HEADER_BYTES, LOG_MAGIC, SNAPSHOT_MAGIC, frame } from './frames.ts';

// tmpfs where there is one: these tests are about format and logic, and fsync on a real disk can
// take 100 ms. The crash test (file-store.crash.test.ts) runs on the real temp directory.
const TMP = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

let root: string;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(TMP, 'file-store-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const freshDir = () => join(root, `store-${++count}`);

describeStoreConformance('file store', () => {
  const dir = freshDir();
  return { open: () => openFileStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
});

async function withStore<T>(dir: string, use: (store: Store) => Promise<T>, compactAfterBytes?: number): Promise<T> {
  const store = await openFileStore(dir, compactAfterBytes === undefined ? {} : { compactAfterBytes });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function contents(store: Store): Promise<Record<string, [string, StoreValue][]>> {
  const out: Record<string, [string, StoreValue][]> = {};
  for (const c of COLLECTIONS) out[c] = (await store.list(c)).map((e) => [e.key, e.value]);
  return out;
}

const openError = (dir: string): Promise<StorageError> => assertRejects(openFileStore(dir), 'corrupt', `opening ${dir}`);

describe('file store on disk', () => {
  it('compacts the log into a snapshot and keeps every commit', async () => {
    const dir = freshDir();
    const expected = await withStore(
      dir,
      async (store) => {
        for (let i = 0; i < 120; i++) {
          await store.commit([put('channels', `c${i % 4}`, { n: BigInt(i), pad: new Uint8Array(100).fill(i) }), put('payments', `p${i}`, i)]);
          if (i % 3 === 0) await store.commit([del('payments', `p${i}`)]);
        }
        // A small last commit, so that the current log exists (it is created by the first append after a compaction).
        await store.commit([put('meta', 'last', true)]);
        return contents(store);
      },
      2048,
    );
    const files = (await readdir(dir)).sort();
    const logs = files.filter((f) => f.startsWith('log.'));
    expect(files).toContain('snapshot');
    expect(logs).toHaveLength(1);
    expect(Number(logs[0]!.slice(4)), 'generation').toBeGreaterThan(5);
    expect((await stat(join(dir, logs[0]!))).size, 'the log stays small').toBeLessThan(4096 + 1024);
    await withStore(dir, async (store) => assertEqual(await contents(store), expected, 'after reopening'));
  });

  it('opens after a crash during compaction: a leftover temp file and a stale log are ignored', async () => {
    const dir = freshDir();
    await withStore(dir, async (store) => {
      for (let i = 0; i < 20; i++) await store.commit([put('meta', `k${i}`, new Uint8Array(200))]);
      await store.commit([put('peers', 'last', true)]);
    }, 1024);
    const generation = Number((await readdir(dir)).find((f) => f.startsWith('log.'))!.slice(4));
    await writeFile(join(dir, 'snapshot.tmp'), 'half a snapshot');
    await writeFile(join(dir, `log.${generation - 1}`), 'a log the snapshot already contains');
    await withStore(dir, async (store) => {
      expect(await store.list('meta')).toHaveLength(20);
      expect(await store.get('peers', 'last')).toBe(true);
    });
    expect((await readdir(dir)).sort()).toEqual([`log.${generation}`, 'snapshot']);
  });

  it('reopens to the state after some prefix of the commits, wherever the log is cut', async () => {
    const dir = freshDir();
    const states: Record<string, [string, StoreValue][]>[] = [];
    const ends: number[] = [];
    await withStore(dir, async (store) => {
      states.push(await contents(store));
      ends.push(0);
      for (let i = 1; i <= 5; i++) {
        await store.commit([put('channels', 'c', { state: BigInt(i), sig: new Uint8Array(i * 3).fill(i) }), put('meta', 'n', i), del('peers', `p${i - 1}`), put('peers', `p${i}`, 'x')]);
        states.push(await contents(store));
        ends.push((await stat(join(dir, 'log.0'))).size);
      }
    });
    const full = await readFile(join(dir, 'log.0'));
    const copy = join(root, `cut-${++count}`);
    for (let cut = 0; cut <= full.length; cut++) {
      await rm(copy, { recursive: true, force: true });
      await cp(dir, copy, { recursive: true });
      await truncate(join(copy, 'log.0'), cut);
      const whole = ends.filter((end) => end <= cut).length - 1;
      await withStore(copy, async (store) => assertEqual(await contents(store), states[whole], `log cut at byte ${cut}`));
      // The torn tail was cut off, so a new commit lands after the intact records and survives.
      if (cut === ends[2]! + 5) {
        await withStore(copy, (store) => store.commit([put('meta', 'after cut', true)]));
        await withStore(copy, async (store) => {
          expect(await store.get('meta', 'after cut')).toBe(true);
          expect(await store.get('meta', 'n')).toBe(2);
        });
      }
    }
  }, 60_000);

  it('drops a zero-filled or unflushed tail left by a power loss', async () => {
    const dir = freshDir();
    await withStore(dir, (store) => store.commit([put('meta', 'a', 1)]));
    const log = join(dir, 'log.0');
    const intact = await readFile(log);
    await writeFile(log, Buffer.concat([intact, Buffer.alloc(300)]));
    await withStore(dir, async (store) => expect(await store.list('meta')).toEqual([{ key: 'a', value: 1 }]));
    expect((await stat(log)).size, 'the tail is cut off').toBe(intact.length);

    // A whole frame whose payload never reached the disk: the header is right, the data is not.
    const next = frame(LOG_MAGIC, Buffer.from(JSON.stringify({ w: [['p', 'meta', 'b', 2]] })));
    next.fill(0, HEADER_BYTES);
    await writeFile(log, Buffer.concat([intact, next]));
    await withStore(dir, async (store) => expect(await store.get('meta', 'b')).toBeUndefined());
  });

  describe('refuses damaged files with StorageError("corrupt")', () => {
    async function storeWithLog(): Promise<string> {
      const dir = freshDir();
      await withStore(dir, async (store) => {
        for (let i = 0; i < 3; i++) await store.commit([put('channels', `c${i}`, { n: BigInt(i) })]);
      });
      return dir;
    }

    it('a flipped byte in a record that is not the last', async () => {
      const dir = await storeWithLog();
      const log = await readFile(join(dir, 'log.0'));
      log[HEADER_BYTES + 5]! ^= 0x01;
      await writeFile(join(dir, 'log.0'), log);
      expect((await openError(dir)).message).toMatch(/checksum/);
    });

    it('a damaged length field in the first record', async () => {
      const dir = await storeWithLog();
      const log = await readFile(join(dir, 'log.0'));
      log.writeUInt32LE(1 << 30, 4);
      await writeFile(join(dir, 'log.0'), log);
      expect((await openError(dir)).message).toMatch(/header/);
    });

    async function storeWithSnapshot(): Promise<string> {
      const dir = freshDir();
      await withStore(dir, async (store) => {
        for (let i = 0; i < 10; i++) await store.commit([put('vault', `v${i}`, new Uint8Array(300))]);
      }, 1024);
      return dir;
    }

    it('a flipped byte or a missing end in the snapshot', async () => {
      const dir = await storeWithSnapshot();
      const path = join(dir, 'snapshot');
      const snapshot = await readFile(path);
      const flipped = Buffer.from(snapshot);
      flipped[snapshot.length - 10]! ^= 0x40;
      await writeFile(path, flipped);
      expect((await openError(dir)).message).toMatch(/checksum/);
      await writeFile(path, snapshot.subarray(0, snapshot.length - 1));
      expect((await openError(dir)).message).toMatch(/length/);
      await writeFile(path, 'not a snapshot at all');
      await openError(dir);
      await writeFile(path, snapshot);
      await withStore(dir, async (store) => expect(await store.list('vault')).toHaveLength(10));
    });

    const badPayloads: [string, string][] = [
      ['not JSON', '{"w": ['],
      ['not a record', '[1, 2]'],
      ['an unknown collection', '{"w": [["p", "nope", "k", 1]]}'],
      ['an unknown op', '{"w": [["x", "meta", "k", 1]]}'],
      ['a bad tag', '{"w": [["p", "meta", "k", {"$bigint": "12x"}]]}'],
      ['an unknown tag', '{"w": [["p", "meta", "k", {"$date": "2020"}]]}'],
      ['a stray $ key', '{"w": [["p", "meta", "k", {"$bytes": "", "x": 1}]]}'],
      ['bad base64', '{"w": [["p", "meta", "k", {"$bytes": "!!!!"}]]}'],
    ];
    for (const [what, payload] of badPayloads) {
      it(`a checksummed record holding ${what}`, async () => {
        const dir = await storeWithLog();
        const log = await readFile(join(dir, 'log.0'));
        await writeFile(join(dir, 'log.0'), Buffer.concat([log, frame(LOG_MAGIC, Buffer.from(payload))]));
        await openError(dir);
      });
    }

    it('a log newer than the snapshot', async () => {
      const dir = await storeWithLog();
      await writeFile(join(dir, 'log.7'), '');
      expect((await openError(dir)).message).toMatch(/newer than the snapshot/);
    });

    it('a snapshot from a newer format is StorageError("newer_version")', async () => {
      const dir = freshDir();
      await rm(dir, { recursive: true, force: true });
      await cp(await storeWithSnapshot(), dir, { recursive: true });
      await writeFile(join(dir, 'snapshot'), frame(SNAPSHOT_MAGIC, Buffer.from('{"format": 2, "generation": 1, "collections": {}}')));
      await assertRejects(openFileStore(dir), 'newer_version', 'a format 2 snapshot');
    });
  });

  it('writes nothing for a rejected commit', async () => {
    const dir = freshDir();
    await withStore(dir, async (store) => {
      await store.commit([put('meta', 'a', 1)]);
      const size = (await stat(join(dir, 'log.0'))).size;
      await assertRejects(store.commit([put('meta', 'b', 2), put('meta', 'c', NaN)]), 'invalid_value', 'NaN');
      expect((await stat(join(dir, 'log.0'))).size).toBe(size);
    });
  });

  it('is opened by one process at a time, and takes over a lock left by a dead one', async () => {
    const dir = freshDir();
    const store = await openFileStore(dir);
    try {
      const error = await assertRejects(openFileStore(dir), 'locked', 'a second open');
      expect(error.message).toMatch(/this process/);
      await store.commit([put('meta', 'still', 'works')]);
    } finally {
      await store.close();
    }
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(join(dir, 'LOCK'), String(dead));
    await withStore(dir, async (reopened) => expect(await reopened.get('meta', 'still')).toBe('works'));
    expect(await readdir(dir)).not.toContain('LOCK');
  });
});
