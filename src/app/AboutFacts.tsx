import type { EngineInfo, EngineStatus } from '../worker/api.ts';

export function NetworkBadge({ network, testId }: { network: string; testId?: string }) {
  return (
    <span className={`badge badge-${network}`} data-testid={testId}>
      {network}
    </span>
  );
}

/** The engine's facts in full, for Settings › About. */
export function AboutFacts({ info, status }: { info: EngineInfo; status: EngineStatus }) {
  return (
    <dl className="facts">
      <div>
        <dt>Version</dt>
        <dd data-testid="engine-version">{info.version}</dd>
      </div>
      <div>
        <dt>Network</dt>
        <dd>
          <NetworkBadge network={info.network} testId="engine-network" />
        </dd>
      </div>
      <div>
        <dt>Chain server</dt>
        <dd className="mono" data-testid="engine-esplora">
          {info.esploraUrl ?? 'not configured'}
        </dd>
      </div>
      <div>
        <dt>Default peer</dt>
        <dd className="mono" data-testid="engine-default-peer">
          {info.defaultPeer ?? 'not configured'}
        </dd>
      </div>
      <div>
        <dt>Engine</dt>
        <dd data-testid="engine-status">{status}</dd>
      </div>
    </dl>
  );
}

/** One quiet line of the same facts under the screens shown before a wallet is open. */
export function AboutLine({ info, status }: { info: EngineInfo; status: EngineStatus }) {
  return (
    <footer className="about-line" aria-label="About this app">
      <span>
        Version <span data-testid="engine-version">{info.version}</span>
      </span>
      <NetworkBadge network={info.network} testId="engine-network" />
      <span>
        Engine <span data-testid="engine-status">{status}</span>
      </span>
    </footer>
  );
}
