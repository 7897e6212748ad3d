import { useState } from 'react';
import { CreateWallet } from './CreateWallet.tsx';
import { RestoreWallet } from './RestoreWallet.tsx';
import { ScreenHeading } from './ScreenHeading.tsx';

type Mode = 'choose' | 'create' | 'restore';

export function Onboarding() {
  const [mode, setMode] = useState<Mode>('choose');
  if (mode === 'create') return <CreateWallet onCancel={() => setMode('choose')} />;
  if (mode === 'restore') return <RestoreWallet onCancel={() => setMode('choose')} />;
  return (
    <section className="screen" aria-labelledby="welcome-heading" data-testid="onboarding">
      <ScreenHeading id="welcome-heading">Welcome</ScreenHeading>
      <p>
        This wallet keeps your bitcoin keys on this device only. Nobody else, not even the makers of this app, can reach your money — or get it back
        for you.
      </p>
      <div className="stack">
        <button type="button" className="button button-primary button-block" onClick={() => setMode('create')} data-testid="onboarding-create">
          Create a new wallet
        </button>
        <button type="button" className="button button-block" onClick={() => setMode('restore')} data-testid="onboarding-restore">
          Restore from recovery words
        </button>
      </div>
    </section>
  );
}
