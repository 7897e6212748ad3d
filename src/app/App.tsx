import { useState } from 'react';
import { EngineError } from './EngineError.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { useEngine } from './useEngine.ts';
import { WalletRoot } from './WalletRoot.tsx';

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
      return <WalletRoot client={engine.client} info={engine.info} status={engine.status} />;
  }
}
