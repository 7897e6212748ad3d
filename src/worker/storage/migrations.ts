import type { IDBPDatabase, IDBPTransaction } from 'idb';

export type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

export interface IdbMigration {
  readonly description: string;
  /**
   * Runs inside the upgrade transaction. It may await requests made through `tx` (or `db`'s
   * object stores), but nothing else: awaiting anything else lets the transaction commit early.
   * Throwing (or rejecting) aborts the whole upgrade and leaves the database at its old version.
   */
  readonly upgrade: (db: IDBPDatabase, tx: UpgradeTransaction) => void | Promise<void>;
}

/**
 * The wallet database's schema history. Step n (counting from 0) upgrades version n to n + 1, so
 * the database version is the number of steps. Append new steps; never edit or reorder shipped ones.
 */
export const WALLET_MIGRATIONS: readonly IdbMigration[] = [
  {
    description: 'one object store per collection, keyed by the record key',
    upgrade(db) {
      // Spelled out rather than taken from COLLECTIONS: a later collection needs its own step.
      for (const name of ['meta', 'vault', 'wallet', 'chain', 'channels', 'payments', 'peers', 'graph']) db.createObjectStore(name);
    },
  },
];

/** Runs the steps from `oldVersion` up to the newest, in order. */
export async function runMigrations(migrations: readonly IdbMigration[], oldVersion: number, db: IDBPDatabase, tx: UpgradeTransaction): Promise<void> {
  for (let version = oldVersion; version < migrations.length; version++) {
    const step = migrations[version]!;
    try {
      await step.upgrade(db, tx);
    } catch (e) {
      throw new MigrationError(version + 1, step.description, e);
    }
  }
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly toVersion: number,
    description: string,
    cause: unknown,
  ) {
    super(`the upgrade to version ${toVersion} (${description}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
