import { useCallback, useEffect } from 'react';
import type { Balance, HistoryItem, Settings, SyncStatus } from '../worker/wallet-api.ts';
import { useAction, useQuery, type Action, type Query } from './rpc-hooks.ts';
import { useWallet } from './wallet-context.ts';

export interface LiveWallet {
  balance: Query<Balance>;
  sync: Query<SyncStatus>;
  history: Query<HistoryItem[]>;
  settings: Query<Settings>;
  /** Asks the engine to sync now (Retry / Sync now). */
  syncNow: Action<[], SyncStatus>;
}

/** The unlocked wallet's data, loaded once and then kept current by the engine's events. */
export function useLiveWallet(): LiveWallet {
  const { call, onEvent } = useWallet();
  const balance = useQuery(useCallback(() => call('balance'), [call]));
  const sync = useQuery(useCallback(() => call('syncStatus'), [call]));
  const history = useQuery(useCallback(() => call('history'), [call]));
  const settings = useQuery(useCallback(() => call('settings'), [call]));

  const { setData: setBalance } = balance;
  const { setData: setSync } = sync;
  const { reload: reloadHistory } = history;
  useEffect(
    () =>
      onEvent((event) => {
        switch (event.type) {
          case 'balance':
            setBalance(event.balance);
            break;
          case 'sync':
            setSync(event.status);
            break;
          case 'history_changed':
            reloadHistory();
            break;
        }
      }),
    [onEvent, setBalance, setSync, reloadHistory],
  );

  const syncNow = useAction(
    useCallback(async () => {
      const status = await call('sync');
      setSync(status);
      return status;
    }, [call, setSync]),
  );

  return { balance, sync, history, settings, syncNow };
}
