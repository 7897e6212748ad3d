/**
 * The on-chain wallet as the UI sees it through the worker (issue 5). Declared here first so the
 * screens and the engine can be built side by side; the engine implements exactly this.
 * Amounts are in satoshis as numbers (safe: 21e14 < 2^53). Errors arrive as RpcErrorData whose
 * `code` is one of WalletErrorCode, with a message a person can act on.
 */

export type WalletErrorCode =
  | 'no_wallet' // nothing created or restored yet
  | 'locked' // the vault must be unlocked first
  | 'wrong_passphrase'
  | 'invalid_mnemonic' // message names the bad word and its position, or the checksum
  | 'invalid_address' // wrong network, bad checksum, unknown format
  | 'invalid_amount' // below dust, above the balance, not a whole number of sats
  | 'insufficient_funds'
  | 'chain_unavailable' // the Esplora server is unreachable, rate-limiting or answering nonsense
  | 'broadcast_rejected' // the server refused the transaction; message carries its reason
  | 'cannot_bump' // confirmed already, or no change and no spare coins
  | 'open_elsewhere'; // another tab holds this wallet's engine

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

export type WalletApi = {
  walletState(): WalletState;
  /** A fresh 12-word mnemonic; nothing is stored until finishCreate. */
  generateMnemonic(): string[];
  /** Stores the words encrypted with the passphrase and unlocks. */
  finishCreate(args: { words: string[]; passphrase: string }): WalletState;
  restore(args: { words: string; passphrase: string }): WalletState;
  unlock(args: { passphrase: string }): WalletState;
  lock(): WalletState;
  /** Asks the other tab's engine to stop, then starts this one. */
  takeOver(): WalletState;
  revealMnemonic(args: { passphrase: string }): string[];

  balance(): Balance;
  syncStatus(): SyncStatus;
  sync(): SyncStatus;
  /** A fresh unused address each call, with its BIP21 URI. */
  newReceiveAddress(args?: { amountSat?: number; label?: string }): { address: string; uri: string };
  feeRates(): FeeRates;
  previewSend(request: SendRequest): SendPreview;
  send(request: SendRequest): { txid: string };
  bumpFee(args: { txid: string; feeRate: number }): { txid: string };
  history(): HistoryItem[];

  settings(): Settings;
  updateSettings(args: { esploraUrl?: string }): Settings;
};

/** What the engine tells the wallet screens without being asked. */
export type WalletEvent =
  | { type: 'wallet_state'; state: WalletState }
  | { type: 'balance'; balance: Balance }
  | { type: 'sync'; status: SyncStatus }
  | { type: 'history_changed' };
