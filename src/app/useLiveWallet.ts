import { useCallback, useEffect, useRef } from 'react';
import type { Balance, HistoryItem, PaymentInfo, Settings, SyncStatus } from '../worker/wallet-api.ts';
import { upsertPayment } from './activity-merge.ts';
import { useAction, useQuery, type Action, type Query } from './rpc-hooks.ts';
import { useWallet } from './wallet-context.ts';

export interface LiveWallet {
  balance: Query<Balance>;
  sync: Query<SyncStatus>;
  history: Query<HistoryItem[]>;
  settings: Query<Settings>;
  /** Lightning payments, sent and received (with unpaid invoices), newest first. */
  payments: Query<PaymentInfo[]>;
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
  const payments = useQuery(useCallback(() => call('payments'), [call]));

  const { setData: setBalance } = balance;
  const { setData: setSync } = sync;
  const { reload: reloadHistory } = history;
  const { setData: setPayments, reload: reloadPayments } = payments;
  // The newest list, also between an event and the render it causes (two changes may come at once).
  const paymentList = useRef<PaymentInfo[] | undefined>(undefined);
  useEffect(() => {
    paymentList.current = payments.data;
  }, [payments.data]);
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
          case 'payment_changed':
            // Before the first list arrives, a change is better fetched whole than pieced together.
            if (paymentList.current) {
              paymentList.current = upsertPayment(paymentList.current, event.payment);
              setPayments(paymentList.current);
            } else {
              reloadPayments();
            }
            break;
        }
      }),
    [onEvent, setBalance, setSync, reloadHistory, setPayments, reloadPayments],
  );

  const syncNow = useAction(
    useCallback(async () => {
      const status = await call('sync');
      setSync(status);
      return status;
    }, [call, setSync]),
  );

  return { balance, sync, history, settings, payments, syncNow };
}
