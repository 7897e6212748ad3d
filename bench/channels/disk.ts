/**
 * Disk-side helpers: what this disk's fdatasync costs, a switch that turns fsyncs into no-ops for
 * the diagnostic payer's rounds (ours and the lsp's alike), and the LDK node's monitor files.
 */
import fs, { readdirSync, readFileSync, statSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HEADER_BYTES } from '../../src/node/frames.ts';

type Syncing = { datasync(): Promise<void>; sync(): Promise<void> };

export interface FsyncSwitch {
  /** With false, FileHandle.datasync and .sync resolve at once without flushing anything. */
  set(enabled: boolean): void;
}

/**
 * Patches node:fs/promises FileHandle and node:fs fdatasyncSync (our file store flushes its log with
 * the latter, snapshots with the former; the LDK node uses the sync fs API without flushing).
 */
export async function installFsyncSwitch(dir: string): Promise<FsyncSwitch> {
  const path = join(dir, 'fsync-switch-probe');
  const handle = await open(path, 'w');
  const proto = Object.getPrototypeOf(handle) as Syncing;
  await handle.close();
  await rm(path, { force: true });
  const { datasync, sync } = proto;
  let enabled = true;
  proto.datasync = function (this: Syncing) {
    return enabled ? datasync.call(this) : Promise.resolve();
  };
  proto.sync = function (this: Syncing) {
    return enabled ? sync.call(this) : Promise.resolve();
  };
  const fdatasyncSync = fs.fdatasyncSync;
  fs.fdatasyncSync = (fd: number) => {
    if (enabled) fdatasyncSync(fd);
  };
  // ES module imports of node:fs see the patched function only after this.
  syncBuiltinESMExports();
  return { set: (value) => void (enabled = value) };
}

/** Wall time of `samples` appends of `bytes` bytes, each followed by fdatasync, as the file store's log does. */
export async function probeAppendDatasync(dir: string, samples: number, bytes: number): Promise<number[]> {
  const path = join(dir, 'fdatasync-probe');
  const handle = await open(path, 'a');
  const data = Buffer.alloc(bytes, 0x61);
  const out: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await handle.write(data);
      await handle.datasync();
      out.push(performance.now() - started);
    }
  } finally {
    await handle.close();
    await rm(path, { force: true });
  }
  return out;
}

/** Every file under `<dataDir>/monitors/<channel>/`, path → size. The devnet LDK node writes each monitor version as a new file. */
export function monitorFiles(dataDir: string): Map<string, number> {
  const root = join(dataDir, 'monitors');
  const files = new Map<string, number>();
  for (const channel of readdirSync(root)) {
    for (const name of readdirSync(join(root, channel))) {
      if (!name.endsWith('.bin')) continue;
      const path = join(root, channel, name);
      files.set(path, statSync(path).size);
    }
  }
  return files;
}

/**
 * Our file store's generation (from its snapshot), the size of its current log `log.<generation>`
 * (0 until the first commit after a compaction creates it) and the snapshot's size.
 */
export function storeLog(dir: string): { generation: number; bytes: number; snapshotBytes: number } {
  let generation = 0;
  let snapshotBytes = 0;
  try {
    const snapshot = readFileSync(join(dir, 'snapshot'));
    snapshotBytes = snapshot.length;
    generation = (JSON.parse(snapshot.subarray(HEADER_BYTES).toString('utf8')) as { generation: number }).generation;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let bytes = 0;
  try {
    bytes = statSync(join(dir, `log.${generation}`)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return { generation, bytes, snapshotBytes };
}
