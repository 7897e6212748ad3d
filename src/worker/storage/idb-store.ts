/**
 * The engine's Store in IndexedDB: one database per wallet, one object store per collection.
 * Every commit is one readwrite transaction with durability 'strict' (the browser flushes to disk
 * before reporting completion) and resolves on its `complete` event.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { COLLECTIONS, type Collection, type Entry, type ListOptions, type Store, type StoreValue, type Write } from '../../engine/storage/store.ts';
import { StorageError } from '../../engine/storage/storage-error.ts';
import { checkKey, checkWrites, prefixUpperBound } from '../../engine/storage/value.ts';
import { idbStorageError } from './idb-errors.ts';
import { MigrationError, WALLET_MIGRATIONS, runMigrations, type IdbMigration } from './migrations.ts';
import { assertWalletId } from './wallet-id.ts';

export interface IdbStoreOptions {
  /** The schema history; defaults to WALLET_MIGRATIONS. Tests pass more steps to exercise an upgrade. */
  readonly migrations?: readonly IdbMigration[];
  /** How long an upgrade may wait for other tabs to close an older version before failing with 'blocked'. Default 3 s. */
  readonly blockedTimeoutMs?: number;
  /**
   * Called once if the connection is closed from outside: another tab upgraded or deleted the
   * database ('version_change'), or the browser dropped it ('unavailable'). Later calls reject with that error.
   */
  readonly onClose?: (reason: StorageError) => void;
}

export function idbDatabaseName(walletId: string): string {
  assertWalletId(walletId);
  return `wallet-${walletId}`;
}

export async function openIdbStore(walletId: string, options: IdbStoreOptions = {}): Promise<Store> {
  const name = idbDatabaseName(walletId);
  if (typeof indexedDB === 'undefined') throw new StorageError('unavailable', 'this browser has no IndexedDB, so the wallet cannot be saved here');
  const migrations = options.migrations ?? WALLET_MIGRATIONS;
  if (migrations.length === 0) throw new StorageError('invalid_value', 'the schema needs at least one migration step');
  // The connection's event handlers reach the store once it exists.
  const opened: { store?: IdbStore } = {};
  let migrationError: MigrationError | undefined;
  let migrating = false;
  let gaveUp = false;

  const db = await new Promise<IDBPDatabase>((resolve, reject) => {
    let blockedTimer: ReturnType<typeof setTimeout> | undefined;
    openDB(name, migrations.length, {
      upgrade(db, oldVersion, _newVersion, tx) {
        migrating = true;
        runMigrations(migrations, oldVersion, db, tx).then(
          () => (migrating = false),
          (e: unknown) => {
            migrationError = e instanceof MigrationError ? e : new MigrationError(oldVersion + 1, 'unknown step', e);
            try {
              tx.abort();
            } catch {
              // Already committed: a step awaited something other than the transaction. Reported below.
            }
          },
        );
      },
      blocked() {
        blockedTimer ??= setTimeout(() => {
          gaveUp = true;
          reject(
            new StorageError(
              'blocked',
              'the wallet is open in another tab with an older version of the app, which keeps its data from being upgraded; close or reload that tab, then try again',
            ),
          );
        }, options.blockedTimeoutMs ?? 3_000);
      },
      blocking(_current, next) {
        const reason =
          next === null
            ? 'the wallet’s database was deleted in another tab; reload this tab'
            : 'another tab upgraded the wallet to a newer version of the app; reload this tab';
        opened.store?.closeFromOutside(new StorageError('version_change', reason));
      },
      terminated() {
        opened.store?.closeFromOutside(
          new StorageError('unavailable', 'the browser closed the wallet’s database unexpectedly (its site data may have been cleared); reload the page'),
        );
      },
    }).then(
      (db) => {
        clearTimeout(blockedTimer);
        if (migrating || migrationError) {
          db.close();
          reject(
            new StorageError('migration_failed', `${migrationError?.message ?? 'an upgrade step'} committed before it finished — report this bug`, {
              cause: migrationError,
            }),
          );
        } else if (gaveUp) {
          // Opened after the caller was told 'blocked': let the connection go again.
          db.close();
        } else {
          resolve(db);
        }
      },
      (e: unknown) => {
        clearTimeout(blockedTimer);
        if (migrationError) {
          reject(new StorageError('migration_failed', `${migrationError.message}; the wallet’s data is unchanged — report this bug`, { cause: migrationError }));
        } else {
          reject(idbStorageError(e, `opening ${name}`));
        }
      },
    );
  });

  const missing = COLLECTIONS.filter((c) => !db.objectStoreNames.contains(c));
  if (missing.length > 0) {
    db.close();
    throw new StorageError('migration_failed', `${name} lacks the collections ${missing.join(', ')}: a schema migration is missing — report this bug`);
  }
  opened.store = new IdbStore(db, name, options.onClose);
  return opened.store;
}

// Every write transaction includes 'meta', so that all of them overlap and IndexedDB runs (and
// completes) them in the order they were created: a crash then keeps a prefix of the commits.
const ORDERING_STORE: Collection = 'meta';

class IdbStore implements Store {
  private closedBy: StorageError | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: IDBPDatabase,
    private readonly name: string,
    private readonly onClose: ((reason: StorageError) => void) | undefined,
  ) {}

  closeFromOutside(reason: StorageError): void {
    if (this.closedBy) return;
    this.closedBy = reason;
    this.db.close();
    this.onClose?.(reason);
  }

  private connection(): IDBPDatabase {
    if (this.closedBy) throw this.closedBy;
    return this.db;
  }

  /** A failure because the connection went away reports why it went away. */
  private error(e: unknown, doing: string): StorageError {
    return this.closedBy ?? idbStorageError(e, doing);
  }

  async get(collection: Collection, key: string): Promise<StoreValue | undefined> {
    const db = this.connection();
    checkKey(collection, key);
    try {
      return (await db.get(collection, key)) as StoreValue | undefined;
    } catch (e) {
      throw this.error(e, `reading ${collection}/${key} from ${this.name}`);
    }
  }

  async list(collection: Collection, options: ListOptions = {}): Promise<Entry[]> {
    const db = this.connection();
    const prefix = options.prefix ?? '';
    checkKey(collection, prefix);
    const upper = prefixUpperBound(prefix);
    const range = prefix === '' ? undefined : upper === undefined ? IDBKeyRange.lowerBound(prefix) : IDBKeyRange.bound(prefix, upper, false, true);
    try {
      // Both reads in one transaction, so keys and values come from the same state.
      const tx = db.transaction(collection, 'readonly');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
      return keys.map((key, i) => ({ key: key as string, value: values[i] as StoreValue }));
    } catch (e) {
      throw this.error(e, `listing ${collection} in ${this.name}`);
    }
  }

  commit(writes: readonly Write[]): Promise<void> {
    // Validation and the transaction's creation happen synchronously, in call order.
    let done: Promise<void>;
    try {
      const db = this.connection();
      const checked = checkWrites(writes);
      const scope = [...new Set<Collection>([ORDERING_STORE, ...checked.map((w) => w.collection)])];
      const tx = db.transaction(scope, 'readwrite', { durability: 'strict' });
      done = tx.done.catch((e: unknown) => {
        throw this.error(e, `saving to ${this.name}`);
      });
      try {
        for (const w of checked) {
          const target = tx.objectStore(w.collection);
          const request = w.op === 'put' ? target.put(w.value, w.key) : target.delete(w.key);
          // A failed request aborts the transaction; tx.done reports it.
          request.catch(() => undefined);
        }
      } catch (e) {
        // Never let the writes already queued commit without the rest.
        done.catch(() => undefined);
        tx.abort();
        throw e;
      }
    } catch (e) {
      return Promise.reject(this.error(e, `saving to ${this.name}`));
    }
    this.pending.add(done);
    const forget = () => this.pending.delete(done);
    done.then(forget, forget);
    return done;
  }

  async close(): Promise<void> {
    if (this.closedBy?.code !== 'closed') {
      this.closedBy = new StorageError('closed', `the wallet store ${this.name} is closed; open it again`);
      // IndexedDB lets transactions already created finish before the connection closes.
      this.db.close();
    }
    await Promise.allSettled([...this.pending]);
  }
}
