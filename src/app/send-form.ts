import type { FeeRates, SendRequest } from '../worker/wallet-api.ts';
import { parseBip21 } from './bip21.ts';
import { resolveFeeRate, type FeeChoice } from './fee-rate.ts';
import { parseSatsInput } from './sats.ts';

export interface SendFormValues {
  /** An address or a BIP21 URI, as typed or pasted. */
  destination: string;
  amount: string;
  /** The amount was filled in from the pasted URI (so a different URI may replace it). */
  amountFromUri: boolean;
  sendAll: boolean;
  feeChoice: FeeChoice;
  customFeeRate: string;
}

export const EMPTY_SEND_FORM: SendFormValues = {
  destination: '',
  amount: '',
  amountFromUri: false,
  sendAll: false,
  feeChoice: 'normal',
  customFeeRate: '',
};

/** A new destination; a BIP21 amount fills the amount field unless the person typed one. */
export function applyDestination(values: SendFormValues, destination: string): SendFormValues {
  const requested = parseBip21(destination)?.amountSat;
  if (requested !== undefined && (values.amount.trim() === '' || values.amountFromUri)) {
    return { ...values, destination, amount: String(requested), amountFromUri: true };
  }
  if (requested === undefined && values.amountFromUri) return { ...values, destination, amount: '', amountFromUri: false };
  return { ...values, destination };
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
