import { useCallback, useEffect, useRef, useState } from 'react';

export type CopyStatus = 'idle' | 'copied' | 'failed';

/** Copies text with navigator.clipboard and reports how it went for a few seconds. */
export function useCopy(resetAfterMs = 2500) {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const [copiedKey, setCopiedKey] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = useCallback(
    async (text: string, key = 'default') => {
      let outcome: CopyStatus = 'failed';
      try {
        if (navigator.clipboard?.writeText) {
          await navigator.clipboard.writeText(text);
          outcome = 'copied';
        }
      } catch {
        outcome = 'failed';
      }
      setStatus(outcome);
      setCopiedKey(key);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setStatus('idle'), resetAfterMs);
    },
    [resetAfterMs],
  );
  return { status, copiedKey, copy };
}

export function canReadClipboard(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.clipboard?.readText === 'function';
}

export function canShare(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.share === 'function';
}
