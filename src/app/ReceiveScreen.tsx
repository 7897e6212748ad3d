import { useCallback, useId, useState } from 'react';
import { AddressBlock } from './AddressBlock.tsx';
import { CopyIcon, RefreshIcon, ShareIcon } from './icons.tsx';
import { QrCode } from './QrCode.tsx';
import { useQuery } from './rpc-hooks.ts';
import { parseSatsInput } from './sats.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { ErrorNotice, FieldError, Loading } from './Status.tsx';
import { canShare, useCopy } from './useClipboard.ts';
import { useWallet } from './wallet-context.ts';

export function ReceiveScreen({ onBack }: { onBack: () => void }) {
  const { call } = useWallet();
  const address = useQuery(useCallback(() => call('newReceiveAddress'), [call]));
  return (
    <section className="screen" aria-labelledby="receive-heading" data-testid="receive">
      <ScreenHeader id="receive-heading" title="Receive bitcoin" onBack={onBack} />
      {address.data ? (
        <ReceiveDetails address={address.data.address} onNewAddress={address.reload} refreshing={address.loading} />
      ) : address.error ? (
        <ErrorNotice error={address.error} context="receive" onRetry={address.reload} />
      ) : (
        <Loading>Getting a fresh address…</Loading>
      )}
      {address.data && address.error && <ErrorNotice error={address.error} context="receive" />}
    </section>
  );
}

function ReceiveDetails({ address, onNewAddress, refreshing }: { address: string; onNewAddress: () => void; refreshing: boolean }) {
  const id = useId();
  const { call } = useWallet();
  const [amount, setAmount] = useState('');
  const [label, setLabel] = useState('');
  const { status: copyStatus, copiedKey, copy } = useCopy();
  const [shareFailed, setShareFailed] = useState(false);

  const amountCheck = amount.trim() === '' ? undefined : parseSatsInput(amount);
  const amountSat = amountCheck?.ok ? amountCheck.sat : undefined;
  const trimmedLabel = label.trim();
  const hasExtras = amountSat !== undefined || trimmedLabel !== '';
  // The extras go into a link for the same address, so editing them uses up no fresh addresses.
  const link = useQuery(
    useCallback(
      () => call('paymentLink', { address, ...(amountSat !== undefined ? { amountSat } : {}), ...(trimmedLabel ? { label: trimmedLabel } : {}) }),
      [call, address, amountSat, trimmedLabel],
    ),
  );
  const uri = link.data?.uri;

  const share = async () => {
    if (!uri) return;
    setShareFailed(false);
    try {
      await navigator.share({ title: 'Bitcoin payment request', text: uri });
    } catch (err) {
      // Closing the share sheet is not a failure.
      if (!(err instanceof DOMException && err.name === 'AbortError')) setShareFailed(true);
    }
  };

  return (
    <>
      <div className="qr-frame">
        {link.data && <QrCode text={link.data.qr} label={`QR code for ${hasExtras ? 'a payment request to ' : ''}the address ${address}`} testId="receive-qr" />}
      </div>
      {link.error && <ErrorNotice error={link.error} context="receive" />}
      <div>
        <p className="label-small" id={`${id}-address-label`}>
          Your bitcoin address
        </p>
        <AddressBlock address={address} testId="receive-address" />
      </div>
      <div className="actions actions-fill">
        <button type="button" className="button" onClick={() => void copy(address, 'address')} data-testid="receive-copy">
          <CopyIcon /> Copy address
        </button>
        {hasExtras && uri && (
          <button type="button" className="button" onClick={() => void copy(uri, 'uri')} data-testid="receive-copy-uri">
            <CopyIcon /> Copy link
          </button>
        )}
        {canShare() && (
          <button type="button" className="button" onClick={() => void share()} disabled={!uri} data-testid="receive-share">
            <ShareIcon /> Share
          </button>
        )}
      </div>
      <p className="copy-feedback" role="status" aria-live="polite" data-testid="receive-copy-status">
        {copyStatus === 'copied' && (copiedKey === 'uri' ? 'Payment link copied.' : 'Address copied.')}
        {copyStatus === 'failed' && 'Couldn’t copy here. Select the address and copy it yourself.'}
        {shareFailed && 'Sharing didn’t work. Copy the address instead.'}
      </p>
      <details className="request-extras">
        <summary>Add an amount or a label</summary>
        <div className="stack">
          <div className="field">
            <label htmlFor={`${id}-amount`}>Amount, in sats (optional)</label>
            <input
              id={`${id}-amount`}
              className="input"
              inputMode="numeric"
              autoComplete="off"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={amountCheck && !amountCheck.ok ? true : undefined}
              aria-describedby={amountCheck && !amountCheck.ok ? `${id}-amount-error` : undefined}
              data-testid="receive-amount"
            />
            {amountCheck && !amountCheck.ok && <FieldError id={`${id}-amount-error`}>{amountCheck.problem}</FieldError>}
          </div>
          <div className="field">
            <label htmlFor={`${id}-label`}>Label (optional)</label>
            <input
              id={`${id}-label`}
              className="input"
              autoComplete="off"
              maxLength={100}
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              data-testid="receive-label"
            />
            <p className="field-hint">Shown to the payer’s wallet, e.g. your name or what the payment is for.</p>
          </div>
        </div>
      </details>
      <button type="button" className="button button-block" onClick={onNewAddress} disabled={refreshing} data-testid="receive-new-address">
        <RefreshIcon /> {refreshing ? 'Getting a new address…' : 'New address'}
      </button>
      <p className="field-hint">Use a new address for each payment: it keeps your payments harder to link together.</p>
    </>
  );
}
