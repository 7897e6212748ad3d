/** The Lightning side of Send: what the review lets through to `pay`, and when a payment has ended. */
import type { DecodedInvoice, PaymentInfo } from '../worker/wallet-api.ts';
import type { AppEvent } from './engine-connection.ts';
import { MSAT_PER_SAT, parseFeeLimitInput } from './lightning-amounts.ts';
import { parseSatsInput } from './sats.ts';

export interface PayReviewValues {
  /** Sats, typed by the person: used only when the invoice leaves the amount to the payer. */
  amount: string;
  /** Sats; undefined while the person keeps the engine's default limit. */
  feeLimit: string | undefined;
}

export interface PayRequest {
  bolt11: string;
  amountMsat?: number;
  maxFeeMsat?: number;
}

export interface PayProblems {
  /** Why this invoice cannot be paid at all. */
  invoice?: string;
  amount?: string;
  feeLimit?: string;
}

export type PayCheck = { ok: true; request: PayRequest } | { ok: false; problems: PayProblems };

/** Why the invoice itself cannot be paid now (already paid, being paid, expired), or undefined. */
export function invoiceRefusal(decoded: Pick<DecodedInvoice, 'alreadyPaid' | 'expiresAt'>, now: number): string | undefined {
  if (decoded.alreadyPaid === 'succeeded') return 'You have already paid this invoice. Paying it again would send nothing: ask the recipient for a new invoice.';
  if (decoded.alreadyPaid === 'pending') return 'This invoice is being paid right now. Wait for that payment to finish (see Activity).';
  if (decoded.expiresAt <= now) return 'This invoice has expired, so it can no longer be paid. Ask the recipient for a new one.';
  return undefined;
}

/** The amount in millisatoshis the review pays: the invoice's own, or the one typed for an invoice without. */
export function payAmountMsat(decoded: Pick<DecodedInvoice, 'amountMsat'>, amount: string): { ok: true; msat: number } | { ok: false; problem: string } {
  if (decoded.amountMsat !== null) return { ok: true, msat: decoded.amountMsat };
  const typed = parseSatsInput(amount);
  return typed.ok ? { ok: true, msat: typed.sat * MSAT_PER_SAT } : typed;
}

/** The `pay` request, or what stops it. The fee limit is sent only when the person changed it. */
export function buildPayRequest(decoded: DecodedInvoice, values: PayReviewValues, now: number): PayCheck {
  const problems: PayProblems = {};
  const refusal = invoiceRefusal(decoded, now);
  if (refusal) problems.invoice = refusal;
  const amount = payAmountMsat(decoded, values.amount);
  if (!amount.ok) problems.amount = amount.problem;
  const feeLimit = values.feeLimit === undefined ? undefined : parseFeeLimitInput(values.feeLimit);
  if (feeLimit && !feeLimit.ok) problems.feeLimit = feeLimit.problem;
  if (problems.invoice || problems.amount || problems.feeLimit || !amount.ok || (feeLimit && !feeLimit.ok)) return { ok: false, problems };
  return {
    ok: true,
    request: {
      bolt11: decoded.bolt11,
      ...(decoded.amountMsat === null ? { amountMsat: amount.msat } : {}),
      ...(feeLimit ? { maxFeeMsat: feeLimit.msat } : {}),
    },
  };
}

/** The outgoing payment of `paymentHash` once it has succeeded or failed, from an engine event. */
export function settledOutgoing(event: AppEvent, paymentHash: string): PaymentInfo | undefined {
  if (event.type !== 'payment_changed') return undefined;
  const { payment } = event;
  return payment.paymentHash === paymentHash && payment.direction === 'outgoing' && payment.status !== 'pending' ? payment : undefined;
}

/** The incoming payment of `paymentHash` once it has been received, from an engine event. */
export function receivedPayment(event: AppEvent, paymentHash: string): PaymentInfo | undefined {
  if (event.type !== 'payment_changed') return undefined;
  const { payment } = event;
  return payment.paymentHash === paymentHash && payment.direction === 'incoming' && payment.status === 'succeeded' ? payment : undefined;
}
