/**
 * Payments to and from the channel peer itself: one-hop onions out, final-hop checks in.
 * (Multi-hop routing builds on this in the payment layer.)
 */
import { decodeInvoice, encodeInvoice, type Invoice } from '../../protocol/bolt11/index.ts';
import { createOnion, createFailurePacket, encodeHopPayload, peelOnion, validateFinalHopPayload, type HopSecret } from '../../protocol/bolt4/index.ts';
import { OnionFailureError } from '../../protocol/bolt4/onion-failure-error.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import type { Htlc } from '../channel/commitments.ts';

export interface InvoiceRecord {
  readonly paymentHash: Uint8Array;
  readonly preimage: Uint8Array;
  readonly paymentSecret: Uint8Array;
  readonly amountMsat: bigint | null;
  readonly minFinalCltvExpiryDelta: number;
  readonly expiresAt: number;
  readonly bolt11: string;
}

const MIN_FINAL_CLTV_EXPIRY_DELTA = 18;

export function newInvoice(args: {
  network: NetworkName;
  nodeSecret: Uint8Array;
  amountMsat: bigint | null;
  description: string;
  expirySec: number;
  now: number;
}): InvoiceRecord {
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
      expiry: args.expirySec,
      minFinalCltvExpiryDelta: MIN_FINAL_CLTV_EXPIRY_DELTA,
      features: FeatureVector.of({ var_onion_optin: 'required', payment_secret: 'required', basic_mpp: 'optional' }),
    },
    args.nodeSecret,
  );
  return {
    paymentHash,
    preimage,
    paymentSecret,
    amountMsat: args.amountMsat,
    minFinalCltvExpiryDelta: MIN_FINAL_CLTV_EXPIRY_DELTA,
    expiresAt: (timestamp + args.expirySec) * 1000,
    bolt11,
  };
}

export interface OutgoingOnion {
  readonly onion: Uint8Array;
  readonly hopSecrets: HopSecret[];
  readonly amountMsat: bigint;
  readonly cltvExpiry: number;
}

/** The onion for paying the peer directly: a single final hop. */
export function directOnion(invoice: Invoice, amountMsat: bigint, height: number): OutgoingOnion {
  const cltvExpiry = height + (invoice.minFinalCltvExpiryDelta) + 3;
  const payload = encodeHopPayload({
    amtToForward: amountMsat,
    outgoingCltvValue: cltvExpiry,
    paymentData: { paymentSecret: invoice.paymentSecret, totalMsat: amountMsat },
  });
  const sessionKey = crypto.getRandomValues(new Uint8Array(32));
  const { onion, hopSecrets } = createOnion(sessionKey, [{ nodeId: invoice.payeeNodeId, payload }], invoice.paymentHash);
  return { onion, hopSecrets, amountMsat, cltvExpiry };
}

export function parseInvoice(text: string, network: NetworkName, now: number): Invoice {
  const invoice = decodeInvoice(text.trim().replace(/^lightning:/i, ''));
  if (invoice.network.name !== network) throw new DecodeError('invalid_value', `the invoice is for ${invoice.network.name}, this wallet is on ${network}`);
  if (invoice.expiresAt * 1000 <= now) throw new DecodeError('invalid_value', 'the invoice has expired');
  return invoice;
}

export type IncomingDecision =
  | { kind: 'fulfill'; preimage: Uint8Array; amountMsat: bigint }
  | { kind: 'fail'; reason: Uint8Array }
  | { kind: 'fail_malformed'; sha256OfOnion: Uint8Array; failureCode: number };

/** Decides an irrevocably committed incoming HTLC: claim it if it pays one of our invoices in full. */
export function decideIncoming(htlc: Htlc, nodeSecret: Uint8Array, lookup: (paymentHash: Uint8Array) => InvoiceRecord | undefined, height: number): IncomingDecision {
  let peeled;
  try {
    peeled = peelOnion(nodeSecret, htlc.onion, htlc.paymentHash);
  } catch (e) {
    if (e instanceof OnionFailureError && 'sha256OfOnion' in e.failure) {
      return { kind: 'fail_malformed', sha256OfOnion: sha256(htlc.onion), failureCode: failureCodeOf(e) };
    }
    if (e instanceof DecodeError || e instanceof OnionFailureError) {
      return { kind: 'fail_malformed', sha256OfOnion: sha256(htlc.onion), failureCode: 0x8000 | 0x4000 | 5 };
    }
    throw e;
  }
  const unknown = () => createFailurePacket(peeled.sharedSecret, { type: 'incorrect_or_unknown_payment_details', htlcMsat: htlc.amountMsat, height, tlvs: {} });
  if (peeled.type !== 'final') return { kind: 'fail', reason: createFailurePacket(peeled.sharedSecret, { type: 'unknown_next_peer', tlvs: {} }) };
  let final;
  try {
    final = validateFinalHopPayload(peeled.payload, htlc);
  } catch (e) {
    if (e instanceof OnionFailureError) return { kind: 'fail', reason: createFailurePacket(peeled.sharedSecret, e.failure) };
    throw e;
  }
  const invoice = lookup(htlc.paymentHash);
  if (!invoice) return { kind: 'fail', reason: unknown() };
  if (!final.paymentSecret || !equal(final.paymentSecret, invoice.paymentSecret)) return { kind: 'fail', reason: unknown() };
  if (invoice.amountMsat !== null && (htlc.amountMsat < invoice.amountMsat || htlc.amountMsat > invoice.amountMsat * 2n)) return { kind: 'fail', reason: unknown() };
  if (final.totalMsat !== htlc.amountMsat) return { kind: 'fail', reason: createFailurePacket(peeled.sharedSecret, { type: 'mpp_timeout', tlvs: {} }) };
  if (htlc.cltvExpiry < height + invoice.minFinalCltvExpiryDelta - 2) return { kind: 'fail', reason: unknown() };
  return { kind: 'fulfill', preimage: invoice.preimage, amountMsat: htlc.amountMsat };
}

function failureCodeOf(e: OnionFailureError): number {
  switch (e.failure.type) {
    case 'invalid_onion_version':
      return 0x8000 | 0x4000 | 4;
    case 'invalid_onion_key':
      return 0x8000 | 0x4000 | 6;
    default:
      return 0x8000 | 0x4000 | 5;
  }
}

export const paymentKey = (hash: Uint8Array): string => hex(hash);
