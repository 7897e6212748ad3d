/**
 * A Store in a directory, for Node (CLI and tests): a snapshot plus an append-only log.
 *
 *   snapshot   one checksummed frame holding the whole store as of generation g (absent for g = 0)
 *   log.<g>    one checksummed frame per commit since that snapshot, each fsynced before the commit resolves
 *   LOCK       the pid of the process that has the store open
 *
 * Why a log: the engine commits on every channel update, and rewriting the whole store (payment
 * history, graph) for each would cost O(store) per HTLC. An append costs O(commit) plus one
 * fdatasync. When the log outgrows both `compactAfterBytes` and the last snapshot, the state is
 * written to a new snapshot (temp file, fsync, rename, fsync directory) of generation g + 1 and
 * log.<g> is deleted, so rewriting costs at most about as much again as appending did.
 *
 * Crash safety: a crash during an append leaves at most a torn last frame, which was never
 * acknowledged and is cut off on open (frames.ts). A crash during compaction leaves either the old
 * snapshot with its intact log.<g>, or the new snapshot (then a stale log.<g> is deleted).
 * The whole state is held in memory, which suits a wallet's size.
 */
import { fdatasyncSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { COLLECTIONS, isCollection, type Collection, type Entry, type ListOptions, type Store, type StoreValue, type Write } from '../engine/storage/store.ts';
import { StorageError } from '../engine/storage/storage-error.ts';
import { checkKey, checkWrites, compareKeys, copyStoreValue } from '../engine/storage/value.ts';
import { lockDirectory } from './dir-lock.ts';
import { fsyncDirectory, replaceFileDurably } from './durable-fs.ts';
import { LOG_MAGIC, SNAPSHOT_MAGIC, frame, readSnapshotFrame, scanLog } from './frames.ts';
import { fromTaggedJson, toTaggedJson, type Json } from './tagged-json.ts';

export interface FileStoreOptions {
  /** The log is compacted into a new snapshot once it is larger than this and than the last snapshot. Default 1 MiB. */
  readonly compactAfterBytes?: number;
}

const FORMAT = 1;
const SNAPSHOT = 'snapshot';
const logName = (generation: number) => `log.${generation}`;

type State = Map<Collection, Map<string, StoreValue>>;

function emptyState(): State {
  return new Map(COLLECTIONS.map((c) => [c, new Map<string, StoreValue>()]));
}

/** Maps a file system error to a StorageError that says what to do. */
export function fileStorageError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new StorageError('quota_exceeded', `${doing}: the disk is full; free some space and try again (${detail})`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new StorageError('unavailable', `${doing}: no permission to write there; check the directory's permissions (${detail})`, { cause: error });
  }
  return new StorageError('io', `${doing} failed: ${detail}; reopen the store`, { cause: error });
}

// ---- encoding ----

function encodeWrite(write: Write): Json {
  return write.op === 'put' ? ['p', write.collection, write.key, toTaggedJson(write.value)] : ['d', write.collection, write.key];
}

function decodeWrite(json: unknown, path: string): Write {
  if (Array.isArray(json)) {
    const [op, collection, key, value] = json as unknown[];
    if (isCollection(collection) && typeof key === 'string') {
      if (op === 'p' && json.length === 4) return { op: 'put', collection, key, value: fromTaggedJson(value, `${path} ${collection}/${key}`) };
      if (op === 'd' && json.length === 3) return { op: 'delete', collection, key };
    }
  }
  throw new StorageError('corrupt', `${path}: not a write`);
}

function parsePayload(payload: Buffer, path: string): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    throw new StorageError('corrupt', `${path}: not JSON; restore the wallet from a backup`);
  }
}

function decodeRecord(payload: Buffer, path: string): Write[] {
  const json = parsePayload(payload, path) as { w?: unknown } | null;
  if (typeof json !== 'object' || json === null || !Array.isArray(json.w)) throw new StorageError('corrupt', `${path}: not a commit record`);
  return json.w.map((w, i) => decodeWrite(w, `${path}[${i}]`));
}

function encodeSnapshot(generation: number, state: State): Buffer {
  const collections = Object.fromEntries(
    [...state].map(([c, entries]) => [c, [...entries].map(([key, value]): Json => [key, toTaggedJson(value)])]),
  );
  return frame(SNAPSHOT_MAGIC, Buffer.from(JSON.stringify({ format: FORMAT, generation, collections })));
}

function decodeSnapshot(bytes: Buffer, path: string): { generation: number; state: State } {
  const json = parsePayload(readSnapshotFrame(bytes, path), path) as Record<string, unknown> | null;
  if (typeof json !== 'object' || json === null) throw new StorageError('corrupt', `${path}: not a snapshot`);
  const { format, generation, collections } = json;
  if (typeof format === 'number' && format > FORMAT) {
    throw new StorageError('newer_version', `${path} was written by a newer version of the wallet (format ${format}); update this one`);
  }
  if (format !== FORMAT || !Number.isSafeInteger(generation) || (generation as number) < 1 || typeof collections !== 'object' || collections === null) {
    throw new StorageError('corrupt', `${path}: malformed snapshot`);
  }
  const state = emptyState();
  for (const [c, entries] of Object.entries(collections)) {
    if (!isCollection(c) || !Array.isArray(entries)) throw new StorageError('corrupt', `${path}: unknown collection ${JSON.stringify(c)}`);
    const map = state.get(c)!;
    for (const entry of entries as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') throw new StorageError('corrupt', `${path}: malformed ${c} entry`);
      map.set(entry[0], fromTaggedJson(entry[1], `${path} ${c}/${entry[0]}`));
    }
  }
  return { generation: generation as number, state };
}

function applyWrites(state: State, writes: readonly Write[]): void {
  for (const w of writes) {
    const map = state.get(w.collection)!;
    if (w.op === 'put') map.set(w.key, w.value);
    else map.delete(w.key);
  }
}

// ---- opening ----

export async function openFileStore(dir: string, options: FileStoreOptions = {}): Promise<Store> {
  try {
    const created = await mkdir(dir, { recursive: true });
    if (created !== undefined) await fsyncDirectory(dirname(created));
  } catch (e) {
    throw fileStorageError(e, `creating ${dir}`);
  }
  const unlock = await lockDirectory(dir).catch((e: unknown) => {
    throw fileStorageError(e, `locking ${dir}`);
  });
  try {
    return await load(dir, options, unlock);
  } catch (e) {
    await unlock().catch(() => undefined);
    throw fileStorageError(e, `opening ${dir}`);
  }
}

async function load(dir: string, options: FileStoreOptions, unlock: () => Promise<void>): Promise<FileStore> {
  await rm(join(dir, `${SNAPSHOT}.tmp`), { force: true });
  let generation = 0;
  let state = emptyState();
  let snapshotBytes = 0;
  const snapshot = await readFile(join(dir, SNAPSHOT)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (snapshot) {
    ({ generation, state } = decodeSnapshot(snapshot, join(dir, SNAPSHOT)));
    snapshotBytes = snapshot.length;
  }
  let logBytes = 0;
  for (const name of await readdir(dir)) {
    const match = /^log\.(\d+)$/.exec(name);
    if (!match) continue;
    const g = Number(match[1]);
    if (g < generation) await rm(join(dir, name), { force: true });
    else if (g > generation) throw new StorageError('corrupt', `${join(dir, name)} is newer than the snapshot; restore the wallet from a backup`);
    else logBytes = await replayLog(join(dir, name), state);
  }
  return new FileStore(dir, options.compactAfterBytes ?? 1 << 20, unlock, state, generation, snapshotBytes, logBytes);
}

/** Applies a log's intact records to `state`, cuts off a torn tail, and returns the log's length. */
async function replayLog(path: string, state: State): Promise<number> {
  const bytes = await readFile(path);
  const { payloads, validLength } = scanLog(bytes, path);
  payloads.forEach((payload, i) => applyWrites(state, decodeRecord(payload, `${path} record ${i}`)));
  if (validLength < bytes.length) {
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(validLength);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return validLength;
}

// ---- the store ----

class FileStore implements Store {
  private queue: Promise<unknown> = Promise.resolve();
  private log: FileHandle | undefined;
  private failure: StorageError | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly compactAfterBytes: number,
    private readonly unlock: () => Promise<void>,
    private readonly state: State,
    private generation: number,
    private snapshotBytes: number,
    private logBytes: number,
  ) {}

  private check(): void {
    if (this.closing) throw new StorageError('closed', `the store in ${this.dir} is closed; open it again`);
    if (this.failure) throw this.failure;
  }

  async get(collection: Collection, key: string): Promise<StoreValue | undefined> {
    this.check();
    checkKey(collection, key);
    const value = this.state.get(collection)!.get(key);
    return value === undefined ? undefined : copyStoreValue(value);
  }

  async list(collection: Collection, options: ListOptions = {}): Promise<Entry[]> {
    this.check();
    checkKey(collection, options.prefix ?? '');
    const prefix = options.prefix ?? '';
    return [...this.state.get(collection)!]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([key, value]) => ({ key, value: copyStoreValue(value) }));
  }

  commit(writes: readonly Write[]): Promise<void> {
    let checked: Write[];
    try {
      this.check();
      checked = checkWrites(writes);
    } catch (e) {
      return Promise.reject(e);
    }
    const run = this.queue.then(() => this.apply(checked));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.queue;
      await this.log?.close().catch(() => undefined);
      await this.unlock();
    })();
    return this.closing;
  }

  private poison(error: unknown, doing: string): StorageError {
    this.failure ??= fileStorageError(error, doing);
    return this.failure;
  }

  private async apply(writes: Write[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (writes.length === 0) return;
    const record = frame(LOG_MAGIC, Buffer.from(JSON.stringify({ w: writes.map(encodeWrite) })));
    const log = await this.openLog();
    try {
      writeAllSync(log, record);
    } catch (e) {
      // Cut the partial record off, so that later records do not follow damage.
      await log.truncate(this.logBytes).catch((t: unknown) => {
        throw this.poison(t, 'undoing a failed append');
      });
      throw fileStorageError(e, 'appending to the log');
    }
    try {
      // Synchronous on purpose: a commit is one small append and a flush (well under a millisecond on
      // an SSD), and awaiting the thread pool instead lets every other task on the event loop run
      // first, which made each commit wait for unrelated work (see bench/README.md, channel payments).
      fdatasyncSync(log.fd);
    } catch (e) {
      // After a failed fsync the file's content on disk is unknown.
      throw this.poison(e, 'flushing the log (the last commit may or may not have been saved)');
    }
    applyWrites(this.state, writes);
    this.logBytes += record.length;
    if (this.logBytes >= Math.max(this.compactAfterBytes, this.snapshotBytes)) {
      // The commit is durable in the log whatever happens here.
      await this.compact().catch((e: unknown) => this.poison(e, 'compacting the log'));
    }
  }

  private async openLog(): Promise<FileHandle> {
    if (this.log) return this.log;
    const path = join(this.dir, logName(this.generation));
    const handle = await open(path, 'a').catch((e: unknown) => {
      throw fileStorageError(e, `opening ${path}`);
    });
    // Until the directory is synced, the new log's name itself could be lost in a crash.
    await fsyncDirectory(this.dir).catch(async (e: unknown) => {
      await handle.close().catch(() => undefined);
      throw this.poison(e, `creating ${path}`);
    });
    this.log = handle;
    return handle;
  }

  private async compact(): Promise<void> {
    const next = this.generation + 1;
    const snapshot = encodeSnapshot(next, this.state);
    await replaceFileDurably(this.dir, SNAPSHOT, snapshot);
    const oldLog = this.log;
    const oldPath = join(this.dir, logName(this.generation));
    this.log = undefined;
    this.generation = next;
    this.snapshotBytes = snapshot.length;
    this.logBytes = 0;
    await oldLog?.close();
    // A log that survives this (a crash now) is older than the snapshot and is deleted on open.
    await rm(oldPath, { force: true });
  }
}

function writeAllSync(handle: FileHandle, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(handle.fd, bytes, offset, bytes.length - offset);
}

