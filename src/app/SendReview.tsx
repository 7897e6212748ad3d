import { useCallback } from 'react';
import type { SendPreview, SendRequest } from '../worker/wallet-api.ts';
import { AddressBlock } from './AddressBlock.tsx';
import { Btc, Sats } from './Amount.tsx';
import { formatFeeRate } from './fee-rate.ts';
import { useAction } from './rpc-hooks.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { Busy, ErrorNotice } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

export function SendReview({ request, preview, onEdit, onSent }: { request: SendRequest; preview: SendPreview; onEdit: () => void; onSent: (txid: string) => void }) {
  const { call } = useWallet();
  const send = useAction(useCallback((r: SendRequest) => call('send', r), [call]));
  const total = preview.amountSat + preview.feeSat;

  const confirm = async () => {
    const result = await send.run(request);
    if (result) onSent(result.txid);
  };

  return (
    <section className="screen" aria-labelledby="review-heading" data-testid="send-preview">
      <ScreenHeader id="review-heading" title="Review payment" onBack={onEdit} backLabel="Edit payment" />
      <div className="card">
        <p className="label-small">To</p>
        <AddressBlock address={preview.address} testId="send-preview-address" />
        {(preview.label || preview.message) && (
          <div className="request-info">
            {preview.label && <p data-testid="send-preview-label">{preview.label}</p>}
            {preview.message && (
              <p className="muted" data-testid="send-preview-message">
                {preview.message}
              </p>
            )}
          </div>
        )}
        <dl className="facts review-facts">
          <div>
            <dt>Amount</dt>
            <dd>
              <Sats value={preview.amountSat} testId="send-preview-amount" />
            </dd>
          </div>
          <div>
            <dt>
              Network fee
              <span className="dt-sub">
                {formatFeeRate(preview.feeRate)} × {preview.vsize.toLocaleString('en-US')} vB
              </span>
            </dt>
            <dd>
              <Sats value={preview.feeSat} testId="send-preview-fee" />
            </dd>
          </div>
          <div className="facts-total">
            <dt>Total</dt>
            <dd>
              <Sats value={total} testId="send-preview-total" />
              <span className="dd-sub">
                <Btc value={total} />
              </span>
            </dd>
          </div>
          <div className="muted">
            <dt>Change back to you</dt>
            <dd>
              <Sats value={preview.changeSat} testId="send-preview-change" />
            </dd>
          </div>
        </dl>
        {request.sendAll && <p className="field-hint">Send all: everything spendable goes out, minus the fee.</p>}
      </div>
      {send.error && <ErrorNotice error={send.error} context="send" testId="send-error" />}
      <div className="actions actions-fill">
        <button type="button" className="button" onClick={onEdit} disabled={send.pending}>
          Edit
        </button>
        <button type="button" className="button button-primary" onClick={() => void confirm()} disabled={send.pending} data-testid="send-confirm">
          <Busy when={send.pending} label="Sending…">Send</Busy>
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {send.pending ? 'Signing and broadcasting the transaction…' : ''}
      </p>
    </section>
  );
}
