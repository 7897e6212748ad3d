import type { Balance } from '../worker/wallet-api.ts';
import { Btc, Sats } from './Amount.tsx';
import { NetworkBadge } from './AboutFacts.tsx';
import type { Query } from './rpc-hooks.ts';
import { ErrorNotice, Loading } from './Status.tsx';

export function BalanceCard({ balance, network }: { balance: Query<Balance>; network: string }) {
  return (
    <section className="card balance-card" aria-labelledby="balance-heading" aria-busy={balance.loading}>
      <div className="balance-top">
        <h3 id="balance-heading" className="card-label">
          Spendable
        </h3>
        {network !== 'mainnet' && <NetworkBadge network={network} />}
      </div>
      {balance.data ? (
        <BalanceFigures balance={balance.data} />
      ) : balance.error ? (
        <ErrorNotice error={balance.error} onRetry={balance.reload} testId="balance-error" />
      ) : (
        <Loading>Loading balance…</Loading>
      )}
    </section>
  );
}

function BalanceFigures({ balance }: { balance: Balance }) {
  return (
    <>
      <p className="balance-hero">
        <Sats value={balance.spendableSat} testId="balance-spendable" />
      </p>
      <p className="balance-btc">
        <Btc value={balance.spendableSat} testId="balance-spendable-btc" />
      </p>
      <dl className="facts facts-compact">
        <div>
          <dt>Confirmed</dt>
          <dd>
            <Sats value={balance.confirmedSat} testId="balance-confirmed" />
          </dd>
        </div>
        <div className={balance.unconfirmedIncomingSat === 0 ? 'muted' : undefined}>
          <dt>Incoming, unconfirmed</dt>
          <dd>
            <Sats value={balance.unconfirmedIncomingSat} testId="balance-incoming" />
          </dd>
        </div>
        <div className={balance.unconfirmedOutgoingSat === 0 ? 'muted' : undefined}>
          <dt>Outgoing, unconfirmed</dt>
          <dd>
            <Sats value={balance.unconfirmedOutgoingSat} testId="balance-outgoing" />
          </dd>
        </div>
      </dl>
    </>
  );
}
