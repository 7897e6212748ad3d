/**
 * Paying the channel peer itself: a one-hop onion. (Invoices we issue and the HTLCs paying them
 * are in src/engine/payments.)
 */
import { decodeInvoice, type Invoice } from '../../protocol/bolt11/index.ts';
import { createOnion, encodeHopPayload, type HopSecret } from '../../protocol/bolt4/index.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import type { NetworkName } from '../../protocol/networks.ts';

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

export const paymentKey = (hash: Uint8Array): string => hex(hash);
