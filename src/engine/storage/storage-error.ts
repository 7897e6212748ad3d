/** Why a store operation failed; the message says what the person or the host can do about it. */
export type StorageErrorCode =
  /** A key, collection or value the store cannot hold; nothing was written. A bug in the caller. */
  | 'invalid_value'
  /** Stored data failed its integrity check: restore from a backup; do not guess at channel state. */
  | 'corrupt'
  /** The browser or disk refused more space. */
  | 'quota_exceeded'
  /** An upgrade waits for another tab that keeps an older version of the wallet open. */
  | 'blocked'
  /** Another tab upgraded the database, so this connection was closed: reload. */
  | 'version_change'
  /** The data was written by a newer version of the app than this one. */
  | 'newer_version'
  /** A schema migration step failed; the database was left at its old version. */
  | 'migration_failed'
  /** Another process has the store open. */
  | 'locked'
  /** The store was closed. */
  | 'closed'
  /** Storage is not available here (disabled, private mode, unsupported, or cleared while open). */
  | 'unavailable'
  /** Any other failure of the underlying storage. */
  | 'io';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
