import { useCallback, useEffect, useRef, useState } from 'react';
import { registerServiceWorker, type ServiceWorkerHandle } from './service-worker.ts';

export interface ServiceWorkerState {
  updateWaiting: boolean;
  offlineReady: boolean;
  dismissUpdate(): void;
  dismissOfflineReady(): void;
  activateUpdate(): void;
}

/** Registers the service worker in production builds (dev has none) and tracks what to tell the person. */
export function useServiceWorker(): ServiceWorkerState {
  const [updateWaiting, setUpdateWaiting] = useState(false);
  const [offlineReady, setOfflineReady] = useState(false);
  const handle = useRef<ServiceWorkerHandle | null>(null);

  useEffect(() => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    const registration = registerServiceWorker(`${import.meta.env.BASE_URL}sw.js`, {
      onUpdateWaiting: () => setUpdateWaiting(true),
      onOfflineReady: () => setOfflineReady(true),
    });
    handle.current = registration;
    return () => {
      handle.current = null;
      registration.dispose();
    };
  }, []);

  const activateUpdate = useCallback(() => void handle.current?.activateUpdate(), []);
  const dismissUpdate = useCallback(() => setUpdateWaiting(false), []);
  const dismissOfflineReady = useCallback(() => setOfflineReady(false), []);
  return { updateWaiting, offlineReady, dismissUpdate, dismissOfflineReady, activateUpdate };
}
