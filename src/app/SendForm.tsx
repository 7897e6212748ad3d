import { useCallback, useId, useState, type FormEvent } from 'react';
import { toErrorData } from '../worker/rpc.ts';
import type { DecodedInvoice, FeeRates, PaymentLinkInfo, SendPreview, SendRequest } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { FeeChoiceField } from './FeeChoice.tsx';
import { effectiveFeeChoice, type FeeChoice } from './fee-rate.ts';
import { ScanIcon } from './icons.tsx';
import { CODE_INPUT } from './input-props.ts';
import { useAction, type Query } from './rpc-hooks.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { QrScanner } from './QrScanner.tsx';
import { applyPaymentLink, buildSendRequest, lightningInvoiceToPay, type SendFormProblems, type SendFormValues } from './send-form.ts';
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
  onLightning,
}: {
  values: SendFormValues;
  onValues: (update: (values: SendFormValues) => SendFormValues) => void;
  rates: Query<FeeRates>;
  spendableSat: number | undefined;
  onBack: () => void;
  onReviewed: (request: SendRequest, preview: SendPreview) => void;
  /** A Lightning invoice was given and read: on to its review. */
  onLightning: (invoice: DecodedInvoice) => void;
}) {
  const id = useId();
  const { call } = useWallet();
  const [submitted, setSubmitted] = useState(false);
  const [pasteProblem, setPasteProblem] = useState<string>();
  const [scanning, setScanning] = useState(false);
  /** Why the destination, read as a link, cannot be used (e.g. a lightning: link without an invoice). */
  const [linkProblem, setLinkProblem] = useState<{ destination: string; message: string }>();
  const preview = useAction(useCallback((request: SendRequest) => call('previewSend', request), [call]));
  const decode = useAction(useCallback((text: string) => call('invoiceDecode', { text }), [call]));

  const feeChoice = effectiveFeeChoice(values.feeChoice, rates.data ? 'loaded' : rates.loading ? 'loading' : 'failed');
  const check = buildSendRequest({ ...values, feeChoice }, rates.data);
  const problems = submitted && !check.ok ? check.problems : {};
  const engineField = preview.error ? FIELD_OF_ERROR[preview.error.code] : undefined;
  const link = values.link;
  const lightning = lightningInvoiceToPay(link, values.payWith);
  const destinationProblem = problems.destination ?? (linkProblem?.destination === values.destination ? linkProblem.message : undefined);

  const update = (change: (v: SendFormValues) => SendFormValues) => {
    onValues(change);
    if (preview.error) preview.clearError();
    if (decode.error) decode.clearError();
  };

  /** What the engine reads in a destination: a payment link or invoice, nothing, or 'broken' (and why, shown). */
  const readLink = async (destination: string): Promise<PaymentLinkInfo | undefined | 'broken'> => {
    try {
      const read = (await call('readPaymentLink', { text: destination })) ?? undefined;
      setLinkProblem(undefined);
      return read;
    } catch (err) {
      setLinkProblem({ destination, message: toErrorData(err).message });
      return 'broken';
    }
  };

  const reviewLightning = async (invoice: string) => {
    const decoded = await decode.run(invoice);
    if (decoded) onLightning(decoded);
  };

  /**
   * A destination as typed, pasted or scanned; what a payment link in it asks for follows once the engine
   * has read it. Pasted or scanned, a Lightning invoice goes straight on to its review: it says it all.
   */
  const setDestination = (destination: string, proceed = false) => {
    update((v) => ({ ...v, destination }));
    void readLink(destination).then((reading) => {
      const read = reading === 'broken' ? undefined : reading;
      onValues((v) => applyPaymentLink(v, destination, read));
      const invoice = lightningInvoiceToPay(read, undefined);
      if (proceed && invoice) void reviewLightning(invoice);
    });
  };

  const scanned = (text: string) => {
    setScanning(false);
    setDestination(text.trim(), true);
  };
  const closeScanner = useCallback(() => setScanning(false), []);

  const paste = async () => {
    setPasteProblem(undefined);
    try {
      const text = await navigator.clipboard.readText();
      if (text.trim() === '') setPasteProblem('The clipboard is empty.');
      else setDestination(text.trim(), true);
    } catch {
      setPasteProblem('This browser didn’t allow reading the clipboard. Long-press the field and choose Paste instead.');
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const destination = values.destination.trim();
    // Read again rather than trust a reading still on its way for what was just typed.
    const reading = destination === '' ? undefined : await readLink(destination);
    if (reading === 'broken') return;
    const invoice = lightningInvoiceToPay(reading, values.payWith);
    if (invoice) return reviewLightning(invoice);
    if (!check.ok) return;
    const result = await preview.run(check.request);
    if (result) onReviewed(check.request, result);
  };

  return (
    <section className="screen" aria-labelledby="send-heading" data-testid="send">
      <ScreenHeader id="send-heading" title="Send bitcoin" onBack={onBack} />
      {scanning && <QrScanner onText={scanned} onClose={closeScanner} />}
      <form className="stack" onSubmit={submit} noValidate hidden={scanning}>
        <div className="field">
          <div className="label-row">
            <label htmlFor={`${id}-destination`}>Pay to</label>
            <span className="label-actions">
              <button type="button" className="button button-small" onClick={() => setScanning(true)} data-testid="scan-button">
                <ScanIcon /> Scan
              </button>
              {canReadClipboard() && (
                <button type="button" className="button button-small" onClick={() => void paste()} data-testid="send-paste">
                  Paste
                </button>
              )}
            </span>
          </div>
          <textarea
            id={`${id}-destination`}
            className="input textarea mono-input"
            rows={2}
            value={values.destination}
            onChange={(e) => setDestination(e.target.value)}
            onPaste={(e) => {
              // Pasted whole into the empty field, an invoice goes straight on to its review, as with the Paste button.
              const text = e.clipboardData.getData('text').trim();
              if (values.destination.trim() !== '' || text === '') return;
              e.preventDefault();
              setDestination(text, true);
            }}
            placeholder="bc1…, bitcoin:… or a Lightning invoice"
            {...CODE_INPUT}
            aria-invalid={destinationProblem || engineField === 'destination' ? true : undefined}
            aria-describedby={`${id}-destination-hint${destinationProblem ? ` ${id}-destination-error` : ''}`}
            data-testid="send-destination"
          />
          <p id={`${id}-destination-hint`} className="field-hint">
            A bitcoin address, a bitcoin: payment link, or a Lightning invoice.
          </p>
          {destinationProblem && <FieldError id={`${id}-destination-error`}>{destinationProblem}</FieldError>}
          {pasteProblem && <FieldError id={`${id}-paste-error`}>{pasteProblem}</FieldError>}
          {link && !lightning && (link.label || link.message || link.amountSat !== undefined) && (
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

        {link?.lightning !== undefined && link.address !== undefined && (
          <fieldset className="field pay-with" data-testid="send-pay-with">
            <legend>Pay with</legend>
            <label className="checkbox">
              <input type="radio" name={`${id}-pay-with`} checked={values.payWith !== 'onchain'} onChange={() => update((v) => ({ ...v, payWith: 'lightning' }))} data-testid="send-pay-with-lightning" />
              Lightning: instant, low fees
            </label>
            <label className="checkbox">
              <input type="radio" name={`${id}-pay-with`} checked={values.payWith === 'onchain'} onChange={() => update((v) => ({ ...v, payWith: 'onchain' }))} data-testid="send-pay-with-onchain" />
              On-chain, to the address
            </label>
          </fieldset>
        )}

        {lightning !== undefined ? (
          <p className="request-info" data-testid="send-lightning-info">
            A Lightning invoice: you’ll see the amount, the recipient and the fee limit before anything is paid.
          </p>
        ) : (
          <OnchainFields id={id} values={values} update={update} rates={rates} feeChoice={feeChoice} problems={problems} engineField={engineField} spendableSat={spendableSat} />
        )}

        {decode.error && <ErrorNotice error={decode.error} context="invoice_read" testId="send-error" />}
        {preview.error && <ErrorNotice error={preview.error} context="preview" testId="send-error" />}
        <button type="submit" className="button button-primary button-block" disabled={preview.pending || decode.pending} data-testid="send-review">
          <Busy when={preview.pending || decode.pending} label="Checking…">Review</Busy>
        </button>
      </form>
    </section>
  );
}

function OnchainFields({
  id,
  values,
  update,
  rates,
  feeChoice,
  problems,
  engineField,
  spendableSat,
}: {
  id: string;
  values: SendFormValues;
  update: (change: (v: SendFormValues) => SendFormValues) => void;
  rates: Query<FeeRates>;
  feeChoice: FeeChoice;
  problems: SendFormProblems;
  engineField: 'destination' | 'amount' | undefined;
  spendableSat: number | undefined;
}) {
  return (
    <>
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
    </>
  );
}
