/**
 * The storage the engine persists its state through. The host injects an implementation:
 * IndexedDB in the browser worker (src/worker/storage/idb-store.ts), files in Node
 * (src/node/file-store.ts).
 */

/** The collections a store holds. Adding one needs a schema migration in every back-end. */
export const COLLECTIONS = ['meta', 'vault', 'wallet', 'chain', 'channels', 'payments', 'peers', 'graph'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export function isCollection(name: unknown): name is Collection {
  return typeof name === 'string' && (COLLECTIONS as readonly string[]).includes(name);
}

/**
 * What a store can hold: JSON-like data plus bytes and big integers, kept losslessly by every back-end.
 * Numbers must be finite (-0 is kept). Arrays must be dense; objects must be plain (prototype Object
 * or null) with string keys only and no `undefined` properties; no cycles. Anything else is rejected
 * with StorageError('invalid_value') before anything is written. A stored Uint8Array view is kept as
 * exactly its own bytes; values read back are fresh copies (plain Uint8Array, plain objects).
 *
 * Declare records with `type` aliases rather than `interface`s: TypeScript only lets the former
 * stand in for the index signature below.
 */
export type StoreValue = null | boolean | number | string | bigint | Uint8Array | readonly StoreValue[] | StoreObject;
export interface StoreObject {
  readonly [key: string]: StoreValue;
}

export type Write =
  | { readonly op: 'put'; readonly collection: Collection; readonly key: string; readonly value: StoreValue }
  | { readonly op: 'delete'; readonly collection: Collection; readonly key: string };

export interface Entry {
  readonly key: string;
  readonly value: StoreValue;
}

export interface ListOptions {
  /** Only keys that start with this string. */
  readonly prefix?: string;
}

/**
 * A durable, transactional key-value store of named collections.
 *
 * Durability contract — the engine relies on it to never send a message that depends on state it
 * could lose (e.g. a revocation secret for a commitment whose new state was not saved):
 * - `commit(writes)` applies all its writes or none of them, across collections, even if the
 *   process, tab or machine dies part-way: after a restart the store holds either the state
 *   before the commit or the state after it, never a mix.
 * - The promise resolves only once the new state is durable: it survives a crash or power loss
 *   from then on (as far as the platform's fsync, or IndexedDB's 'strict' durability, promises).
 *   Do not let a dependent message leave before it resolves.
 * - Commits apply, and become durable, in call order, whether or not the caller awaited the
 *   earlier ones: after a crash the store holds the effects of a prefix of the commits. Writes
 *   within a commit apply in array order (a later write to the same key wins). An empty commit
 *   writes nothing and resolves once every earlier commit has.
 * - A rejected commit applied nothing, and later commits still go ahead — except that a store
 *   which can no longer tell what is on disk (a failed fsync; a connection the browser dropped
 *   mid-commit) rejects that commit and every later call with the same error ('io' or
 *   'unavailable'): reopen it and read back to learn whether the commit landed. After
 *   'version_change' or 'closed' every call fails the same way too.
 * - Values are checked before anything is written: a value the store cannot hold rejects the
 *   whole commit with 'invalid_value'.
 * - Reads see every commit that has resolved; a read that overlaps a pending commit may or may
 *   not see it. `list` returns entries in ascending key order by UTF-16 code unit, as IndexedDB
 *   orders strings.
 */
export interface Store {
  get(collection: Collection, key: string): Promise<StoreValue | undefined>;
  list(collection: Collection, options?: ListOptions): Promise<Entry[]>;
  commit(writes: readonly Write[]): Promise<void>;
  /** Waits for pending commits, then releases the store; later calls reject with code 'closed'. */
  close(): Promise<void>;
}

export function put(collection: Collection, key: string, value: StoreValue): Write {
  return { op: 'put', collection, key, value };
}

export function del(collection: Collection, key: string): Write {
  return { op: 'delete', collection, key };
}
