import type { HistoryItem } from '../worker/wallet-api.ts';

/** Newest first: unconfirmed transactions on top, then by block height and time. */
export function sortHistory(items: readonly HistoryItem[]): HistoryItem[] {
  const height = (item: HistoryItem) => (item.confirmations > 0 ? (item.blockHeight ?? 0) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => height(b) - height(a) || (b.time ?? 0) - (a.time ?? 0) || a.txid.localeCompare(b.txid));
}
