/** Whether the browser keeps the site's data under storage pressure, for the settings screen. */
export interface PersistenceStatus {
  /** True once the browser has granted persistent storage: it will not evict the wallet's data on its own. */
  readonly persisted: boolean;
  /** False where the browser cannot be asked: no StorageManager, or a worker (persist() exists only in windows). */
  readonly supported: boolean;
}

type StorageLike = Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

function storageManager(): StorageLike | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator.storage as StorageLike | undefined);
}

/**
 * Asks the browser to make the site's storage persistent (it may prompt, or decide by itself from
 * site engagement) and reports the outcome. Call it from the page, e.g. when the person opens the
 * wallet's settings or creates a wallet: persist() is not available inside a worker.
 */
export async function requestPersistentStorage(storage: StorageLike | undefined = storageManager()): Promise<PersistenceStatus> {
  if (typeof storage?.persist !== 'function') return { persisted: await storage?.persisted?.().catch(() => false) ?? false, supported: false };
  if (await storage.persisted?.().catch(() => false)) return { persisted: true, supported: true };
  return { persisted: await storage.persist().catch(() => false), supported: true };
}

/** Reports whether storage is persistent without asking for it; works in workers too. */
export async function persistentStorageStatus(storage: StorageLike | undefined = storageManager()): Promise<PersistenceStatus> {
  return {
    persisted: (await storage?.persisted?.().catch(() => false)) ?? false,
    supported: typeof storage?.persist === 'function',
  };
}
