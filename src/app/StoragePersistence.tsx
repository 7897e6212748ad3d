import { WarningIcon } from './icons.tsx';
import { Loading } from './Status.tsx';
import type { Persistence } from './useStoragePersistence.ts';

/** Whether the browser promised to keep the wallet's data, and what that means if it did not. */
export function StoragePersistence({ persistence, onAskAgain }: { persistence: Persistence; onAskAgain: () => void }) {
  switch (persistence) {
    case 'checking':
      return <Loading>Asking the browser to keep the wallet’s data…</Loading>;
    case 'persisted':
      return (
        <p data-testid="storage-persisted" data-persisted="true">
          Protected: the browser won’t delete the wallet’s data to free up space. Clearing this site’s data or uninstalling the app still deletes it, so
          keep your recovery words safe.
        </p>
      );
    case 'not_persisted':
    case 'unsupported':
      return (
        <div className="stack" data-testid="storage-persisted" data-persisted={persistence === 'unsupported' ? 'unsupported' : 'false'}>
          <div className="notice notice-warning" role="note">
            <WarningIcon />
            <div>
              <p className="notice-title">{persistence === 'unsupported' ? 'This browser can’t protect the wallet’s data' : 'Not protected from clean-up'}</p>
              <p>
                The browser may delete the wallet’s data when the device runs low on storage (and some browsers do after weeks without a visit). Your
                recovery words are then the only way back to your bitcoin: keep them safe.
              </p>
              {persistence === 'not_persisted' && (
                <p>Installing the app to your home screen, or bookmarking it, makes browsers more likely to agree.</p>
              )}
            </div>
          </div>
          {persistence === 'not_persisted' && (
            <button type="button" className="button button-block" onClick={onAskAgain} data-testid="storage-ask-again">
              Ask the browser again
            </button>
          )}
        </div>
      );
  }
}
