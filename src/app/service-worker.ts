import { Workbox } from 'workbox-window';

export interface ServiceWorkerListener {
  /** A new version has installed and waits until the person chooses to activate it. */
  onUpdateWaiting(): void;
  /** The first version has installed: the app now opens offline. */
  onOfflineReady(): void;
}

export interface ServiceWorkerHandle {
  /** Activates the waiting version, then reloads once it controls the page; the only path to a reload. */
  activateUpdate(): Promise<void>;
  dispose(): void;
}

/** Registers the service worker (after the page has loaded) and reports its lifecycle; never reloads by itself. */
export function registerServiceWorker(url: string, listener: ServiceWorkerListener): ServiceWorkerHandle {
  const wb = new Workbox(url);
  const onWaiting = () => listener.onUpdateWaiting();
  const onActivated = (event: { isUpdate?: boolean; isExternal?: boolean }) => {
    if (!event.isUpdate && !event.isExternal) listener.onOfflineReady();
  };
  // Long-lived standalone windows rarely navigate, so look for a new version whenever the app is back in front.
  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible' && navigator.onLine) wb.update().catch(() => undefined);
  };

  wb.addEventListener('waiting', onWaiting);
  wb.addEventListener('activated', onActivated);
  document.addEventListener('visibilitychange', onVisibilityChange);
  const registered = wb.register().catch((error: unknown) => {
    console.error('service worker registration failed', error);
    return undefined;
  });

  return {
    async activateUpdate() {
      const registration = await registered;
      if (!registration?.waiting) {
        // Another tab already activated it: this page only needs to load the new version.
        window.location.reload();
        return;
      }
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
    dispose() {
      wb.removeEventListener('waiting', onWaiting);
      wb.removeEventListener('activated', onActivated);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    },
  };
}
