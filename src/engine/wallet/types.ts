/** The on-chain wallet's data as the engine hands it to its hosts (worker, CLI). Amounts in sats. */

export type WalletState =
  | { state: 'none' } // show onboarding
  | { state: 'locked' } // show the lock screen
  | { state: 'unlocked'; receiveAddress: string }
  | { state: 'open_elsewhere' }; // another tab has it; offer to take over

export interface Balance {
  confirmedSat: number;
  /** Incoming, not yet confirmed. */
  unconfirmedIncomingSat: number;
  /** Our own unconfirmed sends (already deducted from what is spendable). */
  unconfirmedOutgoingSat: number;
  spendableSat: number;
}

export interface SyncStatus {
  phase: 'idle' | 'syncing' | 'error';
  tipHeight?: number;
  lastSyncedAt?: number; // ms since epoch
  error?: string;
}

export interface FeeRates {
  slow: number; // sat/vB
  normal: number;
  fast: number;
}

export interface HistoryItem {
  txid: string;
  /** Positive for money in, negative for money out (fee included). */
  netSat: number;
  feeSat?: number;
  confirmations: number;
  blockHeight?: number;
  /** Block time or first-seen time, ms since epoch. */
  time?: number;
  /** Our own unconfirmed send that signals RBF and has change or spare coins. */
  canBumpFee: boolean;
}

export interface SendRequest {
  /** An address or a BIP21 URI. */
  destination: string;
  /** Ignored when `sendAll`; required otherwise (overrides a BIP21 amount). */
  amountSat?: number;
  sendAll?: boolean;
  feeRate: number; // sat/vB
}

export interface SendPreview {
  address: string;
  amountSat: number;
  feeSat: number;
  feeRate: number;
  vsize: number;
  changeSat: number;
  label?: string;
  message?: string;
}

export interface Settings {
  network: string;
  esploraUrl: string;
  /** Base URL of the block explorer's web pages for tx links, e.g. https://mempool.space. */
  explorerUrl?: string;
  storagePersisted: boolean | 'unsupported';
}

/** What the engine tells the wallet screens without being asked. */
export type WalletEvent =
  | { type: 'wallet_state'; state: WalletState }
  | { type: 'balance'; balance: Balance }
  | { type: 'sync'; status: SyncStatus }
  | { type: 'history_changed' };
