import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.ts';
import { readBigSize } from '../codec/bigsize.ts';
import { fromHex } from '../codec/bytes.ts';
import { Reader } from '../codec/reader.ts';
import { validateFinalHopPayload, type IncomingHtlc } from './final-hop.ts';
import { decodeHopPayload, type HopPayload } from './hop-payload.ts';
import { OnionFailureError } from './onion-failure-error.ts';

interface OnionVectors {
  generate: { hops: { payload: string }[] };
}

const payloads = loadVectors<OnionVectors>('onion-test.json').generate.hops.map((h) => {
  const r = new Reader(fromHex(h.payload));
  return decodeHopPayload(r.bytes(Number(readBigSize(r))));
});
const finalPayload = payloads[4]!;
const forwardingPayload = payloads[0]!;

/** An HTLC that carries exactly what the payload asks for. */
function matchingHtlc(payload: HopPayload): IncomingHtlc {
  return { amountMsat: payload.amtToForward!, cltvExpiry: payload.outgoingCltvValue! };
}

function failureOf(validate: () => unknown): OnionFailureError {
  try {
    validate();
  } catch (e) {
    if (e instanceof OnionFailureError) return e;
    throw e;
  }
  throw new Error('expected the payload to be rejected');
}

describe('final hop payload validation', () => {
  it('accepts the vector final payload carried by a matching HTLC', () => {
    const result = validateFinalHopPayload(finalPayload, matchingHtlc(finalPayload));
    expect(result.amtToForward).toBe(finalPayload.amtToForward);
    expect(result.outgoingCltvValue).toBe(finalPayload.outgoingCltvValue);
    expect(result.paymentSecret).toEqual(finalPayload.paymentData!.paymentSecret);
    expect(result.totalMsat).toBe(finalPayload.paymentData!.totalMsat);
  });

  it('accepts an HTLC paying more and expiring later than the onion says', () => {
    const htlc = matchingHtlc(finalPayload);
    expect(() => validateFinalHopPayload(finalPayload, { amountMsat: htlc.amountMsat + 1n, cltvExpiry: htlc.cltvExpiry + 1 })).not.toThrow();
  });

  it('treats total_msat as amt_to_forward without payment_data', () => {
    const { paymentData: _omitted, ...withoutPaymentData } = finalPayload;
    const result = validateFinalHopPayload(withoutPaymentData, matchingHtlc(finalPayload));
    expect(result.totalMsat).toBe(finalPayload.amtToForward);
    expect(result.paymentSecret).toBeUndefined();
  });

  it.each(['amtToForward', 'outgoingCltvValue'] as const)('rejects a payload without %s as invalid_onion_payload', (field) => {
    const { [field]: _omitted, ...incomplete } = finalPayload;
    expect(failureOf(() => validateFinalHopPayload(incomplete, matchingHtlc(finalPayload))).failure.type).toBe('invalid_onion_payload');
  });

  it('rejects a forwarding payload (short_channel_id) as invalid_onion_payload', () => {
    const e = failureOf(() => validateFinalHopPayload(forwardingPayload, matchingHtlc(forwardingPayload)));
    expect(e.failure.type).toBe('invalid_onion_payload');
    expect(e.message).toMatch(/short_channel_id/);
  });

  it('rejects an HTLC expiring before outgoing_cltv_value as final_incorrect_cltv_expiry with the HTLC expiry', () => {
    const htlc = { ...matchingHtlc(finalPayload), cltvExpiry: finalPayload.outgoingCltvValue! - 1 };
    const e = failureOf(() => validateFinalHopPayload(finalPayload, htlc));
    expect(e.failure).toEqual({ type: 'final_incorrect_cltv_expiry', cltvExpiry: htlc.cltvExpiry, tlvs: {} });
  });

  it('rejects an HTLC below amt_to_forward as final_incorrect_htlc_amount with the HTLC amount', () => {
    const htlc = { ...matchingHtlc(finalPayload), amountMsat: finalPayload.amtToForward! - 1n };
    const e = failureOf(() => validateFinalHopPayload(finalPayload, htlc));
    expect(e.failure).toEqual({ type: 'final_incorrect_htlc_amount', incomingHtlcAmt: htlc.amountMsat, tlvs: {} });
  });
});
