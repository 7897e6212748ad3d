import { createContext, useContext } from 'react';
import type { EngineInfo, EngineStatus } from '../worker/api.ts';
import type { WalletState } from '../worker/wallet-api.ts';
import type { AppClient } from './engine-connection.ts';

export interface WalletContextValue {
  /** The engine's RPC; an error that implies a new wallet state (locked, open elsewhere) also switches the screen. */
  call: AppClient['call'];
  onEvent: AppClient['onEvent'];
  setWalletState(state: WalletState): void;
  info: EngineInfo;
  engineStatus: EngineStatus;
}

export const WalletContext = createContext<WalletContextValue | null>(null);

export function useWallet(): WalletContextValue {
  const value = useContext(WalletContext);
  if (!value) throw new Error('useWallet() outside <WalletContext>');
  return value;
}
