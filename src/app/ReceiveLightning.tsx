import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { RpcErrorData } from '../worker/rpc.ts';
import type { ChannelInfo, PaymentInfo } from '../worker/wallet-api.ts';
import { Msat } from './Amount.tsx';
import { expiresSoon, expiryLabel } from './countdown.ts';
import { CopyIcon, RefreshIcon, ShareIcon } from './icons.tsx';
import { MSAT_PER_SAT } from './lightning-amounts.ts';
import { receivedPayment } from './lightning-pay.ts';
import { QrCode } from './QrCode.tsx';
import { invoiceQrText, receivableMsat } from './receive-invoice.ts';
import { useAction } from './rpc-hooks.ts';
import { parseSatsInput } from './sats.ts';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { canShare, useCopy } from './useClipboard.ts';
import { useNow } from './useNow.ts';
import { useWallet } from './wallet-context.ts';

/** The invoice QR code's widest size: phones scan a dense code more easily when it is big. */
const INVOICE_QR_PIXELS = 400;

/** Receive over Lightning: amount and description, then the invoice, then "received" once it is paid. */
export function ReceiveLightning({ channels, onDone }: { channels: ChannelInfo[] | undefined; onDone: () => void }) {
  const { call, onEvent } = useWallet();
  const [invoice, setInvoice] = useState<PaymentInfo>();
  /** Payments received while this screen is open, by payment hash (an event may beat the invoice's arrival). */
  const [received, setReceived] = useState<Record<string, PaymentInfo>>({});
  const create = useAction(useCallback((args: { amountMsat: number | null; description: string }) => call('invoiceCreate', args), [call]));

  useEffect(
    () =>
      onEvent((event) => {
        if (event.type !== 'payment_changed') return;
        const paid = receivedPayment(event, event.payment.paymentHash);
        if (paid) setReceived((all) => ({ ...all, [paid.paymentHash]: paid }));
      }),
    [onEvent],
  );

  const paid = invoice ? received[invoice.paymentHash] : undefined;
  if (invoice && paid) return <Received payment={paid} onAnother={() => setInvoice(undefined)} onDone={onDone} />;
  if (invoice) return <InvoiceView invoice={invoice} onNew={() => setInvoice(undefined)} />;
  return (
    <InvoiceForm
      receivableMsat={channels ? receivableMsat(channels) : undefined}
      creating={create.pending}
      error={create.error}
      onCreate={async (args) => {
        const made = await create.run(args);
        if (made) setInvoice(made);
      }}
    />
  );
}

function InvoiceForm({
  receivableMsat: receivable,
  creating,
  error,
  onCreate,
}: {
  receivableMsat: number | undefined;
  creating: boolean;
  error: RpcErrorData | undefined;
  onCreate: (args: { amountMsat: number | null; description: string }) => Promise<void>;
}) {
  const id = useId();
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const amountCheck = amount.trim() === '' ? undefined : parseSatsInput(amount);
  const amountProblem = submitted && amountCheck && !amountCheck.ok ? amountCheck.problem : undefined;
  const amountMsat = amountCheck?.ok ? amountCheck.sat * MSAT_PER_SAT : null;
  const tooMuch = receivable !== undefined && amountMsat !== null && amountMsat > receivable;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (amountCheck && !amountCheck.ok) return;
    void onCreate({ amountMsat, description: description.trim() });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="invoice-form">
      <div className="field">
        <label htmlFor={`${id}-amount`}>Amount, in sats (optional)</label>
        <input
          id={`${id}-amount`}
          className="input input-amount"
          inputMode="numeric"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={amountProblem ? true : undefined}
          aria-describedby={`${id}-amount-hint${amountProblem ? ` ${id}-amount-error` : ''}`}
          data-testid="invoice-amount"
        />
        <p id={`${id}-amount-hint`} className="field-hint">
          {receivable !== undefined ? (
            <>
              Your channels can take in up to <Msat value={receivable} /> now.
            </>
          ) : (
            'Leave it empty to let the payer choose.'
          )}
        </p>
        {amountProblem && <FieldError id={`${id}-amount-error`}>{amountProblem}</FieldError>}
        {tooMuch && (
          <p className="field-hint warning-text" data-testid="invoice-too-much">
            That is more than your channels can receive right now, so a payment may fail. Ask for less, or open a channel with more room to receive.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description (optional)</label>
        <input
          id={`${id}-description`}
          className="input"
          autoComplete="off"
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="invoice-description"
        />
        <p className="field-hint">The payer sees it, e.g. what the payment is for.</p>
      </div>
      {error && <ErrorNotice error={error} context="invoice_create" testId="invoice-error" />}
      <button type="submit" className="button button-primary button-block" disabled={creating} data-testid="invoice-create">
        <Busy when={creating} label="Making the invoice…">Create invoice</Busy>
      </button>
    </form>
  );
}

function InvoiceView({ invoice, onNew }: { invoice: PaymentInfo; onNew: () => void }) {
  const now = useNow(1000);
  const { status: copyStatus, copy } = useCopy();
  const [shareFailed, setShareFailed] = useState(false);
  const expired = invoice.expiresAt !== undefined && invoice.expiresAt <= now;

  const share = async () => {
    setShareFailed(false);
    try {
      await navigator.share({ title: 'Lightning invoice', text: `lightning:${invoice.bolt11}` });
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setShareFailed(true);
    }
  };

  if (expired) {
    return (
      <div className="stack" data-testid="invoice-expired">
        <div className="notice notice-warning" role="status">
          <p className="notice-title">This invoice has expired</p>
          <p>It can no longer be paid. Make a new one for the payer.</p>
        </div>
        <button type="button" className="button button-primary button-block" onClick={onNew} data-testid="invoice-new">
          <RefreshIcon /> New invoice
        </button>
      </div>
    );
  }

  return (
    <div className="stack" data-testid="invoice-view" data-payment-hash={invoice.paymentHash}>
      <div className="qr-frame">
        <QrCode
          text={invoiceQrText(invoice.bolt11)}
          label={`QR code of a Lightning invoice${invoice.amountMsat !== null ? ` for ${Math.floor(invoice.amountMsat / MSAT_PER_SAT)} sats` : ''}`}
          testId="invoice-qr"
          maxPixels={INVOICE_QR_PIXELS}
        />
      </div>
      <dl className="facts facts-compact">
        <div>
          <dt>Amount</dt>
          <dd>{invoice.amountMsat !== null ? <Msat value={invoice.amountMsat} testId="invoice-amount-shown" /> : 'Payer chooses'}</dd>
        </div>
        {invoice.description && (
          <div>
            <dt>Description</dt>
            <dd>{invoice.description}</dd>
          </div>
        )}
        {invoice.expiresAt !== undefined && (
          <div>
            <dt>Valid</dt>
            <dd className={expiresSoon(invoice.expiresAt, now) ? 'countdown soon' : 'countdown'} data-testid="invoice-expiry">
              {expiryLabel(invoice.expiresAt, now)}
            </dd>
          </div>
        )}
      </dl>
      <p className="mono selectable invoice-text" data-testid="invoice-text">
        {invoice.bolt11}
      </p>
      <div className="actions actions-fill">
        <button type="button" className="button" onClick={() => void copy(invoice.bolt11)} data-testid="invoice-copy">
          <CopyIcon /> Copy invoice
        </button>
        {canShare() && (
          <button type="button" className="button" onClick={() => void share()} data-testid="invoice-share">
            <ShareIcon /> Share
          </button>
        )}
      </div>
      <p className="copy-feedback" role="status" aria-live="polite" data-testid="invoice-copy-status">
        {copyStatus === 'copied' && 'Invoice copied.'}
        {copyStatus === 'failed' && 'Couldn’t copy here. Select the invoice text and copy it yourself.'}
        {shareFailed && 'Sharing didn’t work. Copy the invoice instead.'}
      </p>
      <p className="waiting" role="status" aria-live="polite">
        Waiting for the payment… This screen changes as soon as it arrives.
      </p>
      <button type="button" className="button button-block" onClick={onNew} data-testid="invoice-new">
        <RefreshIcon /> New invoice
      </button>
    </div>
  );
}

function Received({ payment, onAnother, onDone }: { payment: PaymentInfo; onAnother: () => void; onDone: () => void }) {
  return (
    <div className="stack" data-testid="payment-received" data-payment-hash={payment.paymentHash}>
      <div className="notice notice-success received" role="status" aria-live="assertive">
        <p className="notice-title">Received</p>
        <p className="received-amount">{payment.amountMsat !== null ? <Msat value={payment.amountMsat} testId="received-amount" /> : 'Payment received'}</p>
        {payment.description && <p>{payment.description}</p>}
      </div>
      <div className="actions actions-fill">
        <button type="button" className="button" onClick={onAnother} data-testid="receive-another">
          Receive more
        </button>
        <button type="button" className="button button-primary" onClick={onDone} data-testid="receive-done">
          Done
        </button>
      </div>
    </div>
  );
}
