import { useCallback, useId, useState, type FormEvent, type Ref } from 'react';
import type { ChannelInfo } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { buildOpenChannel, MIN_CHANNEL_SATS, type OpenChannelRequest, type OpenChannelValues } from './channel-form.ts';
import { CODE_INPUT } from './input-props.ts';
import { useAction } from './rpc-hooks.ts';
import { formatSats } from './sats.ts';
import { Busy, ErrorNotice, FieldError } from './Status.tsx';
import { useWallet } from './wallet-context.ts';

const FIELD_OF_ERROR: Record<string, 'peer' | 'sats'> = {
  invalid_peer_uri: 'peer',
  invalid_amount: 'sats',
  insufficient_funds: 'sats',
};

/** Opens a channel funded from the on-chain wallet; the peer is prefilled with the app's default peer. */
export function OpenChannelForm({
  spendableSat,
  amountRef,
  onOpened,
}: {
  spendableSat: number | undefined;
  /** The amount field, so the empty state's button can bring the person here. */
  amountRef?: Ref<HTMLInputElement>;
  onOpened: (channel: ChannelInfo) => void;
}) {
  const id = useId();
  const { call, info } = useWallet();
  const [values, setValues] = useState<OpenChannelValues>(() => ({ peer: info.defaultPeer ?? '', sats: '', push: '' }));
  const [submitted, setSubmitted] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const open = useAction(useCallback((request: OpenChannelRequest) => call('channelOpen', request), [call]));

  const check = buildOpenChannel(values, spendableSat);
  const problems = submitted && !check.ok ? check.problems : {};
  const engineField = open.error ? FIELD_OF_ERROR[open.error.code] : undefined;

  const update = (change: Partial<OpenChannelValues>) => {
    setValues((v) => ({ ...v, ...change }));
    if (open.error) open.clearError();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.ok) {
      // The gift field is under Advanced: show it when it is what needs fixing.
      if (check.problems.push) setAdvanced(true);
      return;
    }
    const channel = await open.run(check.request);
    if (channel) {
      setSubmitted(false);
      setValues((v) => ({ ...v, sats: '', push: '' }));
      onOpened(channel);
    }
  };

  const describedBy = (field: string, problem: string | undefined) => `${id}-${field}-hint${problem ? ` ${id}-${field}-error` : ''}`;

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Open a channel" data-testid="channel-open-form">
      <div className="field">
        <label htmlFor={`${id}-peer`}>Peer</label>
        <textarea
          id={`${id}-peer`}
          className="input textarea mono-input"
          rows={2}
          value={values.peer}
          onChange={(e) => update({ peer: e.target.value })}
          placeholder="<node id>@wss://host:port"
          {...CODE_INPUT}
          aria-invalid={problems.peer || engineField === 'peer' ? true : undefined}
          aria-describedby={describedBy('peer', problems.peer)}
          data-testid="channel-open-peer"
        />
        <p id={`${id}-peer-hint`} className="field-hint">
          {info.defaultPeer && values.peer.trim() === info.defaultPeer ? 'The default peer for this network. ' : ''}
          The node to open the channel with: its node id, @, and its WebSocket address.
        </p>
        {problems.peer && <FieldError id={`${id}-peer-error`}>{problems.peer}</FieldError>}
        {info.defaultPeer && values.peer.trim() !== info.defaultPeer && (
          <div>
            <button type="button" className="button button-small" onClick={() => update({ peer: info.defaultPeer ?? '' })} data-testid="channel-open-default-peer">
              Use the default peer
            </button>
          </div>
        )}
      </div>

      <div className="field">
        <label htmlFor={`${id}-sats`}>Channel amount, in sats</label>
        <input
          ref={amountRef}
          id={`${id}-sats`}
          className="input input-amount"
          inputMode="numeric"
          autoComplete="off"
          value={values.sats}
          onChange={(e) => update({ sats: e.target.value })}
          aria-invalid={problems.sats || engineField === 'sats' ? true : undefined}
          aria-describedby={describedBy('sats', problems.sats)}
          data-testid="channel-open-sats"
        />
        <p id={`${id}-sats-hint`} className="field-hint">
          Taken from your on-chain balance{spendableSat !== undefined && <> (spendable: <Sats value={spendableSat} />)</>}, plus a network fee. At least{' '}
          {formatSats(MIN_CHANNEL_SATS)}.
        </p>
        {problems.sats && <FieldError id={`${id}-sats-error`}>{problems.sats}</FieldError>}
      </div>

      <details className="advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary data-testid="channel-open-advanced">Advanced</summary>
        <div className="field">
          <label htmlFor={`${id}-push`}>Give the peer, in sats (optional)</label>
          <input
            id={`${id}-push`}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            value={values.push}
            onChange={(e) => update({ push: e.target.value })}
            aria-invalid={problems.push ? true : undefined}
            aria-describedby={describedBy('push', problems.push)}
            data-testid="channel-open-push"
          />
          <p id={`${id}-push-hint`} className="field-hint">
            Moves this much of the channel to the peer’s side when it opens. It is a gift: you can’t take it back. Leave empty for none.
          </p>
          {problems.push && <FieldError id={`${id}-push-error`}>{problems.push}</FieldError>}
        </div>
      </details>

      {open.error && <ErrorNotice error={open.error} context="channel_open" testId="channel-open-error" />}
      <button type="submit" className="button button-primary button-block" disabled={open.pending} data-testid="channel-open-submit">
        <Busy when={open.pending} label="Opening channel…">Open channel</Busy>
      </button>
    </form>
  );
}
