/**
 * The on-chain wallet as the UI sees it through the worker (issue 5). The engine's Wallet
 * (src/engine/wallet/wallet.ts) implements it. Amounts are in satoshis as numbers (safe: 21e14 < 2^53).
 * Errors arrive as RpcErrorData whose `code` is an EngineErrorCode, with a message a person can act on.
 */
import type { EngineErrorCode } from '../engine/engine-error.ts';
import type {
  Balance,
  FeeRates,
  HistoryItem,
  SendPreview,
  SendRequest,
  Settings,
  SyncStatus,
  WalletState,
} from '../engine/wallet/types.ts';

export type * from '../engine/wallet/types.ts';
export type WalletErrorCode = EngineErrorCode;

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

