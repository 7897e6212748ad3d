/** Activity shows on-chain transactions and Lightning payments in one list, newest first. */
import type { HistoryItem, PaymentInfo } from '../worker/wallet-api.ts';
import { sortHistory } from './history-order.ts';

export type ActivityEntry = { kind: 'onchain'; key: string; item: HistoryItem } | { kind: 'lightning'; key: string; payment: PaymentInfo };

/**
 * Whether a Lightning payment belongs in Activity: every payment we sent (in flight, done or failed),
 * but of the invoices we made only those that were paid; the rest never moved money.
 */
export function shownInActivity(payment: PaymentInfo): boolean {
  return payment.direction === 'outgoing' || payment.status === 'succeeded';
}

/** When a payment happened for ordering: when it settled, else when it started. */
export function paymentTime(payment: PaymentInfo): number {
  return payment.settledAt ?? payment.createdAt;
}

/** The payments that belong in Activity, newest first. */
export function activityPayments(payments: readonly PaymentInfo[]): PaymentInfo[] {
  return payments.filter(shownInActivity).sort((a, b) => paymentTime(b) - paymentTime(a) || a.paymentHash.localeCompare(b.paymentHash));
}

/**
 * Both lists merged newest first. The on-chain list keeps its own order (unconfirmed first, then by
 * block); Lightning payments go in by time. An on-chain item without a time sorts as if it were as
 * new as the item before it.
 */
export function mergeActivity(history: readonly HistoryItem[], payments: readonly PaymentInfo[]): ActivityEntry[] {
  const onchain = sortHistory(history);
  const lightning = activityPayments(payments);
  const merged: ActivityEntry[] = [];
  let i = 0;
  let j = 0;
  let onchainTime = Number.POSITIVE_INFINITY;
  while (i < onchain.length || j < lightning.length) {
    const item = onchain[i];
    if (item) onchainTime = item.time ?? onchainTime;
    const payment = lightning[j];
    if (payment && (!item || paymentTime(payment) > onchainTime)) {
      merged.push({ kind: 'lightning', key: `ln:${payment.direction}:${payment.paymentHash}`, payment });
      j++;
    } else if (item) {
      merged.push({ kind: 'onchain', key: `tx:${item.txid}`, item });
      i++;
    }
  }
  return merged;
}

/** The list with `payment` added or replacing its earlier record (one per hash and direction), newest first. */
export function upsertPayment(payments: readonly PaymentInfo[], payment: PaymentInfo): PaymentInfo[] {
  const others = payments.filter((p) => p.paymentHash !== payment.paymentHash || p.direction !== payment.direction);
  return [payment, ...others].sort((a, b) => b.createdAt - a.createdAt);
}
