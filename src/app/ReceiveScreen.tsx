import { useCallback, useEffect, useId, useState } from 'react';
import { AddressBlock } from './AddressBlock.tsx';
import { CopyIcon, RefreshIcon, ShareIcon } from './icons.tsx';
import { QrCode } from './QrCode.tsx';
import { canReceiveOverLightning } from './receive-invoice.ts';
import { ReceiveLightning } from './ReceiveLightning.tsx';
import { useQuery } from './rpc-hooks.ts';
import { parseSatsInput } from './sats.ts';
import { ScreenHeader } from './ScreenHeading.tsx';
import { ErrorNotice, FieldError, Loading } from './Status.tsx';
import { canShare, useCopy } from './useClipboard.ts';
import { useWallet } from './wallet-context.ts';

type ReceiveMode = 'lightning' | 'onchain';

/** How long Receive waits for the channel list before it opens on the on-chain address. */
const CHANNELS_WAIT_MS = 3000;

/**
 * Receive: over Lightning when a channel can take the payment (the default then), or to an on-chain
 * address, one tab away.
 */
export function ReceiveScreen({ onBack }: { onBack: () => void }) {
  const { call } = useWallet();
  const channels = useQuery(useCallback(() => call('channels'), [call]));
  const [chosen, setChosen] = useState<ReceiveMode>();
  const [waitedOut, setWaitedOut] = useState(false);
  /** Tabs left for the other: they stay mounted (hidden), so their address or invoice is still there on return. */
  const [left, setLeft] = useState<ReceiveMode[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => setWaitedOut(true), CHANNELS_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);

  const fallback: ReceiveMode | undefined = channels.data ? (canReceiveOverLightning(channels.data) ? 'lightning' : 'onchain') : channels.error || waitedOut ? 'onchain' : undefined;
  const mode = chosen ?? fallback;
  const choose = (next: ReceiveMode) => {
    if (mode && !left.includes(mode)) setLeft([...left, mode]);
    setChosen(next);
  };

  return (
    <section className="screen" aria-labelledby="receive-heading" data-testid="receive" data-mode={mode}>
      <ScreenHeader id="receive-heading" title="Receive bitcoin" onBack={onBack} />
      {mode === undefined ? (
        <Loading>Loading…</Loading>
      ) : (
        <>
          <div className="segmented" role="tablist" aria-label="How to receive">
            <button type="button" role="tab" aria-selected={mode === 'lightning'} className="segment" onClick={() => choose('lightning')} data-testid="receive-tab-lightning">
              Lightning
            </button>
            <button type="button" role="tab" aria-selected={mode === 'onchain'} className="segment" onClick={() => choose('onchain')} data-testid="receive-tab-onchain">
              On-chain
            </button>
          </div>
          {(mode === 'lightning' || left.includes('lightning')) && (
            <div className="stack" hidden={mode !== 'lightning'}>
              <ReceiveLightning channels={channels.data} onDone={onBack} />
            </div>
          )}
          {(mode === 'onchain' || left.includes('onchain')) && (
            <div className="stack" hidden={mode !== 'onchain'}>
              <ReceiveOnchain />
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ReceiveOnchain() {
  const { call } = useWallet();
  const address = useQuery(useCallback(() => call('newReceiveAddress'), [call]));
  return (
    <>
      {address.data ? (
        <ReceiveDetails address={address.data.address} onNewAddress={address.reload} refreshing={address.loading} />
      ) : address.error ? (
        <ErrorNotice error={address.error} context="receive" onRetry={address.reload} />
      ) : (
        <Loading>Getting a fresh address…</Loading>
      )}
      {address.data && address.error && <ErrorNotice error={address.error} context="receive" />}
    </>
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
