import type { KnownFailure } from './failure-messages.ts';
import type { HopPayload } from './hop-payload.ts';
import { OnionFailureError } from './onion-failure-error.ts';

/** A final-hop payload outside any blinded route, checked against the HTLC that carried it. */
export interface FinalHopPayload {
  amtToForward: bigint;
  outgoingCltvValue: number;
  /** Absent when the sender left out payment_data; whether that is acceptable depends on the invoice. */
  paymentSecret?: Uint8Array;
  /** payment_data.total_msat, or amt_to_forward when payment_data is absent (BOLT 4). */
  totalMsat: bigint;
  paymentMetadata?: Uint8Array;
}

export interface IncomingHtlc {
  amountMsat: bigint;
  cltvExpiry: number;
}

function reject(message: string, failure: KnownFailure): never {
  throw new OnionFailureError('invalid_value', message, failure);
}

const invalidPayload = { type: 'invalid_onion_payload', location: undefined, tlvs: {} } as const;

/** Fields that only belong in a forwarding hop's or a blinded route's payload, with their spec names. */
const forbiddenInFinalPayload = [
  ['shortChannelId', 'short_channel_id'],
  ['encryptedRecipientData', 'encrypted_recipient_data'],
  ['currentPathKey', 'current_path_key'],
  ['totalAmountMsat', 'total_amount_msat'],
] as const;

/**
 * BOLT 4 reader requirements for the final node of an unblinded route. Throws OnionFailureError
 * with invalid_onion_payload, final_incorrect_cltv_expiry or final_incorrect_htlc_amount.
 * Checks that need the invoice or the block height (incorrect_or_unknown_payment_details) are the caller's.
 */
export function validateFinalHopPayload(payload: HopPayload, htlc: IncomingHtlc): FinalHopPayload {
  const { amtToForward, outgoingCltvValue } = payload;
  if (amtToForward === undefined) reject('final hop payload has no amt_to_forward', invalidPayload);
  if (outgoingCltvValue === undefined) reject('final hop payload has no outgoing_cltv_value', invalidPayload);
  for (const [field, specName] of forbiddenInFinalPayload) {
    if (payload[field] !== undefined) reject(`final hop payload must not contain ${specName}`, invalidPayload);
  }
  if (htlc.cltvExpiry < outgoingCltvValue) {
    reject(`HTLC cltv_expiry ${htlc.cltvExpiry} is below the onion's ${outgoingCltvValue}`, {
      type: 'final_incorrect_cltv_expiry',
      cltvExpiry: htlc.cltvExpiry,
      tlvs: {},
    });
  }
  if (htlc.amountMsat < amtToForward) {
    reject(`HTLC amount ${htlc.amountMsat} msat is below the onion's ${amtToForward}`, {
      type: 'final_incorrect_htlc_amount',
      incomingHtlcAmt: htlc.amountMsat,
      tlvs: {},
    });
  }
  return {
    amtToForward,
    outgoingCltvValue,
    paymentSecret: payload.paymentData?.paymentSecret,
    totalMsat: payload.paymentData?.totalMsat ?? amtToForward,
    paymentMetadata: payload.paymentMetadata,
  };
}
