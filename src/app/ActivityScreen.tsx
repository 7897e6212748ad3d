import { useMemo, useState } from 'react';
import { mergeActivity } from './activity-merge.ts';
import { ActivityEntry } from './ActivityItem.tsx';
import { LightningActivityEntry } from './LightningActivityItem.tsx';
import { ScreenHeading } from './ScreenHeading.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import type { LiveWallet } from './useLiveWallet.ts';

export function ActivityScreen({ live }: { live: LiveWallet }) {
  const { history, settings, payments } = live;
  // Lightning payments join when they have loaded; without a running node the on-chain list still shows.
  const items = useMemo(() => (history.data ? mergeActivity(history.data, payments.data ?? []) : undefined), [history.data, payments.data]);
  const [bumped, setBumped] = useState<{ oldTxid: string; newTxid: string }>();

  return (
    <section className="screen" aria-labelledby="activity-heading" data-testid="activity">
      <ScreenHeading id="activity-heading">Activity</ScreenHeading>
      {bumped && (
        <div className="notice notice-success" role="status" data-testid="bump-result">
          <p className="notice-title">Fee raised</p>
          <p>The payment was replaced by a new transaction with a higher fee:</p>
          <p className="mono selectable" data-testid="bump-result-txid">
            {bumped.newTxid}
          </p>
        </div>
      )}
      {history.error && <ErrorNotice error={history.error} onRetry={history.reload} />}
      {!items && !history.error && <Loading>Loading activity…</Loading>}
      {items?.length === 0 && <p className="empty">No transactions yet. Payments you receive or send show up here.</p>}
      {items && items.length > 0 && (
        <ul className="activity-list" aria-busy={history.loading}>
          {items.map((entry) =>
            entry.kind === 'onchain' ? (
              <ActivityEntry key={entry.key} item={entry.item} settings={settings.data} onBumped={(oldTxid, newTxid) => setBumped({ oldTxid, newTxid })} />
            ) : (
              <LightningActivityEntry key={entry.key} payment={entry.payment} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}
