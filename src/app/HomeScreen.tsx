import { useMemo } from 'react';
import { mergeActivity } from './activity-merge.ts';
import { ActivityRow } from './ActivityItem.tsx';
import { BalanceCard } from './BalanceCard.tsx';
import { channelTotals } from './channel-format.ts';
import { ArrowDownIcon, ArrowUpIcon, WarningIcon } from './icons.tsx';
import { LightningActivityRow } from './LightningActivityItem.tsx';
import type { Route } from './routes.ts';
import { ScreenHeading } from './ScreenHeading.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import { SyncStatusLine } from './SyncStatusLine.tsx';
import { useLightning } from './useLightning.ts';
import type { LiveWallet } from './useLiveWallet.ts';
import type { Persistence } from './useStoragePersistence.ts';
import { useWallet } from './wallet-context.ts';

const RECENT = 3;

export function HomeScreen({ live, navigate, persistence }: { live: LiveWallet; navigate: (route: Route) => void; persistence: Persistence }) {
  const { info } = useWallet();
  const network = live.settings.data?.network ?? info.network;
  const { channels } = useLightning();
  const lightning = useMemo(() => (channels.data ? channelTotals(channels.data) : undefined), [channels.data]);
  const recent = useMemo(
    () => (live.history.data ? mergeActivity(live.history.data, live.payments.data ?? []).slice(0, RECENT) : undefined),
    [live.history.data, live.payments.data],
  );

  return (
    <section className="screen" aria-labelledby="home-heading" data-testid="home">
      <ScreenHeading id="home-heading" visuallyHidden>
        Home
      </ScreenHeading>
      <BalanceCard balance={live.balance} network={network} lightning={lightning} />
      <SyncStatusLine live={live} />
      <div className="home-actions">
        <button type="button" className="button button-primary button-large" onClick={() => navigate('receive')} data-testid="home-receive">
          <ArrowDownIcon /> Receive
        </button>
        <button type="button" className="button button-primary button-large" onClick={() => navigate('send')} data-testid="home-send">
          <ArrowUpIcon /> Send
        </button>
      </div>
      {persistence === 'not_persisted' && (
        <div className="notice notice-warning" data-testid="storage-warning-home">
          <WarningIcon />
          <p>
            This browser may delete the wallet’s data when storage runs low. Keep your recovery words safe.{' '}
            <a href="#/settings" onClick={(e) => (e.preventDefault(), navigate('settings'))}>
              More in Settings
            </a>
          </p>
        </div>
      )}
      <section className="card" aria-labelledby="recent-heading">
        <div className="card-head">
          <h3 id="recent-heading">Recent activity</h3>
          {recent && recent.length > 0 && (
            <a className="link-button" href="#/activity" onClick={(e) => (e.preventDefault(), navigate('activity'))}>
              See all
            </a>
          )}
        </div>
        {live.history.error && !recent && <ErrorNotice error={live.history.error} onRetry={live.history.reload} />}
        {!recent && !live.history.error && <Loading>Loading activity…</Loading>}
        {recent?.length === 0 && <p className="empty">No transactions yet. Tap Receive to get an address to pay into.</p>}
        {recent && recent.length > 0 && (
          <ul className="activity-list">
            {recent.map((entry) =>
              entry.kind === 'onchain' ? <ActivityRow key={entry.key} item={entry.item} /> : <LightningActivityRow key={entry.key} payment={entry.payment} />,
            )}
          </ul>
        )}
      </section>
    </section>
  );
}
