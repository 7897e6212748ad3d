/**
 * Runs in Chromium for e2e/storage.spec.ts: the IndexedDB store, the wallet lock and persistent
 * storage, driven through `window.storageHarness`. Bundled by the spec with Vite (build-harness.ts).
 * Results come back as plain data; failures inside a check throw with a message.
 */
import { deleteDB, openDB } from 'idb';
import { STORE_CONFORMANCE, assert, assertEqual, runConformanceCheck } from '../../src/engine/storage/conformance.ts';
import { del, put } from '../../src/engine/storage/store.ts';
import { StorageError } from '../../src/engine/storage/storage-error.ts';
import { idbDatabaseName, openIdbStore } from '../../src/worker/storage/idb-store.ts';
import { WALLET_MIGRATIONS, type IdbMigration } from '../../src/worker/storage/migrations.ts';
import { requestPersistentStorage, type PersistenceStatus } from '../../src/worker/storage/persistent-storage.ts';
import { acquireWalletLock, type LockEnd, type WalletLock } from '../../src/worker/storage/wallet-lock.ts';

let serial = 0;
const freshWalletId = (what: string) => `${what}-${Date.now().toString(36)}-${++serial}`;

async function version(walletId: string): Promise<number> {
  const db = await openDB(idbDatabaseName(walletId));
  const v = db.version;
  db.close();
  return v;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (e) {
    return e instanceof StorageError ? e.code : `not a StorageError: ${String(e)}`;
  }
}

let v2Runs = 0;
/** A test schema step: moves channel records under "chan/", marks them, and records the schema version. */
const V2: IdbMigration = {
  description: 'test: channel keys get a "chan/" prefix',
  async upgrade(_db, tx) {
    v2Runs++;
    const channels = tx.objectStore('channels');
    const [keys, values] = await Promise.all([channels.getAllKeys(), channels.getAll()]);
    await channels.clear();
    for (const [i, key] of keys.entries()) await channels.put({ ...(values[i] as object), migrated: true }, `chan/${String(key)}`);
    await tx.objectStore('meta').put(2, 'schema');
  },
};
const V3_FAILS: IdbMigration = {
  description: 'test: fails half-way',
  async upgrade(_db, tx) {
    await tx.objectStore('meta').put(3, 'schema');
    throw new Error('step 3 is broken');
  },
};

const harness = {
  conformanceChecks: () => STORE_CONFORMANCE.map((c) => c.name),

  async runConformance(name: string): Promise<void> {
    const check = STORE_CONFORMANCE.find((c) => c.name === name);
    if (!check) throw new Error(`no check named ${name}`);
    const walletId = freshWalletId('conformance');
    await runConformanceCheck(check, { open: () => openIdbStore(walletId), dispose: () => deleteDB(idbDatabaseName(walletId)) });
  },

  async migration() {
    const walletId = freshWalletId('migration');
    const v1 = await openIdbStore(walletId);
    await v1.commit([put('channels', 'c1', { state: 7n, sig: new Uint8Array([1, 2]) }), put('channels', 'c2', { state: 8n }), put('meta', 'kept', 'yes')]);
    await v1.close();
    const before = await version(walletId);

    v2Runs = 0;
    const v2 = await openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2] });
    const channels = await v2.list('channels');
    assertEqual(
      channels.map((e) => [e.key, e.value]),
      [
        ['chan/c1', { state: 7n, sig: new Uint8Array([1, 2]), migrated: true }],
        ['chan/c2', { state: 8n, migrated: true }],
      ],
      'channels after the upgrade',
    );
    assertEqual(await v2.get('meta', 'schema'), 2, 'meta/schema');
    assertEqual(await v2.get('meta', 'kept'), 'yes', 'untouched data');
    await v2.close();
    const after = await version(walletId);
    const again = await openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2] });
    await again.close();
    const runsAfterReopen = v2Runs;

    const downgrade = await codeOf(openIdbStore(walletId));
    const failed = await codeOf(openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2, V3_FAILS] }));
    const afterFailure = await version(walletId);
    const stillV2 = await openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2] });
    assertEqual(await stillV2.get('meta', 'schema'), 2, 'meta/schema after the failed step 3');
    await stillV2.close();
    await deleteDB(idbDatabaseName(walletId));

    // A new wallet runs every step from nothing.
    const freshId = freshWalletId('fresh');
    v2Runs = 0;
    const fresh = await openIdbStore(freshId, { migrations: [...WALLET_MIGRATIONS, V2] });
    assertEqual(await fresh.get('meta', 'schema'), 2, 'a fresh database at v2');
    await fresh.close();
    const freshVersion = await version(freshId);
    await deleteDB(idbDatabaseName(freshId));
    return { before, after, runsAfterReopen, downgrade, failed, afterFailure, freshVersion, freshRuns: v2Runs };
  },

  /** Records the options of every transaction the store creates while it commits. */
  async durability() {
    const walletId = freshWalletId('durability');
    const store = await openIdbStore(walletId);
    const seen: { mode: string; options: unknown; durability: string }[] = [];
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = original.apply(this, args);
      seen.push({ mode: tx.mode, options: args[2] ?? null, durability: tx.durability });
      return tx;
    };
    try {
      await store.commit([put('channels', 'c', { n: 1n })]);
      await store.commit([put('payments', 'p', 1), del('channels', 'c')]);
      await store.commit([]);
      await store.get('channels', 'c');
    } finally {
      IDBDatabase.prototype.transaction = original;
      await store.close();
      await deleteDB(idbDatabaseName(walletId));
    }
    return seen;
  },

  /** Another tab upgrades while this one has the store open. */
  async versionChange() {
    const walletId = freshWalletId('versionchange');
    const closes: string[] = [];
    const old = await openIdbStore(walletId, { onClose: (reason) => closes.push(`${reason.code}: ${reason.message}`) });
    await old.commit([put('meta', 'a', 1)]);
    const started = performance.now();
    const upgraded = await openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2], blockedTimeoutMs: 5_000 });
    const upgradeMs = performance.now() - started;
    const read = await codeOf(old.get('meta', 'a'));
    const commit = await codeOf(old.commit([put('meta', 'b', 2)]));
    const upgradedReads = await upgraded.get('meta', 'a');
    await old.close();
    await upgraded.close();
    await deleteDB(idbDatabaseName(walletId));
    return { closes, upgradeMs, read, commit, upgradedReads };
  },

  /** An old tab that does not let go blocks the upgrade; once it closes, the upgrade goes through. */
  async blockedUpgrade() {
    const walletId = freshWalletId('blocked');
    const name = idbDatabaseName(walletId);
    await (await openIdbStore(walletId)).close();
    // Like an old version of the app: no versionchange handler, so it never closes by itself.
    const stubborn = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const started = performance.now();
    let blocked: StorageError | undefined;
    try {
      await openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2], blockedTimeoutMs: 500 });
    } catch (e) {
      if (e instanceof StorageError) blocked = e;
      else throw e;
    }
    const waitedMs = performance.now() - started;
    stubborn.close();
    const retried = await openIdbStore(walletId, { migrations: [...WALLET_MIGRATIONS, V2] });
    const schema = await retried.get('meta', 'schema');
    await retried.close();
    await deleteDB(name);
    return { code: blocked?.code, message: blocked?.message, waitedMs, schema };
  },

  /** Run after the spec has shrunk the origin's quota. */
  async quota() {
    const walletId = freshWalletId('quota');
    const store = await openIdbStore(walletId);
    try {
      await store.commit([put('meta', 'small', 1)]);
      const big = new Uint8Array(8 << 20).map((_, i) => i & 0xff);
      let error: StorageError | undefined;
      try {
        await store.commit([put('meta', 'before-big', 'x'), put('graph', 'big', big)]);
      } catch (e) {
        if (e instanceof StorageError) error = e;
        else throw e;
      }
      const leftOver = [await store.get('meta', 'before-big'), await store.get('graph', 'big')];
      await store.commit([put('meta', 'after', 2)]);
      return { code: error?.code, message: error?.message, leftOver, after: await store.get('meta', 'after') };
    } finally {
      await store.close();
      await deleteDB(idbDatabaseName(walletId));
    }
  },

  persistence: async (): Promise<{ result: PersistenceStatus; persistedNow: boolean }> => {
    const result = await requestPersistentStorage();
    return { result, persistedNow: await navigator.storage.persisted() };
  },

  // ---- the wallet lock, one per page ----
  lockEvents: [] as string[],
  lock: undefined as WalletLock | undefined,
  takeOver: undefined as (() => Promise<WalletLock>) | undefined,

  async acquire(walletId: string): Promise<'acquired' | 'held elsewhere'> {
    const started = performance.now();
    const result = await acquireWalletLock(walletId, { onStolen: () => harness.lockEvents.push('stolen') });
    harness.lockEvents.push(`answered in ${Math.round(performance.now() - started)} ms`);
    if (result.acquired) {
      harness.track(result.lock);
      return 'acquired';
    }
    harness.takeOver = result.takeOver;
    return 'held elsewhere';
  },

  async stealLock(): Promise<void> {
    assert(harness.takeOver !== undefined, 'acquire() found the lock held first');
    harness.track(await harness.takeOver!());
  },

  track(lock: WalletLock): void {
    harness.lock = lock;
    void lock.ended.then((end: LockEnd) => harness.lockEvents.push(`ended: ${end}`));
  },

  async releaseLock(): Promise<void> {
    await harness.lock?.release();
  },
};

export type StorageHarness = typeof harness;
(globalThis as unknown as { storageHarness: StorageHarness }).storageHarness = harness;
