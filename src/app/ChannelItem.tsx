import { useCallback, useState } from 'react';
import type { ChannelInfo, Settings } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { ChannelBalanceBar } from './ChannelBalanceBar.tsx';
import {
  canCloseCooperatively,
  canForceClose,
  channelName,
  describePendingHtlcs,
  describeScid,
  msatToSat,
  phaseLabel,
  phaseTone,
  shortId,
} from './channel-format.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { explorerTxUrl } from './explorer-link.ts';
import { useAction } from './rpc-hooks.ts';
import { useWallet } from './wallet-context.ts';

/** The longest delay our engine accepts on its own funds after a force close (policy maxToSelfDelay). */
const MAX_FORCE_CLOSE_DELAY_BLOCKS = 2016;

function TxLink({ txid, settings, testId }: { txid: string; settings: Settings | undefined; testId: string }) {
  const link = explorerTxUrl(settings, txid);
  const text = shortId(txid, 10, 8);
  return link ? (
    <a className="mono" href={link} target="_blank" rel="noopener noreferrer" title={txid} data-testid={testId} data-txid={txid}>
      {text}
      <span className="visually-hidden"> (opens the block explorer)</span>
    </a>
  ) : (
    <span className="mono selectable" title={txid} data-testid={testId} data-txid={txid}>
      {txid}
    </span>
  );
}

function PeerState({ connected }: { connected: boolean }) {
  return (
    <span className={connected ? 'peer-state peer-state-on' : 'peer-state peer-state-off'} data-testid="channel-peer-connected" data-connected={connected}>
      <span className="dot" aria-hidden="true" />
      {connected ? 'connected' : 'offline'}
    </span>
  );
}

type Closing = 'cooperative' | 'force';

function CloseDialog({ channel, kind, onDone, onCancel }: { channel: ChannelInfo; kind: Closing; onDone: () => void; onCancel: () => void }) {
  const { call } = useWallet();
  const close = useAction(useCallback((args: { channelId: string; force?: boolean }) => call('channelClose', args), [call]));
  const localSat = msatToSat(channel.localMsat);
  const pending = channel.pendingHtlcs.length;

  const confirm = async () => {
    const result = await close.run(kind === 'force' ? { channelId: channel.channelId, force: true } : { channelId: channel.channelId });
    if (result) onDone();
  };

  const common = {
    pending: close.pending,
    error: close.error,
    errorContext: 'channel_close' as const,
    onConfirm: () => void confirm(),
    onCancel,
    testId: kind === 'force' ? 'force-close-dialog' : 'close-dialog',
    confirmTestId: 'confirm-close',
    cancelTestId: 'confirm-cancel',
  };

  if (kind === 'cooperative') {
    return (
      <ConfirmDialog {...common} title="Close this channel?" confirmLabel="Close channel" pendingLabel="Closing…">
        <p>You and the peer sign one closing transaction together.</p>
        <ul className="dialog-points">
          <li>
            Your side, about <Sats value={localSat} />, comes back to your on-chain wallet in that one transaction, soon after it confirms. The on-chain
            fee is taken from the channel first.
          </li>
          <li>The peer has to be online to agree.{!channel.peerConnected && <strong> It isn’t connected right now; if it stays offline, force close instead.</strong>}</li>
          <li>Payments still in flight are settled first. After that the channel can’t be used again.</li>
        </ul>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog {...common} danger title="Force close this channel?" confirmLabel="Force close" pendingLabel="Force closing…">
      <p>Your wallet publishes its latest copy of the channel on its own, without the peer. Use this only if the peer is gone or won’t cooperate.</p>
      <ul className="dialog-points">
        <li>
          Your side, about <Sats value={localSat} />, stays locked for the channel’s safety delay before you can spend it: up to about two weeks (
          {MAX_FORCE_CLOSE_DELAY_BLOCKS.toLocaleString('en-US')} blocks at roughly 10 minutes each). The peer gets its side right away.
        </li>
        <li>It costs more in on-chain fees than closing together: extra transactions are needed to bring your funds back.</li>
        <li>
          {pending > 0
            ? `${pending === 1 ? 'The 1 payment' : `The ${pending} payments`} still pending ${pending === 1 ? 'is' : 'are'} resolved on chain, one transaction each, which can take longer and cost more.`
            : 'Any payment that is still pending is resolved on chain.'}
        </li>
      </ul>
    </ConfirmDialog>
  );
}

/** One channel: where its money sits, its state, and Close / Force close behind a confirmation. */
export function ChannelItem({ channel, settings, onChanged }: { channel: ChannelInfo; settings: Settings | undefined; onChanged: () => void }) {
  const [closing, setClosing] = useState<Closing>();
  const name = channelName(channel);
  // An alias is a name, not a place on chain: only a real short channel id reads as block, transaction, output.
  const nameTitle = (name.kind === 'scid' ? describeScid(name.value) : undefined) ?? channel.channelId;
  const tone = phaseTone(channel.phase);
  const coop = canCloseCooperatively(channel.phase);
  const force = canForceClose(channel.phase);
  const headingId = `channel-${channel.channelId}`;

  return (
    <li className="channel-item" aria-labelledby={headingId} data-testid="channel-item" data-channel-id={channel.channelId} data-phase={channel.phase}>
      <div className="channel-head">
        <div className="channel-title">
          <h3 id={headingId} className="channel-name">
            <span className="visually-hidden">Channel </span>
            <span className="mono" title={nameTitle} data-testid="channel-name">
              {name.value}
            </span>
          </h3>
          <span className="activity-sub">
            {name.kind === 'alias' ? 'Alias · ' : name.kind === 'channel_id' ? 'Not confirmed yet · ' : ''}
            {channel.weOpened ? 'Opened by you' : 'Opened by the peer'}
          </span>
        </div>
        <span className={`badge badge-phase badge-phase-${tone}`} data-testid="channel-phase">
          {phaseLabel(channel.phase)}
        </span>
      </div>
      <p className="channel-status" data-testid="channel-status">
        {channel.status}
      </p>

      <ChannelBalanceBar channel={channel} />

      <dl className="facts facts-compact">
        <div>
          <dt>Capacity</dt>
          <dd>
            <Sats value={channel.capacitySat} testId="channel-capacity" />
          </dd>
        </div>
        <div>
          <dt>Your balance</dt>
          <dd>
            <Sats value={msatToSat(channel.localMsat)} testId="channel-local" />
          </dd>
        </div>
        <div>
          <dt>Peer’s balance</dt>
          <dd>
            <Sats value={msatToSat(channel.remoteMsat)} testId="channel-remote" />
          </dd>
        </div>
        <div>
          <dt>Can send</dt>
          <dd>
            <Sats value={msatToSat(channel.canSendMsat)} testId="channel-can-send" />
          </dd>
        </div>
        <div>
          <dt>Can receive</dt>
          <dd>
            <Sats value={msatToSat(channel.canReceiveMsat)} testId="channel-can-receive" />
          </dd>
        </div>
        <div>
          <dt>Pending payments</dt>
          <dd data-testid="channel-pending-htlcs" data-count={channel.pendingHtlcs.length}>
            {describePendingHtlcs(channel.pendingHtlcs)}
          </dd>
        </div>
        <div>
          <dt>Peer</dt>
          <dd>
            <span className="mono" title={channel.peer} data-testid="channel-peer">
              {shortId(channel.peer)}
            </span>{' '}
            <PeerState connected={channel.peerConnected} />
          </dd>
        </div>
        {channel.shortChannelId && channel.aliasScid && (
          <div>
            <dt>Alias</dt>
            <dd className="mono" data-testid="channel-alias">
              {channel.aliasScid}
            </dd>
          </div>
        )}
        {channel.fundingTxid && (
          <div>
            <dt>Funding transaction</dt>
            <dd>
              <TxLink txid={channel.fundingTxid} settings={settings} testId="channel-funding-tx" />
            </dd>
          </div>
        )}
        {channel.closingTxid && (
          <div>
            <dt>Closing transaction</dt>
            <dd>
              <TxLink txid={channel.closingTxid} settings={settings} testId="channel-closing-tx" />
            </dd>
          </div>
        )}
        {channel.closingPendingSat !== undefined && channel.closingPendingSat > 0 && (
          <div>
            <dt>Still coming back</dt>
            <dd>
              <Sats value={channel.closingPendingSat} testId="channel-closing-pending" />
            </dd>
          </div>
        )}
      </dl>

      {(coop || force) && (
        <div className="actions">
          {coop && (
            <button type="button" className="button" onClick={() => setClosing('cooperative')} aria-label={`Close channel ${name.value}`} data-testid="channel-close">
              Close
            </button>
          )}
          {force && (
            <button
              type="button"
              className="button button-danger-outline"
              onClick={() => setClosing('force')}
              aria-label={`Force close channel ${name.value}`}
              data-testid="channel-force-close"
            >
              Force close
            </button>
          )}
        </div>
      )}
      {closing && (
        <CloseDialog
          channel={channel}
          kind={closing}
          onCancel={() => setClosing(undefined)}
          onDone={() => {
            setClosing(undefined);
            onChanged();
          }}
        />
      )}
    </li>
  );
}
