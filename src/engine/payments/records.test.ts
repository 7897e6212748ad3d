import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../gossip/test-support.ts';
import type { PaymentInfo } from '../lightning/types.ts';
import { PaymentRecords, paymentRecordKey } from './records.ts';

const hash = (n: number) => n.toString(16).padStart(64, '0');

function payment(n: number, direction: PaymentInfo['direction'], extra: Partial<PaymentInfo> = {}): PaymentInfo {
  return { paymentHash: hash(n), direction, status: 'pending', amountMsat: 1000 * n, feeMsat: 0, description: `p${n}`, payee: '02'.padEnd(66, '0'), bolt11: `lnbcrt${n}`, createdAt: 1_000 + n, ...extra };
}

describe('PaymentRecords', () => {
  it('keeps one record per hash and direction, newest first, and reloads them from the store', async () => {
    const store = new MemoryStore();
    const seen: PaymentInfo[] = [];
    const records = await PaymentRecords.load(store, (p) => seen.push(p));
    await records.put(payment(1, 'outgoing'));
    await records.put(payment(1, 'incoming'));
    await records.put(payment(2, 'outgoing'));
    await records.put(payment(1, 'outgoing', { status: 'succeeded', preimage: 'ab', settledAt: 5_000, failure: undefined }));
    expect(records.list().map((p) => [p.paymentHash, p.direction, p.status])).toEqual([
      [hash(2), 'outgoing', 'pending'],
      [hash(1), 'incoming', 'pending'],
      [hash(1), 'outgoing', 'succeeded'],
    ]);
    expect(seen).toHaveLength(4);
    expect('failure' in seen[3]!).toBe(false);

    const reloaded = await PaymentRecords.load(store);
    expect(reloaded.list()).toEqual(records.list());
    expect(reloaded.get(hash(1).toUpperCase(), 'outgoing')?.preimage).toBe('ab');
    expect(reloaded.get(hash(3), 'outgoing')).toBeUndefined();
  });

  it('commits extra writes atomically with the record and ignores foreign entries under the prefix', async () => {
    const store = new MemoryStore();
    const records = await PaymentRecords.load(store);
    await records.put(payment(7, 'outgoing'), [{ op: 'put', collection: 'payments', key: 'other:7', value: 'x' }]);
    expect(store.snapshot('payments').get('other:7')).toBe('x');
    expect(store.snapshot('payments').has(paymentRecordKey('outgoing', hash(7)))).toBe(true);
    await store.commit([{ op: 'put', collection: 'payments', key: 'payment:out:junk', value: { nonsense: true } }]);
    expect((await PaymentRecords.load(store)).list()).toHaveLength(1);
  });
});
