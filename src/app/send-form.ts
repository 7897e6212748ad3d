import type { FeeRates, PaymentLinkInfo, SendRequest } from '../worker/wallet-api.ts';
import { resolveFeeRate, type FeeChoice } from './fee-rate.ts';
import { parseSatsInput } from './sats.ts';

export interface SendFormValues {
  /** An address or a BIP21 URI, as typed or pasted. */
  destination: string;
  /** What the destination asks for when it is a payment link, as the engine read it. */
  link?: PaymentLinkInfo;
  amount: string;
  /** The amount was filled in from the pasted URI (so a different URI may replace it). */
  amountFromUri: boolean;
  sendAll: boolean;
  feeChoice: FeeChoice;
  customFeeRate: string;
  /** For a link offering both an address and a Lightning invoice: Lightning unless the person chose on-chain. */
  payWith?: 'lightning' | 'onchain';
}

export const EMPTY_SEND_FORM: SendFormValues = {
  destination: '',
  amount: '',
  amountFromUri: false,
  sendAll: false,
  feeChoice: 'normal',
  customFeeRate: '',
};

/**
 * What the engine read from `destination` (undefined when it is no payment link, or a broken one), unless
 * the destination has changed since. The link's amount fills the amount field unless the person typed
 * one; an amount from an earlier link goes when the new destination asks for none.
 */
export function applyPaymentLink(values: SendFormValues, destination: string, link: PaymentLinkInfo | undefined): SendFormValues {
  if (values.destination !== destination) return values;
  const { link: _previous, ...rest } = values;
  const next: SendFormValues = link ? { ...rest, link } : rest;
  const requested = link?.amountSat;
  if (requested !== undefined && (values.amount.trim() === '' || values.amountFromUri)) return { ...next, amount: String(requested), amountFromUri: true };
  if (requested === undefined && values.amountFromUri) return { ...next, amount: '', amountFromUri: false };
  return next;
}

export interface SendFormProblems {
  destination?: string;
  amount?: string;
  feeRate?: string;
}

export type SendRequestCheck = { ok: true; request: SendRequest } | { ok: false; problems: SendFormProblems };

/** The request for previewSend/send, or what the person still has to fix. */
export function buildSendRequest(values: SendFormValues, rates: FeeRates | undefined): SendRequestCheck {
  const problems: SendFormProblems = {};
  const destination = values.destination.trim();
  if (destination === '') problems.destination = 'Enter a bitcoin address or a bitcoin: payment link.';

  let amountSat: number | undefined;
  if (!values.sendAll) {
    const amount = parseSatsInput(values.amount);
    if (amount.ok) amountSat = amount.sat;
    else problems.amount = amount.problem;
  }

  const fee = resolveFeeRate(values.feeChoice, rates, values.customFeeRate);
  if (!fee.ok) problems.feeRate = fee.problem;

  if (problems.destination || problems.amount || problems.feeRate || !fee.ok) return { ok: false, problems };
  const request: SendRequest = values.sendAll ? { destination, sendAll: true, feeRate: fee.rate } : { destination, amountSat: amountSat!, feeRate: fee.rate };
  return { ok: true, request };
}

/**
 * The Lightning invoice to pay instead of an on-chain send: a pasted invoice or lightning: link, or a
 * bitcoin: link's Lightning alternative (preferred: faster and cheaper) unless the person chose on-chain.
 */
export function lightningInvoiceToPay(link: PaymentLinkInfo | undefined, payWith: SendFormValues['payWith']): string | undefined {
  if (link?.lightning === undefined) return undefined;
  return link.address !== undefined && payWith === 'onchain' ? undefined : link.lightning;
}
