/** Reading a BOLT 11 invoice to pay it: clear refusals, and the review data the UI shows. */
import { decodeInvoice, type Invoice } from '../../protocol/bolt11/index.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';
import type { DecodedInvoice } from '../lightning/types.ts';
import { defaultMaxFeeMsat } from '../routing/fees.ts';

/** Accepts a BOLT 11 string or a `lightning:` URI of this wallet's network (expired or not). */
export function readInvoice(text: string, network: NetworkName): { bolt11: string; invoice: Invoice } {
  const bolt11 = text.trim().replace(/^lightning:/i, '').toLowerCase();
  let invoice: Invoice;
  try {
    invoice = decodeInvoice(bolt11);
  } catch (e) {
    if (e instanceof DecodeError) throw new EngineError('invalid_invoice', `This is not a valid Lightning invoice: ${e.message}.`);
    throw e;
  }
  if (invoice.network.name !== network) throw new EngineError('invalid_invoice', `This invoice is for ${invoice.network.name}; this wallet is on ${network}.`);
  return { bolt11, invoice };
}

export function isExpiredAt(invoice: Invoice, nowMs: number): boolean {
  return invoice.expiresAt * 1000 <= nowMs;
}

/** The amount to pay: the invoice's, or the one given for an invoice without one. */
export function amountToPay(invoice: Invoice, amountMsat: bigint | undefined): bigint {
  if (invoice.amountMsat !== undefined) {
    if (amountMsat !== undefined && amountMsat < invoice.amountMsat) throw new EngineError('invalid_amount', 'The invoice asks for more than that amount.');
    // BOLT 11 lets a payer pay more than asked, never more than twice.
    if (amountMsat !== undefined && amountMsat > invoice.amountMsat * 2n) throw new EngineError('invalid_amount', 'That is more than twice what the invoice asks for.');
    return amountMsat ?? invoice.amountMsat;
  }
  if (amountMsat === undefined) throw new EngineError('invalid_amount', 'This invoice has no amount: enter one.');
  if (amountMsat <= 0n) throw new EngineError('invalid_amount', 'The amount must be more than zero.');
  return amountMsat;
}

export function describeInvoice(bolt11: string, invoice: Invoice, amountMsat: bigint | undefined, alreadyPaid: DecodedInvoice['alreadyPaid']): DecodedInvoice {
  const amount = invoice.amountMsat ?? amountMsat;
  return {
    bolt11,
    amountMsat: invoice.amountMsat === undefined ? null : Number(invoice.amountMsat),
    description: invoice.description ?? '',
    ...(invoice.descriptionHash ? { descriptionHash: hex(invoice.descriptionHash) } : {}),
    payee: hex(invoice.payeeNodeId),
    paymentHash: hex(invoice.paymentHash),
    createdAt: invoice.timestamp * 1000,
    expiresAt: invoice.expiresAt * 1000,
    maxFeeMsat: amount === undefined ? null : Number(defaultMaxFeeMsat(amount)),
    alreadyPaid,
  };
}
