/**
 * Invoices this wallet issues: the BOLT 11 string, the secrets behind it (preimage, payment secret),
 * and once paid, which HTLCs were claimed with the preimage. Stored under `invoice:<hash>` in the
 * 'payments' collection; the matching PaymentInfo (what the activity list shows) sits beside it in
 * the payment records.
 */
import { decodeInvoice, encodeInvoice, type RouteHint } from '../../protocol/bolt11/index.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';
import { put, type StoreValue, type Write } from '../storage/store.ts';
import type { PaymentInfo } from '../lightning/types.ts';

export const INVOICE_PREFIX = 'invoice:';
export const DEFAULT_EXPIRY_SEC = 3600;
const MAX_EXPIRY_SEC = 365 * 24 * 3600;
/** What we ask payers to leave us to claim an HTLC on chain should the peer stop answering. */
export const MIN_FINAL_CLTV_EXPIRY_DELTA = 18;
/** BOLT 11 `d` field: at most 1023 five-bit words. */
const MAX_DESCRIPTION_BYTES = 639;

export type ClaimRecord = {
  /** The HTLCs fulfilled with the preimage, as `<channel key>/<htlc id>`: after a restart these, and only these, are fulfilled again. */
  readonly parts: readonly string[];
  /** What the HTLCs carried to us. */
  readonly receivedMsat: bigint;
  readonly at: number;
};

export type InvoiceRecord = {
  readonly paymentHash: Uint8Array;
  readonly preimage: Uint8Array;
  readonly paymentSecret: Uint8Array;
  readonly amountMsat: bigint | null;
  readonly description: string;
  readonly minFinalCltvExpiryDelta: number;
  /** Milliseconds since the epoch (the invoice's timestamp, whole seconds). */
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly bolt11: string;
  readonly claimed?: ClaimRecord;
};

export interface NewInvoiceArgs {
  network: NetworkName;
  nodeSecret: Uint8Array;
  amountMsat: bigint | null;
  description: string;
  expirySec?: number;
  routeHints?: readonly RouteHint[];
  now: number;
}

export function newInvoice(args: NewInvoiceArgs): InvoiceRecord {
  const expirySec = args.expirySec ?? DEFAULT_EXPIRY_SEC;
  if (args.amountMsat !== null && args.amountMsat <= 0n) throw new EngineError('invalid_amount', 'An invoice amount must be more than zero (or none, to let the payer choose).');
  if (!Number.isInteger(expirySec) || expirySec < 1 || expirySec > MAX_EXPIRY_SEC) throw new EngineError('invalid_invoice', 'The expiry must be a whole number of seconds, from 1 second to 1 year.');
  if (new TextEncoder().encode(args.description).length > MAX_DESCRIPTION_BYTES) throw new EngineError('invalid_invoice', `The description is too long: at most ${MAX_DESCRIPTION_BYTES} bytes.`);
  const preimage = crypto.getRandomValues(new Uint8Array(32));
  const paymentSecret = crypto.getRandomValues(new Uint8Array(32));
  const paymentHash = sha256(preimage);
  const timestamp = Math.floor(args.now / 1000);
  const bolt11 = encodeInvoice(
    {
      network: NETWORKS[args.network],
      ...(args.amountMsat !== null ? { amountMsat: args.amountMsat } : {}),
      timestamp,
      paymentHash,
      paymentSecret,
      description: args.description,
      expiry: expirySec,
      minFinalCltvExpiryDelta: MIN_FINAL_CLTV_EXPIRY_DELTA,
      routeHints: args.routeHints ?? [],
      features: FeatureVector.of({ var_onion_optin: 'required', payment_secret: 'required', basic_mpp: 'optional' }),
    },
    args.nodeSecret,
  );
  return {
    paymentHash,
    preimage,
    paymentSecret,
    amountMsat: args.amountMsat,
    description: args.description,
    minFinalCltvExpiryDelta: MIN_FINAL_CLTV_EXPIRY_DELTA,
    createdAt: timestamp * 1000,
    expiresAt: (timestamp + expirySec) * 1000,
    bolt11,
  };
}

export const invoiceKey = (paymentHash: Uint8Array | string): string => INVOICE_PREFIX + (typeof paymentHash === 'string' ? paymentHash.toLowerCase() : hex(paymentHash));

export function invoiceWrite(invoice: InvoiceRecord): Write {
  return put('payments', invoiceKey(invoice.paymentHash), invoice as unknown as StoreValue);
}

/**
 * A stored invoice, or undefined for a value that is not one. Records written before invoices kept
 * their description and creation time get them from their BOLT 11 string.
 */
export function parseInvoiceRecord(value: StoreValue): InvoiceRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return undefined;
  const v = value as Record<string, StoreValue>;
  const bytes32 = (x: StoreValue | undefined) => x instanceof Uint8Array && x.length === 32;
  if (!bytes32(v.paymentHash) || !bytes32(v.preimage) || !bytes32(v.paymentSecret) || typeof v.bolt11 !== 'string') return undefined;
  if (typeof v.expiresAt !== 'number' || typeof v.minFinalCltvExpiryDelta !== 'number') return undefined;
  if (v.amountMsat !== null && typeof v.amountMsat !== 'bigint') return undefined;
  let description = typeof v.description === 'string' ? v.description : undefined;
  let createdAt = typeof v.createdAt === 'number' ? v.createdAt : undefined;
  if (description === undefined || createdAt === undefined) {
    try {
      const decoded = decodeInvoice(v.bolt11);
      description ??= decoded.description ?? '';
      createdAt ??= decoded.timestamp * 1000;
    } catch {
      return undefined;
    }
  }
  const record: InvoiceRecord = {
    paymentHash: v.paymentHash as Uint8Array,
    preimage: v.preimage as Uint8Array,
    paymentSecret: v.paymentSecret as Uint8Array,
    amountMsat: v.amountMsat as bigint | null,
    description,
    minFinalCltvExpiryDelta: v.minFinalCltvExpiryDelta,
    createdAt,
    expiresAt: v.expiresAt,
    bolt11: v.bolt11,
  };
  const claimed = parseClaim(v.claimed);
  return claimed ? { ...record, claimed } : record;
}

function parseClaim(value: StoreValue | undefined): ClaimRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return undefined;
  const c = value as Record<string, StoreValue>;
  if (!Array.isArray(c.parts) || !c.parts.every((p) => typeof p === 'string') || typeof c.receivedMsat !== 'bigint' || typeof c.at !== 'number') return undefined;
  return { parts: c.parts as string[], receivedMsat: c.receivedMsat, at: c.at };
}

export const EXPIRED_UNPAID = 'The invoice expired before anyone paid it: create a new one to be paid.';

/** The invoice as the activity list shows it: pending until paid, failed once expired unpaid. */
export function incomingPaymentInfo(invoice: InvoiceRecord, payee: string, now: number): PaymentInfo {
  const base = {
    paymentHash: hex(invoice.paymentHash),
    direction: 'incoming' as const,
    feeMsat: 0,
    description: invoice.description,
    payee,
    bolt11: invoice.bolt11,
    createdAt: invoice.createdAt,
    expiresAt: invoice.expiresAt,
  };
  if (invoice.claimed) {
    return { ...base, status: 'succeeded', amountMsat: Number(invoice.claimed.receivedMsat), preimage: hex(invoice.preimage), settledAt: invoice.claimed.at, parts: invoice.claimed.parts.length };
  }
  const amountMsat = invoice.amountMsat === null ? null : Number(invoice.amountMsat);
  if (now >= invoice.expiresAt) return { ...base, status: 'failed', amountMsat, failure: EXPIRED_UNPAID };
  return { ...base, status: 'pending', amountMsat };
}
