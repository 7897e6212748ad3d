/** The node's record of BOLT 11 payments in both directions, kept in `payments.json`. */
import type { NodeStore } from './node-store.ts';

export type PaymentDirection = 'inbound' | 'outbound';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed';

export interface PaymentRecord {
  paymentHash: string;
  direction: PaymentDirection;
  status: PaymentStatus;
  /** Null for an inbound invoice without an amount that was not paid yet. */
  amountMsat: string | null;
  feeMsat?: string;
  preimage?: string;
  bolt11?: string;
  description?: string;
  failureReason?: string;
  /** Inbound only: HTLCs paying it are failed back with incorrect_or_unknown_payment_details, on purpose. */
  rejectOnPurpose?: boolean;
  createdAt: number;
  updatedAt: number;
}

const FILE = 'payments.json';
const SAVE_DELAY_MS = 50;

export class PaymentStore {
  private readonly records: Map<string, PaymentRecord>;
  private pendingSave: NodeJS.Timeout | undefined;

  constructor(private readonly store: NodeStore) {
    const saved = store.readJson<PaymentRecord[]>(FILE, []);
    this.records = new Map(saved.map((record) => [key(record.direction, record.paymentHash), record]));
  }

  get(direction: PaymentDirection, paymentHash: string): PaymentRecord | undefined {
    return this.records.get(key(direction, paymentHash));
  }

  add(record: Omit<PaymentRecord, 'createdAt' | 'updatedAt'>): PaymentRecord {
    const now = Date.now();
    const full = { ...record, createdAt: now, updatedAt: now };
    this.records.set(key(record.direction, record.paymentHash), full);
    this.save();
    return full;
  }

  /** Applies `changes` to an existing record; returns it, or undefined if there is none. */
  update(direction: PaymentDirection, paymentHash: string, changes: Partial<PaymentRecord>): PaymentRecord | undefined {
    const existing = this.get(direction, paymentHash);
    if (!existing) return undefined;
    const updated = { ...existing, ...changes, updatedAt: Date.now() };
    this.records.set(key(direction, paymentHash), updated);
    this.save();
    return updated;
  }

  list(): PaymentRecord[] {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Writes pending changes now (they are otherwise written within SAVE_DELAY_MS). */
  flush(): void {
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    this.store.writeJson(FILE, this.list());
  }

  private save(): void {
    this.pendingSave ??= setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }
}

const key = (direction: PaymentDirection, paymentHash: string) => `${direction}:${paymentHash}`;
