import { equal } from '../codec/bytes.ts';
import { sha256 } from '../crypto/index.ts';
import type { FeatureVector } from '../features/features.ts';
import type { Network } from '../networks.ts';
import type { FallbackAddress, FallbackProgram } from './fallback.ts';
import type { RouteHint } from './route-hints.ts';

export const TIMESTAMP_WORDS = 7;
export const DEFAULT_EXPIRY_SECONDS = 3600;
export const DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA = 18;

/** Tagged field types: the 5-bit value of the field's bech32 letter. */
export const TAG = {
  paymentHash: 1, // p
  routeHint: 3, // r
  features: 5, // 9
  expiry: 6, // x
  fallbackAddress: 9, // f
  description: 13, // d
  paymentSecret: 16, // s
  payeeNodeId: 19, // n
  descriptionHash: 23, // h
  minFinalCltvExpiryDelta: 24, // c
  metadata: 27, // m
} as const;

/** What an invoice says, as given to the encoder. Exactly one of description / descriptionHash. */
export interface InvoiceFields {
  network: Network;
  /** Undefined for an invoice of any amount. */
  amountMsat?: bigint | undefined;
  /** Seconds since the Unix epoch (35 bits). */
  timestamp: number;
  paymentHash: Uint8Array;
  paymentSecret: Uint8Array;
  description?: string | undefined;
  descriptionHash?: Uint8Array | undefined;
  /** Seconds after the timestamp; omitted from the invoice when it is the default. */
  expiry?: number;
  /** The default if not given. */
  minFinalCltvExpiryDelta?: number;
  fallbackAddresses?: readonly FallbackProgram[];
  /** One entry per `r` field, in order of preference. */
  routeHints?: readonly RouteHint[];
  features?: FeatureVector;
  metadata?: Uint8Array | undefined;
}

/** A decoded invoice whose signature has been checked; defaults are filled in. */
export interface Invoice extends InvoiceFields {
  amountMsat: bigint | undefined;
  expiry: number;
  /** timestamp + expiry. */
  expiresAt: number;
  description: string | undefined;
  descriptionHash: Uint8Array | undefined;
  minFinalCltvExpiryDelta: number;
  fallbackAddresses: FallbackAddress[];
  routeHints: RouteHint[];
  features: FeatureVector;
  metadata: Uint8Array | undefined;
  /** From the `n` field, else recovered from the signature. */
  payeeNodeId: Uint8Array;
  /** 64-byte compact r||s then the recovery id, as transmitted. */
  signature: Uint8Array;
}

/** Whether a description obtained elsewhere is the one the invoice's `h` field commits to, as a payer must check. */
export function matchesDescriptionHash(invoice: Pick<Invoice, 'descriptionHash'>, description: string): boolean {
  return invoice.descriptionHash !== undefined && equal(sha256(new TextEncoder().encode(description)), invoice.descriptionHash);
}

/** A payer should not pay once the expiry time is reached. */
export function isExpired(invoice: Pick<Invoice, 'expiresAt'>, nowSeconds: number): boolean {
  return nowSeconds >= invoice.expiresAt;
}
