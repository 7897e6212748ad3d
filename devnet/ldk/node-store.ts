/**
 * A node's data directory:
 *
 *   seed                                32 random bytes, created on first start
 *   manager.bin                         the ChannelManager
 *   monitors/<txid>_<vout>/<id>.bin     every ChannelMonitor version, by update id (zero-padded)
 *   archived-monitors/...               monitors of fully resolved channels, same layout
 *   graph.bin                           the NetworkGraph
 *   kv/...                              LDK KVStore data (the OutputSweeper)
 *   *.json                              small JSON records (payments, trusted peers)
 *
 * Every write goes to a temporary file renamed into place, so a crash never leaves half a file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from '@noble/hashes/utils.js';
import { writeFileDurably } from './durable-write.ts';

const UPDATE_ID_DIGITS = 20;

export interface StoredMonitor {
  /** `<txid>_<vout>` of the funding outpoint, txid in display order. */
  key: string;
  updateId: bigint;
  bytes: Uint8Array;
}

export class NodeStore {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'monitors'), { recursive: true });
  }

  seed(): Uint8Array {
    const path = join(this.dir, 'seed');
    if (!existsSync(path)) this.write('seed', randomBytes(32));
    const seed = new Uint8Array(readFileSync(path));
    if (seed.length !== 32) throw new Error(`${path}: expected 32 bytes, found ${seed.length}`);
    return seed;
  }

  read(name: string): Uint8Array | undefined {
    const path = join(this.dir, name);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
  }

  write(name: string, bytes: Uint8Array): void {
    writeFileDurably(join(this.dir, name), bytes);
  }

  readJson<T>(name: string, fallback: T): T {
    const bytes = this.read(name);
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as T) : fallback;
  }

  writeJson(name: string, value: unknown): void {
    this.write(name, new TextEncoder().encode(JSON.stringify(value, null, 2)));
  }

  writeMonitor(key: string, updateId: bigint, bytes: Uint8Array): void {
    mkdirSync(join(this.dir, 'monitors', key), { recursive: true });
    this.write(join('monitors', key, monitorFileName(updateId)), bytes);
  }

  /** The newest version of each live channel's monitor. */
  latestMonitors(): StoredMonitor[] {
    return this.monitorKeys().flatMap((key) => {
      const updateId = this.monitorVersions(key).at(-1);
      const bytes = updateId === undefined ? undefined : this.readMonitor(key, updateId);
      return updateId === undefined || !bytes ? [] : [{ key, updateId, bytes }];
    });
  }

  monitorKeys(): string[] {
    return readdirSync(join(this.dir, 'monitors'));
  }

  /** Update ids of every stored version of one monitor, ascending. */
  monitorVersions(key: string): bigint[] {
    const dir = join(this.dir, 'monitors', key);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => /^\d+\.bin$/.test(name))
      .map((name) => BigInt(name.slice(0, -'.bin'.length)))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  readMonitor(key: string, updateId: bigint): Uint8Array | undefined {
    return this.read(join('monitors', key, monitorFileName(updateId)));
  }

  archiveMonitor(key: string): void {
    mkdirSync(join(this.dir, 'archived-monitors'), { recursive: true });
    renameSync(join(this.dir, 'monitors', key), join(this.dir, 'archived-monitors', key));
  }
}

function monitorFileName(updateId: bigint): string {
  return `${updateId.toString().padStart(UPDATE_ID_DIGITS, '0')}.bin`;
}
