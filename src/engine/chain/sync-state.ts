/** What the wallet persists between syncs: a plain JSON-serialisable object. */
import type { AddressStats } from './esplora-types.ts';

/** BIP44's "change" level: 0 = receive addresses, 1 = change addresses. */
export type AddressChain = 0 | 1;
export const RECEIVE: AddressChain = 0;
export const CHANGE: AddressChain = 1;

export interface WalletAddress {
  address: string;
  /** scriptPubKey, hex. */
  script: string;
  /** Esplora's stats at the last sync; null until first checked. */
  stats: AddressStats | null;
}

/** An output of a wallet transaction paying one of our addresses. */
export interface OwnedOutput {
  vout: number;
  value: number;
  chain: AddressChain;
  index: number;
}

/** An input of a wallet transaction spending one of our outputs. */
export interface OwnedInput {
  txid: string;
  vout: number;
  value: number;
  chain: AddressChain;
  index: number;
}

export interface WalletTx {
  txid: string;
  /** Null while unconfirmed. */
  block: { height: number; hash: string; time: number } | null;
  fee: number;
  /** Unix seconds when this wallet first saw the transaction. */
  firstSeen: number;
  /** Only the outputs and inputs that are ours. */
  received: OwnedOutput[];
  spent: OwnedInput[];
}

export interface SyncState {
  version: 1;
  /** The tip the state reflects; null before the first sync. */
  tip: { hash: string; height: number } | null;
  /** Derived addresses by chain, position = index. */
  addresses: [WalletAddress[], WalletAddress[]];
  txs: Record<string, WalletTx>;
}

export function emptySyncState(): SyncState {
  return { version: 1, tip: null, addresses: [[], []], txs: {} };
}

export const addressKey = (chain: AddressChain, index: number): string => `${chain}/${index}`;

export function ownedBy(tx: WalletTx, chain: AddressChain, index: number): boolean {
  const mine = (entry: { chain: AddressChain; index: number }): boolean => entry.chain === chain && entry.index === index;
  return tx.received.some(mine) || tx.spent.some(mine);
}

/** Some address waits for an unconfirmed transaction to confirm (or vanish). */
export function hasPending(state: SyncState): boolean {
  return state.addresses.some((chain) => chain.some((address) => (address.stats?.mempool.txCount ?? 0) > 0));
}

export function lastUsedIndex(state: SyncState, chain: AddressChain): number {
  const addresses = state.addresses[chain];
  for (let index = addresses.length - 1; index >= 0; index--) {
    const stats = addresses[index]?.stats;
    if (stats && stats.chain.txCount + stats.mempool.txCount > 0) return index;
  }
  return -1;
}
