import { useId, useState } from 'react';
import type { PaymentInfo } from '../worker/wallet-api.ts';
import { Msat } from './Amount.tsx';
import { paymentTime } from './activity-merge.ts';
import { shortId } from './channel-format.ts';
import { ArrowDownIcon, ArrowUpIcon, BoltIcon } from './icons.tsx';
import { formatDateTime, formatShortTime } from './time-format.ts';
import { useNow } from './useNow.ts';

const STATUS_TEXT: Record<PaymentInfo['status'], string> = { pending: 'Paying…', succeeded: 'Lightning', failed: 'Failed' };

/** What the list shows as the amount: money in, or money out with the fee; a failed payment moved nothing, so it is unsigned. */
function shownMsat(payment: PaymentInfo): number {
  const amount = payment.amountMsat ?? 0;
  if (payment.direction === 'incoming' || payment.status === 'failed') return amount;
  return -(amount + payment.feeMsat);
}

function Summary({ payment }: { payment: PaymentInfo }) {
  const now = useNow(60_000);
  const incoming = payment.direction === 'incoming';
  const failed = payment.status === 'failed';
  const time = paymentTime(payment);
  return (
    <>
      <span className={`direction ${incoming ? 'direction-in' : 'direction-out'}`}>{incoming ? <ArrowDownIcon /> : <ArrowUpIcon />}</span>
      <span className="activity-main">
        <span className="activity-title">
          {incoming ? 'Received' : failed ? 'Not sent' : 'Sent'} <BoltIcon />
          <span className="visually-hidden"> over Lightning</span>
        </span>
        <span className={payment.status === 'succeeded' ? 'activity-sub activity-note' : 'activity-sub activity-note pending'} data-testid="activity-status">
          {payment.description && payment.status === 'succeeded' ? payment.description : STATUS_TEXT[payment.status]}
        </span>
      </span>
      <span className="activity-end">
        <span className={incoming ? 'activity-amount amount-in' : failed ? 'activity-amount muted' : 'activity-amount'}>
          <Msat value={shownMsat(payment)} signed={!failed} testId="activity-amount" />
        </span>
        <time className="activity-sub" dateTime={new Date(time).toISOString()} title={formatDateTime(time)}>
          {formatShortTime(time, now)}
        </time>
      </span>
    </>
  );
}

/** A Lightning payment on Home's recent activity: summary only. */
export function LightningActivityRow({ payment }: { payment: PaymentInfo }) {
  return (
    <li className="activity-item" data-testid="activity-item" data-kind="lightning" data-payment-hash={payment.paymentHash} data-status={payment.status}>
      <div className="activity-row">
        <Summary payment={payment} />
      </div>
    </li>
  );
}

/** A Lightning payment on the Activity screen: opens to show the fee, the payee, the proof or what went wrong. */
export function LightningActivityEntry({ payment }: { payment: PaymentInfo }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const outgoing = payment.direction === 'outgoing';
  return (
    <li className="activity-item" data-testid="activity-item" data-kind="lightning" data-payment-hash={payment.paymentHash} data-status={payment.status}>
      <button type="button" className="activity-row activity-toggle" aria-expanded={open} aria-controls={`${id}-details`} onClick={() => setOpen((o) => !o)}>
        <Summary payment={payment} />
      </button>
      {open && (
        <div id={`${id}-details`} className="activity-details">
          {payment.failure && (
            <p className="field-error" data-testid="activity-failure">
              {payment.failure}
            </p>
          )}
          <dl className="facts facts-compact">
            {payment.amountMsat !== null && (
              <div>
                <dt>Amount</dt>
                <dd>
                  <Msat value={payment.amountMsat} />
                </dd>
              </div>
            )}
            {outgoing && payment.status === 'succeeded' && (
              <div>
                <dt>Routing fee</dt>
                <dd>
                  <Msat value={payment.feeMsat} testId="activity-fee" />
                </dd>
              </div>
            )}
            {payment.description && (
              <div>
                <dt>Description</dt>
                <dd>{payment.description}</dd>
              </div>
            )}
            {outgoing && (
              <div>
                <dt>Paid to</dt>
                <dd className="mono" title={payment.payee}>
                  {shortId(payment.payee)}
                </dd>
              </div>
            )}
            <div>
              <dt>{payment.settledAt !== undefined ? 'Time' : 'Started'}</dt>
              <dd>{formatDateTime(paymentTime(payment))}</dd>
            </div>
          </dl>
          {payment.preimage && (
            <>
              <p className="label-small">Proof of payment (preimage)</p>
              <p className="mono selectable" data-testid="activity-preimage">
                {payment.preimage}
              </p>
            </>
          )}
          <p className="label-small">Payment hash</p>
          <p className="mono selectable">{payment.paymentHash}</p>
        </div>
      )}
    </li>
  );
}
