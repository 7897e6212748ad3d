import { useCallback, useId, useState, type FormEvent } from 'react';
import type { PeerInfo } from '../worker/wallet-api.ts';
import { checkPeer } from './channel-form.ts';
import { formatRetry, retrySecondsLeft, shortId } from './channel-format.ts';
import { asSentence } from './error-advice.ts';
import { CODE_INPUT } from './input-props.ts';
import { useAction, type Query } from './rpc-hooks.ts';
import { Busy, ErrorNotice, FieldError, Loading, Spinner } from './Status.tsx';
import type { PeerList } from './useLightning.ts';
import { useNow } from './useNow.ts';
import { useWallet } from './wallet-context.ts';

function PeerItem({
  peer,
  receivedAt,
  now,
  onReconnect,
  reconnecting,
  onTrust,
}: {
  peer: PeerInfo;
  receivedAt: number;
  now: number;
  onReconnect: () => void;
  reconnecting: boolean;
  onTrust: (trusted: boolean) => void;
}) {
  const retry = retrySecondsLeft(peer, receivedAt, now);
  return (
    <li className="peer-item" data-testid="peer-item" data-node-id={peer.nodeId} data-connected={peer.connected}>
      <div className="peer-main">
        <span className="mono peer-id" title={peer.nodeId}>
          {shortId(peer.nodeId)}
        </span>
        <span className="mono activity-sub peer-uri" title={peer.uri}>
          {peer.uri.slice(peer.uri.indexOf('@') + 1)}
        </span>
        {!peer.connected && peer.lastError && (
          <span className="peer-error" data-testid="peer-last-error">
            {asSentence(peer.lastError)}
          </span>
        )}
        {retry !== undefined && (
          <span className="activity-sub" data-testid="peer-retry" aria-live="off">
            {formatRetry(retry)}
          </span>
        )}
        <label className="peer-trust">
          <input type="checkbox" checked={peer.trusted} onChange={(event) => onTrust(event.target.checked)} data-testid="peer-trusted" />
          Trusted: use channels it opens before they confirm (only for your LSP, who could otherwise spend the funding twice)
        </label>
      </div>
      <div className="peer-end">
        <span className={peer.connected ? 'peer-state peer-state-on' : 'peer-state peer-state-off'} data-testid="peer-connected" data-connected={peer.connected}>
          <span className="dot" aria-hidden="true" />
          {peer.connected ? 'Connected' : 'Offline'}
        </span>
        {!peer.connected && (
          <button
            type="button"
            className="button button-small"
            onClick={onReconnect}
            disabled={reconnecting}
            aria-label={`Reconnect to peer ${shortId(peer.nodeId)}`}
            data-testid="peer-reconnect"
          >
            {reconnecting ? <Spinner /> : 'Reconnect'}
          </button>
        )}
      </div>
    </li>
  );
}

/** The peers the node keeps connections to, and a form to add one. */
export function PeersSection({ peers, defaultPeer }: { peers: Query<PeerList>; defaultPeer: string | undefined }) {
  const id = useId();
  const { call } = useWallet();
  const now = useNow(1_000);
  const [uri, setUri] = useState('');
  const [problem, setProblem] = useState<string>();
  const [reconnecting, setReconnecting] = useState<string>();
  // Connecting, reconnecting and trusting each report peers_changed, which updates the list.
  const peerConnect = useCallback((peerUri: string) => call('peerConnect', { uri: peerUri }), [call]);
  const connect = useAction(peerConnect);
  const reconnect = useAction(peerConnect);
  const trust = useAction(useCallback((args: { nodeId: string; trusted: boolean }) => call('peerTrust', args), [call]));
  const { reload } = peers;
  const data = peers.data;
  const defaultKnown = defaultPeer !== undefined && data?.peers.some((p) => defaultPeer.toLowerCase().startsWith(p.nodeId.toLowerCase()));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkPeer(uri);
    if (!check.ok) {
      setProblem(check.problem);
      return;
    }
    setProblem(undefined);
    if (await connect.run(check.value)) setUri('');
  };

  const again = async (peer: PeerInfo) => {
    setReconnecting(peer.nodeId);
    await reconnect.run(peer.uri);
    setReconnecting(undefined);
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="peers-section">
      <h3 id={`${id}-heading`}>Peers</h3>
      {peers.error && !data && <ErrorNotice error={peers.error} context="channels" onRetry={reload} testId="peers-error" />}
      {!data && !peers.error && <Loading>Loading peers…</Loading>}
      {data?.peers.length === 0 && <p className="empty">Not connected to any peer yet. A channel needs a connection to its peer.</p>}
      {data && data.peers.length > 0 && (
        <ul className="peer-list" aria-busy={peers.loading}>
          {data.peers.map((peer) => (
            <PeerItem
              key={peer.nodeId}
              peer={peer}
              receivedAt={data.receivedAt}
              now={now}
              reconnecting={reconnecting === peer.nodeId}
              onReconnect={() => void again(peer)}
              onTrust={(trusted) => void trust.run({ nodeId: peer.nodeId, trusted })}
            />
          ))}
        </ul>
      )}
      {reconnect.error && <ErrorNotice error={reconnect.error} context="peer_connect" testId="peer-reconnect-error" />}
      {trust.error && <ErrorNotice error={trust.error} context="channels" testId="peer-trust-error" />}

      <form className="stack" onSubmit={submit} noValidate aria-label="Connect to a peer" data-testid="peer-connect-form">
        <div className="field">
          <label htmlFor={`${id}-uri`}>Connect to a peer</label>
          <textarea
            id={`${id}-uri`}
            className="input textarea mono-input"
            rows={2}
            value={uri}
            onChange={(e) => {
              setUri(e.target.value);
              setProblem(undefined);
              if (connect.error) connect.clearError();
            }}
            placeholder="<node id>@wss://host:port"
            {...CODE_INPUT}
            aria-invalid={problem || connect.error?.code === 'invalid_peer_uri' ? true : undefined}
            aria-describedby={`${id}-uri-hint${problem ? ` ${id}-uri-error` : ''}`}
            data-testid="peer-connect-uri"
          />
          <p id={`${id}-uri-hint`} className="field-hint">
            The peer’s node id, @, and the WebSocket address it listens on. The wallet keeps reconnecting to it.
          </p>
          {problem && <FieldError id={`${id}-uri-error`}>{problem}</FieldError>}
        </div>
        {connect.error && <ErrorNotice error={connect.error} context="peer_connect" testId="peer-connect-error" />}
        <div className="actions">
          <button type="submit" className="button" disabled={connect.pending} data-testid="peer-connect-submit">
            <Busy when={connect.pending} label="Connecting…">Connect</Busy>
          </button>
          {defaultPeer && !defaultKnown && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setUri(defaultPeer);
                setProblem(undefined);
              }}
              data-testid="peer-connect-default"
            >
              Use the default peer
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
