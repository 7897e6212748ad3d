import { describe, expect, it } from 'vitest';
import type { HistoryItem, PaymentInfo } from '../worker/wallet-api.ts';
import { activityPayments, mergeActivity, shownInActivity, upsertPayment } from './activity-merge.ts';

const tx = (txid: string, confirmations: number, time?: number, blockHeight?: number): HistoryItem => ({
  txid,
  netSat: 1000,
  confirmations,
  canBumpFee: false,
  ...(time === undefined ? {} : { time }),
  ...(blockHeight === undefined ? {} : { blockHeight }),
});

const pay = (hash: string, direction: PaymentInfo['direction'], status: PaymentInfo['status'], createdAt: number, settledAt?: number): PaymentInfo => ({
  paymentHash: hash,
  direction,
  status,
  amountMsat: 1_000_000,
  feeMsat: 0,
  description: '',
  payee: '',
  bolt11: '',
  createdAt,
  ...(settledAt === undefined ? {} : { settledAt }),
});

const keys = (entries: { key: string }[]) => entries.map((e) => e.key);

describe('shownInActivity', () => {
  it('shows every payment sent, and of invoices only the paid ones', () => {
    expect(shownInActivity(pay('a', 'outgoing', 'pending', 1))).toBe(true);
    expect(shownInActivity(pay('a', 'outgoing', 'failed', 1))).toBe(true);
    expect(shownInActivity(pay('a', 'outgoing', 'succeeded', 1))).toBe(true);
    expect(shownInActivity(pay('a', 'incoming', 'succeeded', 1))).toBe(true);
    expect(shownInActivity(pay('a', 'incoming', 'pending', 1))).toBe(false);
    expect(shownInActivity(pay('a', 'incoming', 'failed', 1))).toBe(false);
  });
});

describe('activityPayments', () => {
  it('orders by when a payment settled, else when it started', () => {
    const list = activityPayments([pay('old', 'outgoing', 'succeeded', 10, 20), pay('paid-late', 'incoming', 'succeeded', 5, 50), pay('flying', 'outgoing', 'pending', 30)]);
    expect(list.map((p) => p.paymentHash)).toEqual(['paid-late', 'flying', 'old']);
  });
});

describe('mergeActivity', () => {
  it('interleaves by time, newest first, keeping the on-chain order', () => {
    const history = [tx('mined-old', 5, 100, 10), tx('unconfirmed', 0, 400), tx('mined-new', 1, 300, 14)];
    const payments = [pay('ln-250', 'outgoing', 'succeeded', 240, 250), pay('ln-500', 'incoming', 'succeeded', 490, 500), pay('ln-50', 'outgoing', 'failed', 50)];
    expect(keys(mergeActivity(history, payments))).toEqual([
      'ln:incoming:ln-500',
      'tx:unconfirmed',
      'tx:mined-new',
      'ln:outgoing:ln-250',
      'tx:mined-old',
      'ln:outgoing:ln-50',
    ]);
  });

  it('leaves unpaid invoices out, and works with either list empty', () => {
    expect(keys(mergeActivity([], [pay('open', 'incoming', 'pending', 1), pay('sent', 'outgoing', 'succeeded', 2)]))).toEqual(['ln:outgoing:sent']);
    expect(keys(mergeActivity([tx('a', 1, 5, 1)], []))).toEqual(['tx:a']);
    expect(mergeActivity([], [])).toEqual([]);
  });

  it('places an on-chain item without a time as new as the one before it', () => {
    const history = [tx('timed', 2, 100, 10), tx('untimed', 1, undefined, 11)];
    expect(keys(mergeActivity(history, [pay('mid', 'outgoing', 'succeeded', 50)]))).toEqual(['tx:untimed', 'tx:timed', 'ln:outgoing:mid']);
    expect(keys(mergeActivity([tx('untimed-pending', 0)], [pay('p', 'outgoing', 'succeeded', 50)]))).toEqual(['tx:untimed-pending', 'ln:outgoing:p']);
  });
});

describe('upsertPayment', () => {
  it('replaces the record of the same hash and direction, and adds others, newest first', () => {
    const list = [pay('b', 'outgoing', 'pending', 20), pay('a', 'incoming', 'pending', 10)];
    const paid = pay('a', 'incoming', 'succeeded', 10, 30);
    expect(upsertPayment(list, paid)).toEqual([list[0], paid]);
    const sameHashOut = pay('a', 'outgoing', 'pending', 40);
    expect(upsertPayment(list, sameHashOut).map((p) => `${p.paymentHash}:${p.direction}`)).toEqual(['a:outgoing', 'b:outgoing', 'a:incoming']);
    expect(list).toHaveLength(2);
  });
});
