import type { SyncStatus } from '../worker/wallet-api.ts';
import { asSentence } from './error-advice.ts';
import { RefreshIcon } from './icons.tsx';
import { ErrorNotice, Spinner } from './Status.tsx';
import { formatAgo, formatDateTime } from './time-format.ts';
import type { LiveWallet } from './useLiveWallet.ts';
import { useNow } from './useNow.ts';

function describeSync(status: SyncStatus | undefined, now: number): string {
  if (!status) return 'Checking sync status…';
  if (status.phase === 'syncing') return 'Syncing with the chain…';
  const parts: string[] = [];
  parts.push(status.lastSyncedAt === undefined ? 'Not synced yet' : `Synced ${formatAgo(status.lastSyncedAt, now)}`);
  if (status.tipHeight !== undefined) parts.push(`block ${status.tipHeight.toLocaleString('en-US')}`);
  return parts.join(' · ');
}

/** Last sync, chain tip, and a way to sync again, especially after an error. */
export function SyncStatusLine({ live }: { live: LiveWallet }) {
  const now = useNow(30_000);
  const status = live.sync.data;
  const syncing = status?.phase === 'syncing' || live.syncNow.pending;
  const failed = status?.phase === 'error' && !syncing;

  return (
    <div className="sync" data-testid="sync-status" data-phase={syncing ? 'syncing' : (status?.phase ?? 'unknown')}>
      <div className="sync-line">
        <p role="status" aria-live="polite" className={failed ? 'sync-text sync-failed' : 'sync-text'}>
          {syncing && <Spinner />}
          <span title={status?.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : undefined}>
            {failed ? `Sync failed${status?.error ? `: ${asSentence(status.error)}` : '.'}` : syncing ? 'Syncing with the chain…' : describeSync(status, now)}
          </span>
        </p>
        <button
          type="button"
          className={failed ? 'button button-small' : 'icon-button'}
          onClick={() => void live.syncNow.run()}
          disabled={syncing}
          aria-label={failed ? undefined : 'Sync now'}
          data-testid="sync-retry"
        >
          {failed ? 'Retry' : <RefreshIcon />}
        </button>
      </div>
      {live.sync.error && !status && <ErrorNotice error={live.sync.error} context="sync" onRetry={live.sync.reload} />}
      {live.syncNow.error && <ErrorNotice error={live.syncNow.error} context="sync" />}
    </div>
  );
}
