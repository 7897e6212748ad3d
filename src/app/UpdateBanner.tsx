import { useServiceWorker } from './useServiceWorker.ts';

/**
 * Offers a waiting update. The page never reloads by itself: only the Reload button activates the
 * new version (skipWaiting, then a reload once it controls the page).
 */
export function UpdateBanner() {
  const { updateWaiting, offlineReady, dismissUpdate, dismissOfflineReady, activateUpdate } = useServiceWorker();

  if (updateWaiting) {
    return (
      <div className="banner" role="status" data-testid="update-banner">
        <span>A new version is available</span>
        <div className="actions">
          <button type="button" className="button" onClick={dismissUpdate}>
            Later
          </button>
          <button type="button" className="button button-primary" onClick={activateUpdate} data-testid="update-reload">
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
        <button type="button" className="button" onClick={dismissOfflineReady}>
          OK
        </button>
      </div>
    );
  }
  return null;
}
