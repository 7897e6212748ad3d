import { useId, useMemo, useRef, useState } from 'react';
import type { ChannelInfo } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { channelTotals, phaseLabel, sortChannels } from './channel-format.ts';
import { ChannelItem } from './ChannelItem.tsx';
import { ChannelsIcon } from './icons.tsx';
import { OpenChannelForm } from './OpenChannelForm.tsx';
import { PeersSection } from './PeersSection.tsx';
import { ScreenHeading } from './ScreenHeading.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import { useLightning } from './useLightning.ts';
import type { LiveWallet } from './useLiveWallet.ts';
import { useWallet } from './wallet-context.ts';

/** Lightning channels: what they hold, opening and closing them, and the peers behind them. */
export function ChannelsScreen({ live }: { live: LiveWallet }) {
  const id = useId();
  const { info } = useWallet();
  const { channels, peers } = useLightning();
  const settings = live.settings.data;
  const amountField = useRef<HTMLInputElement>(null);
  const [opened, setOpened] = useState<ChannelInfo>();
  const sorted = useMemo(() => (channels.data ? sortChannels(channels.data) : undefined), [channels.data]);
  const totals = useMemo(() => (channels.data ? channelTotals(channels.data) : undefined), [channels.data]);
  const { reload: reloadChannels } = channels;
  const { reload: reloadPeers } = peers;

  const goToOpenForm = () => {
    amountField.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    amountField.current?.focus({ preventScroll: true });
  };

  const refresh = () => {
    reloadChannels();
    reloadPeers();
  };

  return (
    <section className="screen" aria-labelledby={`${id}-heading`} data-testid="channels-screen">
      <ScreenHeading id={`${id}-heading`}>Channels</ScreenHeading>

      {totals && (totals.usable > 0 || totals.closingSat > 0) && (
        <dl className="facts card channel-totals" data-testid="channel-totals">
          {totals.usable > 0 && (
            <>
              <div>
                <dt>Can send now</dt>
                <dd>
                  <Sats value={totals.canSendSat} testId="channels-can-send" />
                </dd>
              </div>
              <div>
                <dt>Can receive now</dt>
                <dd>
                  <Sats value={totals.canReceiveSat} testId="channels-can-receive" />
                </dd>
              </div>
            </>
          )}
          {totals.closingSat > 0 && (
            <div>
              <dt>
                Coming back on chain
                <span className="dt-sub">From closed channels, once confirmed or unlocked</span>
              </dt>
              <dd>
                <Sats value={totals.closingSat} testId="channels-closing-pending" />
              </dd>
            </div>
          )}
        </dl>
      )}

      {opened && (
        <div className="notice notice-success" role="status" data-testid="channel-open-result">
          <p className="notice-title">Channel {phaseLabel(opened.phase).toLowerCase()}</p>
          <p>{opened.status}</p>
          <div className="actions">
            <button type="button" className="button button-small" onClick={() => setOpened(undefined)} data-testid="channel-open-result-dismiss">
              OK
            </button>
          </div>
        </div>
      )}

      {channels.error && <ErrorNotice error={channels.error} context="channels" onRetry={refresh} testId="channels-error" />}
      {!sorted && !channels.error && <Loading>Loading channels…</Loading>}

      {sorted && sorted.active.length === 0 && (
        <section className="card channels-empty" aria-labelledby={`${id}-empty`} data-testid="channels-empty">
          <span className="empty-icon" aria-hidden="true">
            <ChannelsIcon />
          </span>
          <h3 id={`${id}-empty`}>No open channels</h3>
          <p>
            A channel locks some of your bitcoin with one peer on chain, so the two of you can then pay each other — and, through the peer, the rest of the
            Lightning network — instantly and cheaply.
          </p>
          <button type="button" className="button button-primary" onClick={goToOpenForm} data-testid="channels-empty-open">
            Open a channel
          </button>
        </section>
      )}

      {sorted && sorted.active.length > 0 && (
        <ul className="channel-list" aria-label="Channels" aria-busy={channels.loading} data-testid="channel-list">
          {sorted.active.map((channel) => (
            <ChannelItem key={channel.channelId} channel={channel} settings={settings} onChanged={reloadChannels} />
          ))}
        </ul>
      )}

      <section className="card" aria-labelledby={`${id}-open`}>
        <h3 id={`${id}-open`}>Open a channel</h3>
        <OpenChannelForm
          spendableSat={live.balance.data?.spendableSat}
          amountRef={amountField}
          onOpened={(channel) => {
            setOpened(channel);
            refresh();
          }}
        />
      </section>

      {sorted && sorted.closed.length > 0 && (
        <details className="closed-channels" data-testid="closed-channels">
          <summary data-testid="closed-channels-toggle">Closed channels ({sorted.closed.length})</summary>
          <ul className="channel-list" aria-label="Closed channels">
            {sorted.closed.map((channel) => (
              <ChannelItem key={channel.channelId} channel={channel} settings={settings} onChanged={reloadChannels} />
            ))}
          </ul>
        </details>
      )}

      <PeersSection peers={peers} defaultPeer={info.defaultPeer} />
    </section>
  );
}
