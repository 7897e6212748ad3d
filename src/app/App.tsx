import { useState } from 'react';
import { EngineError } from './EngineError.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { useEngine } from './useEngine.ts';

export function App() {
  // Bumping the key remounts the engine panel, which starts a fresh worker.
  const [attempt, setAttempt] = useState(0);
  return (
    <div className="app">
      <UpdateBanner />
      <header className="app-header">
        <img className="app-logo" src={`${import.meta.env.BASE_URL}icons/icon-192.png`} alt="" width={36} height={36} />
        <h1>Lightning Wallet</h1>
      </header>
      <main className="app-main">
        <EnginePanel key={attempt} onRetry={() => setAttempt((n) => n + 1)} />
      </main>
    </div>
  );
}

function EnginePanel({ onRetry }: { onRetry: () => void }) {
  const engine = useEngine();
  switch (engine.phase) {
    case 'loading':
      return (
        <section className="card" role="status" aria-live="polite" data-testid="engine-loading">
          <span className="spinner" aria-hidden="true" />
          Starting the wallet engine…
        </section>
      );
    case 'error':
      return <EngineError error={engine.error} onRetry={onRetry} />;
    case 'ready':
      return (
        <section className="card" aria-labelledby="engine-heading" data-testid="engine-ready">
          <h2 id="engine-heading">Wallet engine</h2>
          <dl className="facts">
            <div>
              <dt>Version</dt>
              <dd data-testid="engine-version">{engine.info.version}</dd>
            </div>
            <div>
              <dt>Network</dt>
              <dd>
                <span className={`badge badge-${engine.info.network}`} data-testid="engine-network">
                  {engine.info.network}
                </span>
              </dd>
            </div>
            <div>
              <dt>Chain server</dt>
              <dd data-testid="engine-esplora">{engine.info.esploraUrl ?? 'not configured'}</dd>
            </div>
            <div>
              <dt>Default peer</dt>
              <dd className="mono" data-testid="engine-default-peer">
                {engine.info.defaultPeer ?? 'not configured'}
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd data-testid="engine-status">{engine.status}</dd>
            </div>
          </dl>
        </section>
      );
  }
}
