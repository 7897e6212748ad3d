/** Balances, UTXOs and history, computed from a SyncState (no I/O). */
import { lastUsedIndex, type AddressChain, type SyncState, type WalletTx } from './sync-state.ts';

export interface WalletBalance {
  /** Confirmed received minus confirmed spent. */
  confirmed: number;
  /** Sum of the net gains of unconfirmed transactions that pay us more than they take. */
  unconfirmedIncoming: number;
  /** Sum of the net losses (amount sent plus fee) of unconfirmed transactions that spend our coins. */
  unconfirmedOutgoing: number;
  /** confirmed + unconfirmedIncoming − unconfirmedOutgoing: the value of all UTXOs. */
  total: number;
}

export interface WalletUtxo {
  txid: string;
  vout: number;
  value: number;
  chain: AddressChain;
  index: number;
  address: string;
  /** Null while unconfirmed. */
  height: number | null;
  confirmations: number;
}

export interface HistoryEntry {
  txid: string;
  /** What the transaction did to our balance: received minus spent (negative for payments, fee included). */
  net: number;
  /** The whole transaction's fee. */
  fee: number;
  height: number | null;
  confirmations: number;
  /** Block time when confirmed, otherwise when this wallet first saw it (unix seconds). */
  time: number;
}

export function netAmount(tx: WalletTx): number {
  return tx.received.reduce((sum, output) => sum + output.value, 0) - tx.spent.reduce((sum, input) => sum + input.value, 0);
}

export function confirmations(height: number | null, state: SyncState): number {
  if (height === null) return 0;
  // A transaction fetched after the tip was read can sit above it: it has at least one confirmation.
  return Math.max(1, (state.tip?.height ?? height) - height + 1);
}

export function walletBalance(state: SyncState): WalletBalance {
  const balance: WalletBalance = { confirmed: 0, unconfirmedIncoming: 0, unconfirmedOutgoing: 0, total: 0 };
  for (const tx of Object.values(state.txs)) {
    const net = netAmount(tx);
    if (tx.block) balance.confirmed += net;
    else if (net > 0) balance.unconfirmedIncoming += net;
    else balance.unconfirmedOutgoing -= net;
  }
  balance.total = balance.confirmed + balance.unconfirmedIncoming - balance.unconfirmedOutgoing;
  return balance;
}

/** Our outputs not spent by any wallet transaction, confirmed or not; oldest first. */
export function walletUtxos(state: SyncState): WalletUtxo[] {
  const spent = new Set<string>();
  for (const tx of Object.values(state.txs)) for (const input of tx.spent) spent.add(`${input.txid}:${input.vout}`);
  const utxos: WalletUtxo[] = [];
  for (const tx of Object.values(state.txs)) {
    for (const output of tx.received) {
      if (spent.has(`${tx.txid}:${output.vout}`)) continue;
      const height = tx.block?.height ?? null;
      utxos.push({
        txid: tx.txid,
        vout: output.vout,
        value: output.value,
        chain: output.chain,
        index: output.index,
        address: state.addresses[output.chain][output.index]?.address ?? '',
        height,
        confirmations: confirmations(height, state),
      });
    }
  }
  const order = (height: number | null): number => height ?? Number.MAX_SAFE_INTEGER;
  return utxos.sort((a, b) => order(a.height) - order(b.height) || (a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : a.vout - b.vout));
}

/** Newest first: unconfirmed transactions, then by height. */
export function walletHistory(state: SyncState): HistoryEntry[] {
  return Object.values(state.txs)
    .map((tx): HistoryEntry => {
      const height = tx.block?.height ?? null;
      return { txid: tx.txid, net: netAmount(tx), fee: tx.fee, height, confirmations: confirmations(height, state), time: tx.block?.time ?? tx.firstSeen };
    })
    .sort((a, b) => {
      const rank = (entry: HistoryEntry): number => entry.height ?? Number.MAX_SAFE_INTEGER;
      return rank(b) - rank(a) || b.time - a.time || (a.txid < b.txid ? -1 : 1);
    });
}

/** The index after the last used one on `chain`: where the next fresh address is. */
export function nextUnusedIndex(state: SyncState, chain: AddressChain): number {
  return lastUsedIndex(state, chain) + 1;
}
