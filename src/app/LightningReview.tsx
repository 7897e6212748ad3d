import { useEffect, useId, useState } from 'react';
import type { RpcErrorData } from '../worker/rpc.ts';
import type { DecodedInvoice } from '../worker/wallet-api.ts';
import { Msat } from './Amount.tsx';
import { expiresSoon, expiryLabel } from './countdown.ts';
import { shortId } from './channel-format.ts';
import { feeLimitField, parseFeeLimitInput } from './lightning-amounts.ts';
import { buildPayRequest, payAmountMsat, type PayRequest, type PayReviewValues } from './lightning-pay.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { ErrorNotice, FieldError } from './Status.tsx';
import { useNow } from './useNow.ts';
import { useWallet } from './wallet-context.ts';

/**
 * The engine's default fee limit for what will be paid: the invoice's own figure, or for an invoice
 * without an amount, the figure for the amount typed (asked again as it changes).
 */
function useDefaultFeeLimit(decoded: DecodedInvoice, amountMsat: number | undefined): number | null {
  const { call } = useWallet();
  const [forTyped, setForTyped] = useState<{ amountMsat: number; maxFeeMsat: number | null }>();
  useEffect(() => {
    if (decoded.amountMsat !== null || amountMsat === undefined) return;
    let live = true;
    const timer = setTimeout(() => {
      call('invoiceDecode', { text: decoded.bolt11, amountMsat }).then(
        (again) => live && setForTyped({ amountMsat, maxFeeMsat: again.maxFeeMsat }),
        () => undefined,
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [call, decoded.bolt11, decoded.amountMsat, amountMsat]);
  if (decoded.amountMsat !== null) return decoded.maxFeeMsat;
  return forTyped && forTyped.amountMsat === amountMsat ? forTyped.maxFeeMsat : null;
}

/** Review of a Lightning invoice before paying: amount, description, payee, expiry and the fee limit. */
export function LightningReview({
  decoded,
  values,
  onValues,
  error,
  onEdit,
  onPay,
}: {
  decoded: DecodedInvoice;
  /** What the person typed: kept by the caller, so it survives a payment that did not start. */
  values: PayReviewValues;
  onValues: (values: PayReviewValues) => void;
  /** Why the last attempt to pay did not start. */
  error: RpcErrorData | undefined;
  onEdit: () => void;
  onPay: (request: PayRequest) => void;
}) {
  const id = useId();
  const now = useNow(1000);
  const { amount, feeLimit } = values;
  const setAmount = (next: string) => onValues({ ...values, amount: next });
  const setFeeLimit = (next: string) => onValues({ ...values, feeLimit: next });
  const [submitted, setSubmitted] = useState(false);

  const typed = payAmountMsat(decoded, amount);
  const amountMsat = typed.ok ? typed.msat : undefined;
  const defaultFeeLimit = useDefaultFeeLimit(decoded, amountMsat);
  const check = buildPayRequest(decoded, { amount, feeLimit }, now);
  const problems = check.ok ? {} : check.problems;
  const shown = submitted ? problems : { invoice: problems.invoice };
  const edited = feeLimit === undefined ? undefined : parseFeeLimitInput(feeLimit);
  const feeLimitMsat = edited === undefined ? defaultFeeLimit : edited.ok ? edited.msat : null;

  const pay = () => {
    setSubmitted(true);
    if (check.ok) onPay(check.request);
  };

  return (
    <section className="screen" aria-labelledby="lightning-review-heading" data-testid="lightning-review">
      <ScreenHeader id="lightning-review-heading" title="Review Lightning payment" onBack={onEdit} backLabel="Edit payment" />
      <div className="card">
        <dl className="facts review-facts">
          <div>
            <dt>Amount</dt>
            <dd>{decoded.amountMsat !== null ? <Msat value={decoded.amountMsat} testId="lightning-amount" /> : 'You choose'}</dd>
          </div>
          <div>
            <dt>Description</dt>
            <dd data-testid="lightning-description">
              {decoded.description || (decoded.descriptionHash ? <span className="muted">Given by the recipient separately</span> : <span className="muted">None</span>)}
            </dd>
          </div>
          <div>
            <dt>Pays to</dt>
            <dd className="mono" title={decoded.payee} data-testid="lightning-payee">
              {shortId(decoded.payee)}
            </dd>
          </div>
          <div>
            <dt>Invoice</dt>
            <dd className={expiresSoon(decoded.expiresAt, now) ? 'countdown soon' : 'countdown'} data-testid="lightning-expiry">
              {expiryLabel(decoded.expiresAt, now)}
            </dd>
          </div>
          {feeLimitMsat !== null && amountMsat !== undefined && (
            <div className="facts-total">
              <dt>At most</dt>
              <dd>
                <Msat value={amountMsat + feeLimitMsat} testId="lightning-total-max" />
                <span className="dd-sub">amount plus the fee limit</span>
              </dd>
            </div>
          )}
        </dl>
      </div>

      {shown.invoice && (
        <div className="notice notice-error" role="alert" data-testid="lightning-refusal" data-reason={decoded.alreadyPaid ?? 'expired'}>
          <p>{shown.invoice}</p>
        </div>
      )}

      {decoded.amountMsat === null && (
        <div className="field">
          <label htmlFor={`${id}-amount`}>Amount to pay, in sats</label>
          <input
            id={`${id}-amount`}
            className="input input-amount"
            inputMode="numeric"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={shown.amount ? true : undefined}
            aria-describedby={shown.amount ? `${id}-amount-error` : undefined}
            data-testid="lightning-amount-input"
          />
          {shown.amount && <FieldError id={`${id}-amount-error`}>{shown.amount}</FieldError>}
        </div>
      )}

      <div className="field">
        <label htmlFor={`${id}-fee`}>Fee limit, in sats</label>
        <input
          id={`${id}-fee`}
          className="input"
          inputMode="numeric"
          autoComplete="off"
          value={feeLimit ?? feeLimitField(defaultFeeLimit)}
          onChange={(e) => setFeeLimit(e.target.value)}
          aria-invalid={shown.feeLimit ? true : undefined}
          aria-describedby={`${id}-fee-hint${shown.feeLimit ? ` ${id}-fee-error` : ''}`}
          data-testid="lightning-fee-limit"
        />
        <p id={`${id}-fee-hint`} className="field-hint">
          The most the routing nodes may charge (by default 1% + 5 sats). You pay only what the route costs, usually far less.
        </p>
        {shown.feeLimit && <FieldError id={`${id}-fee-error`}>{shown.feeLimit}</FieldError>}
      </div>

      {error && <ErrorNotice error={error} context="pay" testId="lightning-pay-error" />}
      <div className="actions actions-fill">
        <button type="button" className="button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button button-primary" onClick={pay} disabled={problems.invoice !== undefined} data-testid="lightning-pay">
          Pay
        </button>
      </div>
    </section>
  );
}
