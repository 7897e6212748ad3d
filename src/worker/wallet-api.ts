/**
 * The wallet as the UI sees it through the worker: the on-chain wallet (issue 5), which the engine's
 * Wallet (src/engine/wallet/wallet.ts) implements, and the Lightning node, which the engine's
 * LightningService (src/engine/lightning/service.ts) implements. Amounts are in satoshis as numbers
 * (safe: 21e14 < 2^53), Lightning balances in millisatoshis. Errors arrive as RpcErrorData whose
 * `code` is an EngineErrorCode, with a message a person can act on.
 */
import type { EngineErrorCode } from '../engine/engine-error.ts';
import type { LightningApi, LightningEvent } from '../engine/lightning/types.ts';
import type {
  Balance,
  FeeRates,
  HistoryItem,
  SendPreview,
  SendRequest,
  Settings,
  SyncStatus,
  WalletState,
  WalletEvent,
} from '../engine/wallet/types.ts';

export type * from '../engine/wallet/types.ts';
export type * from '../engine/lightning/types.ts';
export type WalletErrorCode = EngineErrorCode;

/** An address the wallet gave out, with what the person asks to be paid. */
export interface PaymentLinkRequest {
  address: string;
  amountSat?: number;
  label?: string;
}

/** A bitcoin: link (BIP21) to copy or share, and the same link as a QR code should carry it (denser upper case). */
export interface PaymentLink {
  uri: string;
  qr: string;
}

/**
 * What a pasted bitcoin: link, lightning: link or Lightning invoice asks for. `address` is absent when it
 * offers only a Lightning invoice; `lightning` is the BOLT 11 invoice (no scheme) when one is offered.
 */
export interface PaymentLinkInfo {
  address?: string;
  amountSat?: number;
  label?: string;
  message?: string;
  lightning?: string;
}

/** The on-chain wallet. */
export type OnchainApi = {
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
  /** The link for an address already given out, with an amount or label added; uses up no address. */
  paymentLink(request: PaymentLinkRequest): PaymentLink;
  /** What a pasted link or invoice asks for; null if the text is none, invalid_payment_uri if it is a broken link. */
  readPaymentLink(args: { text: string }): PaymentLinkInfo | null;
  feeRates(): FeeRates;
  previewSend(request: SendRequest): SendPreview;
  send(request: SendRequest): { txid: string };
  bumpFee(args: { txid: string; feeRate: number }): { txid: string };
  history(): HistoryItem[];

  settings(): Settings;
  updateSettings(args: { esploraUrl?: string }): Settings;
};

/**
 * What the UI calls: the on-chain wallet plus the Lightning node (src/engine/lightning/types.ts).
 * The Lightning calls are served while the wallet is unlocked; before that they fail with `locked`
 * (or `no_wallet`), and calls made while the node starts wait for it.
 */
export type WalletApi = OnchainApi & LightningApi;

/** Everything the wallet tells the UI without being asked, Lightning changes included. */
export type WalletUiEvent = WalletEvent | LightningEvent;
