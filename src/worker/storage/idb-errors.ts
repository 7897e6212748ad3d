import { StorageError } from '../../engine/storage/storage-error.ts';

/** Maps an IndexedDB failure (a DOMException, by name) to a StorageError that says what to do. */
export function idbStorageError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const detail = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  const make = (code: StorageError['code'], advice: string) => new StorageError(code, `${doing}: ${advice} (${String(name)}: ${detail})`, { cause: error });
  switch (name) {
    case 'QuotaExceededError':
      return make('quota_exceeded', 'the browser refused to store more data for this site; free space on the device or remove other sites’ data, then try again');
    case 'VersionError':
      return make('newer_version', 'the wallet’s data was saved by a newer version of the app; reload the page to get that version');
    case 'DataCloneError':
    case 'DataError':
      return make('invalid_value', 'a key or value could not be stored');
    case 'InvalidStateError':
      return make('closed', 'the database connection is closed; reopen the wallet');
    case 'SecurityError':
    case 'InvalidAccessError':
      return make('unavailable', 'this browser does not let the site use IndexedDB here (private mode or blocked site data?); allow site data and reload');
    case 'NotFoundError':
      return make('io', 'the database lacks an expected collection; reload to run its upgrade');
    case 'UnknownError':
      return make('io', 'the browser’s storage failed (the disk may be full or its files damaged); reload and try again');
    default:
      return make('io', 'the storage operation failed; reload and try again');
  }
}
