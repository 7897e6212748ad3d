import { useCallback, useEffect, useMemo, useState } from 'react';
import { toErrorData, type RpcErrorData } from '../worker/rpc.ts';
import type { WalletState } from '../worker/wallet-api.ts';
import type { AppClient } from './engine-connection.ts';
import { walletStateHint } from './wallet-state-hint.ts';

/**
 * The engine answers `open_elsewhere` also while it is still taking the tab lock and opening storage;
 * a wallet_state event follows either way. Until it does (or this long passes) the screen says "opening".
 */
const OPENING_GRACE_MS = 3_000;

export type WalletLoad = { status: 'loading' } | { status: 'error'; error: RpcErrorData } | { status: 'ready'; wallet: WalletState };

/** Where the wallet stands (none, locked, unlocked, open elsewhere), kept current by engine events and errors. */
export function useWalletState(client: AppClient) {
  const [load, setLoad] = useState<WalletLoad>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    let heardEvent = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const off = client.onEvent((event) => {
      if (event.type !== 'wallet_state') return;
      heardEvent = true;
      setLoad({ status: 'ready', wallet: event.state });
    });
    client.call('walletState').then(
      (wallet) => {
        if (!live || heardEvent) return;
        if (wallet.state !== 'open_elsewhere') setLoad({ status: 'ready', wallet });
        else grace = setTimeout(() => live && !heardEvent && setLoad({ status: 'ready', wallet }), OPENING_GRACE_MS);
      },
      (err: unknown) => live && !heardEvent && setLoad({ status: 'error', error: toErrorData(err) }),
    );
    return () => {
      live = false;
      clearTimeout(grace);
      off();
    };
  }, [client, attempt]);

  const setWalletState = useCallback((wallet: WalletState) => setLoad({ status: 'ready', wallet }), []);
  const retry = useCallback(() => {
    setLoad({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const call = useMemo<AppClient['call']>(
    () =>
      (method, ...args) =>
        client.call(method, ...args).catch((err: unknown) => {
          const hint = walletStateHint(toErrorData(err).code);
          if (hint) setWalletState(hint);
          throw err;
        }),
    [client, setWalletState],
  );

  return { load, retry, setWalletState, call };
}
