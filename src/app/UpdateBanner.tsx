import { useRegisterSW } from 'virtual:pwa-register/react';

/** Checks for a new version whenever the app comes back to the foreground (long-lived standalone windows). */
function checkForUpdatesOnFocus(registration: ServiceWorkerRegistration | undefined) {
  if (!registration) return;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) registration.update().catch(() => undefined);
  });
}

/**
 * Activates the waiting version and reloads once it controls the page. The plugin's own reload only
 * happens when the page was already controlled at load, which misses updates found during a first visit.
 */
async function activateUpdate(updateServiceWorker: (reloadPage?: boolean) => Promise<void>) {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration?.waiting) {
    // Another tab already activated it: this page only needs to load the new version.
    window.location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  await updateServiceWorker(true);
}

/**
 * Registers the service worker and offers a waiting update. The page never reloads by itself:
 * only the Reload button activates the new version (skipWaiting, then a reload once it controls the page).
 */
export function UpdateBanner() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW: (_url, registration) => checkForUpdatesOnFocus(registration),
    // Never reload without a click, not even when another tab activated the new version.
    onNeedReload: () => undefined,
    onRegisterError: (error: unknown) => console.error('service worker registration failed', error),
  });

  if (needRefresh) {
    return (
      <div className="banner" role="status" data-testid="update-banner">
        <span>A new version is available</span>
        <div className="actions">
          <button type="button" className="button" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
          <button type="button" className="button button-primary" onClick={() => void activateUpdate(updateServiceWorker)} data-testid="update-reload">
            Reload
          </button>
        </div>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="banner" role="status" data-testid="offline-ready">
        <span>Ready to work offline</span>
        <button type="button" className="button" onClick={() => setOfflineReady(false)}>
          OK
        </button>
      </div>
    );
  }
  return null;
}
