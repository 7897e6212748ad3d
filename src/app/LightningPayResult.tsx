import type { PaymentInfo } from '../worker/wallet-api.ts';
import { Msat } from './Amount.tsx';
import { CopyIcon } from './icons.tsx';
import { ScreenHeading } from './ScreenHeading.tsx';
import { Spinner } from './Status.tsx';
import { useCopy } from './useClipboard.ts';

/** While the payment is on its way: it cannot be called back, so there is nothing to press. */
export function LightningPaying({ amountMsat, unsure }: { amountMsat: number | undefined; unsure: boolean }) {
  return (
    <section className="screen" aria-labelledby="paying-heading" data-testid={unsure ? 'payment-unsure' : 'payment-progress'}>
      <ScreenHeading id="paying-heading">{unsure ? 'Still paying…' : 'Paying…'}</ScreenHeading>
      <div className="paying" role="status" aria-live="polite">
        <Spinner />
        <p>{amountMsat !== undefined ? <>Sending <Msat value={amountMsat} /> over Lightning.</> : 'Sending over Lightning.'}</p>
      </div>
      <p className="field-hint">
        {unsure
          ? 'The engine is taking longer than usual to answer. The payment may still go through: this screen updates as soon as it knows, and Activity shows it too.'
          : 'This usually takes a few seconds, at most a minute. A payment on its way can’t be called back; keep this page open.'}
      </p>
    </section>
  );
}

/** How the payment ended: paid with the fee and the proof, or failed with what to do. */
export function LightningPayResult({ payment, onRetry, onDone }: { payment: PaymentInfo; onRetry: () => void; onDone: () => void }) {
  const { status: copyStatus, copy } = useCopy();
  if (payment.status !== 'succeeded') {
    return (
      <section className="screen" aria-labelledby="pay-failed-heading" data-testid="payment-failure">
        <ScreenHeading id="pay-failed-heading">Payment failed</ScreenHeading>
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Nothing was paid</p>
          <p data-testid="payment-failure-reason">{payment.failure ?? 'The payment could not reach the recipient.'}</p>
          <p>The amount is back in your channel balance. You can try again, perhaps with a higher fee limit, or ask the recipient for a new invoice.</p>
        </div>
        <div className="actions actions-fill">
          <button type="button" className="button" onClick={onDone} data-testid="payment-done">
            Done
          </button>
          <button type="button" className="button button-primary" onClick={onRetry} data-testid="payment-retry">
            Try again
          </button>
        </div>
      </section>
    );
  }
  const amountMsat = payment.amountMsat ?? 0;
  return (
    <section className="screen" aria-labelledby="paid-heading" data-testid="payment-success">
      <ScreenHeading id="paid-heading">Paid</ScreenHeading>
      <div className="card">
        <dl className="facts review-facts">
          <div>
            <dt>Amount</dt>
            <dd>
              <Msat value={amountMsat} testId="payment-amount" />
            </dd>
          </div>
          <div>
            <dt>
              Routing fee
              {payment.hops !== undefined && (
                <span className="dt-sub">
                  {payment.hops === 1 ? 'direct to the recipient' : `${payment.hops} hops`}
                  {payment.parts !== undefined && payment.parts > 1 ? `, ${payment.parts} parts` : ''}
                </span>
              )}
            </dt>
            <dd>
              <Msat value={payment.feeMsat} testId="payment-fee" />
            </dd>
          </div>
          <div className="facts-total">
            <dt>Total</dt>
            <dd>
              <Msat value={amountMsat + payment.feeMsat} testId="payment-total" />
            </dd>
          </div>
        </dl>
        {payment.description && <p className="muted">{payment.description}</p>}
      </div>
      {payment.preimage && (
        <div>
          <p className="label-small">Proof of payment (preimage)</p>
          <p className="mono selectable" data-testid="payment-preimage">
            {payment.preimage}
          </p>
          <div className="actions">
            <button type="button" className="button button-small" onClick={() => void copy(payment.preimage!)} data-testid="payment-preimage-copy">
              <CopyIcon /> Copy proof
            </button>
          </div>
          <p className="copy-feedback" role="status" aria-live="polite">
            {copyStatus === 'copied' && 'Proof copied.'}
            {copyStatus === 'failed' && 'Couldn’t copy here. Select the proof and copy it yourself.'}
          </p>
          <p className="field-hint">Only the one who paid can know this: it proves the recipient was paid.</p>
        </div>
      )}
      <button type="button" className="button button-primary button-block" onClick={onDone} data-testid="payment-done">
        Done
      </button>
    </section>
  );
}
