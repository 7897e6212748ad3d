/**
 * Persisted Lightning payment records, sent and received: one PaymentInfo per payment hash and
 * direction in the store's 'payments' collection, under keys `payment:out:<hash>` / `payment:in:<hash>`
 * (invoices we issued live beside them under `invoice:`). Kept in memory after `load`, so reads are
 * synchronous; every `put` is durably committed before it resolves and then announced to listeners.
 */
import { put as putWrite, type Store, type StoreValue, type Write } from '../storage/store.ts';
import type { PaymentInfo } from '../lightning/types.ts';

export const PAYMENT_RECORD_PREFIX = 'payment:';

export type PaymentDirection = PaymentInfo['direction'];

export function paymentRecordKey(direction: PaymentDirection, paymentHash: string): string {
  return `${PAYMENT_RECORD_PREFIX}${direction === 'outgoing' ? 'out' : 'in'}:${paymentHash.toLowerCase()}`;
}

export class PaymentRecords {
  readonly #store: Store;
  readonly #byKey = new Map<string, PaymentInfo>();
  readonly #onChange: (payment: PaymentInfo) => void;

  private constructor(store: Store, onChange: (payment: PaymentInfo) => void) {
    this.#store = store;
    this.#onChange = onChange;
  }

  /** Reads every stored record; `onChange` hears of each record put from then on (after it is durable). */
  static async load(store: Store, onChange: (payment: PaymentInfo) => void = () => {}): Promise<PaymentRecords> {
    const records = new PaymentRecords(store, onChange);
    for (const entry of await store.list('payments', { prefix: PAYMENT_RECORD_PREFIX })) {
      if (isPaymentInfo(entry.value)) records.#byKey.set(entry.key, entry.value);
    }
    return records;
  }

  get(paymentHash: string, direction: PaymentDirection): PaymentInfo | undefined {
    return this.#byKey.get(paymentRecordKey(direction, paymentHash));
  }

  /** Every record, newest first (by createdAt; ties by hash for a stable order). */
  list(): PaymentInfo[] {
    return [...this.#byKey.values()].sort((a, b) => b.createdAt - a.createdAt || a.paymentHash.localeCompare(b.paymentHash) || a.direction.localeCompare(b.direction));
  }

  /**
   * Creates or replaces the record for the payment's hash and direction, together with `alsoWrite`
   * in the same atomic commit. Reads see the new record at once; the promise resolves once it is durable.
   */
  async put(payment: PaymentInfo, alsoWrite: readonly Write[] = []): Promise<void> {
    const key = paymentRecordKey(payment.direction, payment.paymentHash);
    const record = withoutUndefined(payment);
    this.#byKey.set(key, record);
    await this.#store.commit([putWrite('payments', key, record as unknown as StoreValue), ...alsoWrite]);
    this.#onChange(record);
  }
}

function withoutUndefined(payment: PaymentInfo): PaymentInfo {
  return Object.fromEntries(Object.entries(payment).filter(([, v]) => v !== undefined)) as unknown as PaymentInfo;
}

function isPaymentInfo(value: StoreValue): value is StoreValue & PaymentInfo {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return false;
  const v = value as Record<string, StoreValue>;
  return (
    typeof v.paymentHash === 'string' &&
    (v.direction === 'outgoing' || v.direction === 'incoming') &&
    (v.status === 'pending' || v.status === 'succeeded' || v.status === 'failed') &&
    typeof v.createdAt === 'number'
  );
}
