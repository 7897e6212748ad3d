import { useCallback, useEffect, useState } from 'react';

export type Persistence = 'checking' | 'persisted' | 'not_persisted' | 'unsupported';

function persistenceSupported(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.persist === 'function' && typeof navigator.storage.persisted === 'function';
}

async function requestPersistence(): Promise<'persisted' | 'not_persisted'> {
  try {
    if (!(await navigator.storage.persisted())) await navigator.storage.persist();
    return (await navigator.storage.persisted()) ? 'persisted' : 'not_persisted';
  } catch {
    return 'not_persisted';
  }
}

/**
 * Once a wallet exists, asks the browser not to evict this site's storage under pressure.
 * persist() exists only on the page (not in workers), so the UI asks on the engine's behalf.
 */
export function useStoragePersistence(walletExists: boolean) {
  const [result, setResult] = useState<'persisted' | 'not_persisted'>();
  const [attempt, setAttempt] = useState(0);
  const supported = persistenceSupported();

  useEffect(() => {
    if (!walletExists || !supported) return;
    let live = true;
    void requestPersistence().then((answer) => live && setResult(answer));
    return () => {
      live = false;
    };
  }, [walletExists, supported, attempt]);

  const askAgain = useCallback(() => {
    setResult(undefined);
    setAttempt((n) => n + 1);
  }, []);
  const persistence: Persistence = !supported ? 'unsupported' : (result ?? 'checking');
  return { persistence, askAgain };
}
