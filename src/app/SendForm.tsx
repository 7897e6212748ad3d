import { useCallback, useId, useState, type FormEvent } from 'react';
import type { FeeRates, SendPreview, SendRequest } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { FeeChoiceField } from './FeeChoice.tsx';
import { effectiveFeeChoice } from './fee-rate.ts';
import { CODE_INPUT } from './input-props.ts';
import { useAction, type Query } from './rpc-hooks.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { applyPaymentLink, buildSendRequest, type SendFormValues } from './send-form.ts';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { canReadClipboard } from './useClipboard.ts';
import { useWallet } from './wallet-context.ts';

const FIELD_OF_ERROR: Record<string, 'destination' | 'amount'> = {
  invalid_address: 'destination',
  invalid_payment_uri: 'destination',
  invalid_amount: 'amount',
  insufficient_funds: 'amount',
};

export function SendForm({
  values,
  onValues,
  rates,
  spendableSat,
  onBack,
  onReviewed,
}: {
  values: SendFormValues;
  onValues: (update: (values: SendFormValues) => SendFormValues) => void;
  rates: Query<FeeRates>;
  spendableSat: number | undefined;
  onBack: () => void;
  onReviewed: (request: SendRequest, preview: SendPreview) => void;
}) {
  const id = useId();
  const { call } = useWallet();
  const [submitted, setSubmitted] = useState(false);
  const [pasteProblem, setPasteProblem] = useState<string>();
  const preview = useAction(useCallback((request: SendRequest) => call('previewSend', request), [call]));

  const feeChoice = effectiveFeeChoice(values.feeChoice, rates.data ? 'loaded' : rates.loading ? 'loading' : 'failed');
  const check = buildSendRequest({ ...values, feeChoice }, rates.data);
  const problems = submitted && !check.ok ? check.problems : {};
  const engineField = preview.error ? FIELD_OF_ERROR[preview.error.code] : undefined;
  const link = values.link;

  const update = (change: (v: SendFormValues) => SendFormValues) => {
    onValues(change);
    if (preview.error) preview.clearError();
  };

  /** A destination as typed or pasted; what a payment link in it asks for follows once the engine has read it. */
  const setDestination = (destination: string) => {
    update((v) => ({ ...v, destination }));
    void call('readPaymentLink', { text: destination })
      .then((read) => read ?? undefined, () => undefined)
      .then((read) => onValues((v) => applyPaymentLink(v, destination, read)));
  };

  const paste = async () => {
    setPasteProblem(undefined);
    try {
      const text = await navigator.clipboard.readText();
      if (text.trim() === '') setPasteProblem('The clipboard is empty.');
      else setDestination(text.trim());
    } catch {
      setPasteProblem('This browser didn’t allow reading the clipboard. Long-press the field and choose Paste instead.');
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.ok) return;
    const result = await preview.run(check.request);
    if (result) onReviewed(check.request, result);
  };

  return (
    <section className="screen" aria-labelledby="send-heading" data-testid="send">
      <ScreenHeader id="send-heading" title="Send bitcoin" onBack={onBack} />
      <form className="stack" onSubmit={submit} noValidate>
        <div className="field">
          <div className="label-row">
            <label htmlFor={`${id}-destination`}>Pay to</label>
            {canReadClipboard() && (
              <button type="button" className="button button-small" onClick={() => void paste()} data-testid="send-paste">
                Paste
              </button>
            )}
          </div>
          <textarea
            id={`${id}-destination`}
            className="input textarea mono-input"
            rows={2}
            value={values.destination}
            onChange={(e) => setDestination(e.target.value)}
            placeholder="bc1… or bitcoin:…"
            {...CODE_INPUT}
            aria-invalid={problems.destination || engineField === 'destination' ? true : undefined}
            aria-describedby={`${id}-destination-hint${problems.destination ? ` ${id}-destination-error` : ''}`}
            data-testid="send-destination"
          />
          <p id={`${id}-destination-hint`} className="field-hint">
            A bitcoin address, or a bitcoin: payment link.
          </p>
          {problems.destination && <FieldError id={`${id}-destination-error`}>{problems.destination}</FieldError>}
          {pasteProblem && <FieldError id={`${id}-paste-error`}>{pasteProblem}</FieldError>}
          {link && (link.label || link.message || link.amountSat !== undefined) && (
            <div className="request-info" data-testid="send-request-info">
              <p className="label-small">Payment request</p>
              {link.label && <p>{link.label}</p>}
              {link.message && <p className="muted">{link.message}</p>}
              {link.amountSat !== undefined && (
                <p>
                  Asks for <Sats value={link.amountSat} />
                </p>
              )}
            </div>
          )}
        </div>

        <div className="field">
          <label htmlFor={`${id}-amount`}>Amount, in sats</label>
          <input
            id={`${id}-amount`}
            className="input input-amount"
            inputMode="numeric"
            autoComplete="off"
            value={values.sendAll ? '' : values.amount}
            placeholder={values.sendAll ? 'Everything spendable' : undefined}
            disabled={values.sendAll}
            onChange={(e) => update((v) => ({ ...v, amount: e.target.value, amountFromUri: false }))}
            aria-invalid={problems.amount || engineField === 'amount' ? true : undefined}
            aria-describedby={`${id}-amount-hint${problems.amount ? ` ${id}-amount-error` : ''}`}
            data-testid="send-amount"
          />
          <p id={`${id}-amount-hint`} className="field-hint">
            {spendableSat === undefined ? 'Whole sats: 100,000,000 sats = 1 BTC.' : <>Spendable: <Sats value={spendableSat} /></>}
          </p>
          {problems.amount && <FieldError id={`${id}-amount-error`}>{problems.amount}</FieldError>}
          <label className="checkbox">
            <input type="checkbox" checked={values.sendAll} onChange={(e) => update((v) => ({ ...v, sendAll: e.target.checked }))} data-testid="send-all" />
            Send all (the fee comes out of the amount)
          </label>
        </div>

        <FeeChoiceField
          rates={rates}
          choice={feeChoice}
          onChoice={(choice) => update((v) => ({ ...v, feeChoice: choice }))}
          custom={values.customFeeRate}
          onCustom={(customFeeRate) => update((v) => ({ ...v, customFeeRate }))}
          problem={problems.feeRate}
        />

        {preview.error && <ErrorNotice error={preview.error} context="preview" testId="send-error" />}
        <button type="submit" className="button button-primary button-block" disabled={preview.pending} data-testid="send-review">
          <Busy when={preview.pending} label="Checking…">Review</Busy>
        </button>
      </form>
    </section>
  );
}
