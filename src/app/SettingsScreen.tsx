import { useCallback } from 'react';
import { AboutFacts, NetworkBadge } from './AboutFacts.tsx';
import { EsploraUrlForm } from './EsploraUrlForm.tsx';
import { RevealWords } from './RevealWords.tsx';
import { useAction } from './rpc-hooks.ts';
import { ScreenHeading } from './ScreenHeading.tsx';
import { Busy, ErrorNotice, Loading } from './Status.tsx';
import { StoragePersistence } from './StoragePersistence.tsx';
import type { LiveWallet } from './useLiveWallet.ts';
import type { Persistence } from './useStoragePersistence.ts';
import { useWallet } from './wallet-context.ts';

export function SettingsScreen({ live, persistence, onAskPersistence }: { live: LiveWallet; persistence: Persistence; onAskPersistence: () => void }) {
  const { call, setWalletState, info, engineStatus } = useWallet();
  const { settings } = live;
  const lock = useAction(useCallback(() => call('lock'), [call]));

  const lockNow = async () => {
    const state = await lock.run();
    if (state) setWalletState(state);
  };

  return (
    <section className="screen" aria-labelledby="settings-heading" data-testid="settings">
      <ScreenHeading id="settings-heading">Settings</ScreenHeading>

      <section className="card" aria-labelledby="settings-chain-heading">
        <h3 id="settings-chain-heading">Network and chain server</h3>
        {settings.data ? (
          <>
            <dl className="facts">
              <div>
                <dt>Network</dt>
                <dd>
                  <NetworkBadge network={settings.data.network} testId="settings-network" />
                </dd>
              </div>
            </dl>
            <EsploraUrlForm current={settings.data.esploraUrl} onSaved={settings.setData} />
          </>
        ) : settings.error ? (
          <ErrorNotice error={settings.error} context="settings" onRetry={settings.reload} />
        ) : (
          <Loading>Loading settings…</Loading>
        )}
      </section>

      <section className="card" aria-labelledby="settings-words-heading">
        <h3 id="settings-words-heading">Recovery words</h3>
        <RevealWords />
      </section>

      <section className="card" aria-labelledby="settings-storage-heading">
        <h3 id="settings-storage-heading">Storage on this device</h3>
        <StoragePersistence persistence={persistence} onAskAgain={onAskPersistence} />
      </section>

      <section className="card" aria-labelledby="settings-lock-heading">
        <h3 id="settings-lock-heading">Lock</h3>
        <p>Locking forgets the keys in memory; your passphrase opens the wallet again.</p>
        {lock.error && <ErrorNotice error={lock.error} context="lock" />}
        <button type="button" className="button button-block" onClick={() => void lockNow()} disabled={lock.pending} data-testid="lock-button">
          <Busy when={lock.pending} label="Locking…">Lock now</Busy>
        </button>
      </section>

      <section className="card" aria-labelledby="settings-about-heading" data-testid="engine-ready">
        <h3 id="settings-about-heading">About</h3>
        <AboutFacts info={info} status={engineStatus} />
      </section>
    </section>
  );
}
