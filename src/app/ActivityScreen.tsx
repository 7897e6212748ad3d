import { useMemo, useState } from 'react';
import { ActivityEntry } from './ActivityItem.tsx';
import { sortHistory } from './history-order.ts';
import { ScreenHeading } from './ScreenHeading.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import type { LiveWallet } from './useLiveWallet.ts';

export function ActivityScreen({ live }: { live: LiveWallet }) {
  const { history, settings } = live;
  const items = useMemo(() => (history.data ? sortHistory(history.data) : undefined), [history.data]);
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
          {items.map((item) => (
            <ActivityEntry key={item.txid} item={item} settings={settings.data} onBumped={(oldTxid, newTxid) => setBumped({ oldTxid, newTxid })} />
          ))}
        </ul>
      )}
    </section>
  );
}
