import type { Balance } from '../worker/wallet-api.ts';
import type { ChannelTotals } from './channel-format.ts';
import { Btc, Sats } from './Amount.tsx';
import { NetworkBadge } from './AboutFacts.tsx';
import type { Query } from './rpc-hooks.ts';
import { ErrorNotice, Loading } from './Status.tsx';

/** The on-chain balance, and the Lightning balance once the wallet has channels. */
export function BalanceCard({ balance, network, lightning }: { balance: Query<Balance>; network: string; lightning?: ChannelTotals | undefined }) {
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
      {lightning && (lightning.inChannelsSat > 0 || lightning.closingSat > 0) && <LightningFigures totals={lightning} />}
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

function LightningFigures({ totals }: { totals: ChannelTotals }) {
  return (
    <dl className="facts facts-compact" data-testid="balance-lightning-figures">
      <div>
        <dt>In Lightning channels</dt>
        <dd>
          <Sats value={totals.inChannelsSat} testId="balance-lightning" />
        </dd>
      </div>
      <div className={totals.canSendSat === totals.inChannelsSat ? 'muted' : undefined}>
        <dt>Can pay over Lightning now</dt>
        <dd>
          <Sats value={totals.canSendSat} testId="balance-lightning-sendable" />
        </dd>
      </div>
      {totals.closingSat > 0 && (
        <div>
          <dt>Coming back from closed channels</dt>
          <dd>
            <Sats value={totals.closingSat} testId="balance-lightning-closing" />
          </dd>
        </div>
      )}
    </dl>
  );
}
