import { useMemo } from 'react';
import type { EngineInfo, EngineStatus } from '../worker/api.ts';
import { AboutLine } from './AboutFacts.tsx';
import type { AppClient } from './engine-connection.ts';
import { LockScreen } from './LockScreen.tsx';
import { Onboarding } from './Onboarding.tsx';
import { OpenElsewhere } from './OpenElsewhere.tsx';
import { ScreenHeading } from './ScreenHeading.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import { UnlockedApp } from './UnlockedApp.tsx';
import { useStoragePersistence } from './useStoragePersistence.ts';
import { useWalletState } from './useWalletState.ts';
import { WalletContext, type WalletContextValue } from './wallet-context.ts';

/** Picks the screen for where the wallet stands: onboarding, lock, open elsewhere, or the open wallet. */
export function WalletRoot({ client, info, status }: { client: AppClient; info: EngineInfo; status: EngineStatus }) {
  const { load, retry, setWalletState, call } = useWalletState(client);
  const walletExists = load.status === 'ready' && load.wallet.state !== 'none';
  const { persistence, askAgain } = useStoragePersistence(walletExists);
  const context = useMemo<WalletContextValue>(
    () => ({ call, onEvent: client.onEvent, setWalletState, info, engineStatus: status }),
    [call, client, setWalletState, info, status],
  );

  let screen;
  if (load.status === 'loading') {
    screen = <Loading testId="wallet-loading">Opening your wallet…</Loading>;
  } else if (load.status === 'error') {
    screen = (
      <section className="screen" aria-labelledby="wallet-error-heading" data-testid="wallet-error">
        <ScreenHeading id="wallet-error-heading">The wallet isn’t available</ScreenHeading>
        <ErrorNotice error={load.error} onRetry={retry} />
      </section>
    );
  } else {
    switch (load.wallet.state) {
      case 'none':
        screen = <Onboarding />;
        break;
      case 'locked':
        screen = <LockScreen />;
        break;
      case 'open_elsewhere':
        screen = <OpenElsewhere />;
        break;
      case 'unlocked':
        screen = <UnlockedApp persistence={persistence} onAskPersistence={askAgain} />;
        break;
    }
  }

  const unlocked = load.status === 'ready' && load.wallet.state === 'unlocked';
  return (
    <WalletContext value={context}>
      {screen}
      {!unlocked && <AboutLine info={info} status={status} />}
    </WalletContext>
  );
}
