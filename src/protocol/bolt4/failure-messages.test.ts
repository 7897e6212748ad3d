import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { fromHex, hex } from '../codec/bytes.ts';
import { Reader } from '../codec/reader.ts';
import {
  decodeFailureMessage,
  encodeFailureMessage,
  failureCode,
  failureFlags,
  failureMessageDefs,
  type FailureName,
  type KnownFailure,
} from './failure-messages.ts';

interface ReturningErrorVectors {
  params: { failure_message: string; failure_fields: { htlc_msat: number; height: number; tlv_type: number; tlv_value_as_written: string } };
  creation: { encoded_failure_message: string; payload: string };
}
interface OnionErrorVectors {
  generate: { failure_message: string };
}

const returning = loadVectors<ReturningErrorVectors>('bolt04-returning-errors.json');
const onionError = loadVectors<OnionErrorVectors>('onion-error-test.json');

/** failuremsg out of `u16 failure_len || failuremsg || u16 pad_len || pad`. */
function failuremsgOf(payload: Uint8Array): Uint8Array {
  const r = new Reader(payload);
  return r.bytes(r.u16()).slice();
}

/** "[128, 128, ..., 128] (300 bytes)" -> 300 bytes of 128. */
function tlvValueAsWritten(text: string): Uint8Array {
  const match = /^\[(\d+),.*\((\d+) bytes\)$/.exec(text);
  if (!match) throw new Error(`unexpected tlv_value_as_written: ${text}`);
  return new Uint8Array(Number(match[2])).fill(Number(match[1]));
}

const channelUpdate = Uint8Array.of(1, 2, 3);
const sha256OfOnion = new Uint8Array(32).fill(7);
/** One of every failure, so the table is exercised in full (the type forces every name to appear). */
const samples: { [N in FailureName]: Extract<KnownFailure, { type: N }> } = {
  temporary_node_failure: { type: 'temporary_node_failure', tlvs: {} },
  permanent_node_failure: { type: 'permanent_node_failure', tlvs: {} },
  required_node_feature_missing: { type: 'required_node_feature_missing', tlvs: {} },
  invalid_onion_version: { type: 'invalid_onion_version', sha256OfOnion, tlvs: {} },
  invalid_onion_hmac: { type: 'invalid_onion_hmac', sha256OfOnion, tlvs: {} },
  invalid_onion_key: { type: 'invalid_onion_key', sha256OfOnion, tlvs: {} },
  temporary_channel_failure: { type: 'temporary_channel_failure', channelUpdate, tlvs: {} },
  permanent_channel_failure: { type: 'permanent_channel_failure', tlvs: {} },
  required_channel_feature_missing: { type: 'required_channel_feature_missing', tlvs: {} },
  unknown_next_peer: { type: 'unknown_next_peer', tlvs: {} },
  amount_below_minimum: { type: 'amount_below_minimum', htlcMsat: 1000n, channelUpdate, tlvs: {} },
  fee_insufficient: { type: 'fee_insufficient', htlcMsat: 2000n, channelUpdate: new Uint8Array(0), tlvs: {} },
  incorrect_cltv_expiry: { type: 'incorrect_cltv_expiry', cltvExpiry: 800_100, channelUpdate, tlvs: {} },
  expiry_too_soon: { type: 'expiry_too_soon', channelUpdate, tlvs: {} },
  incorrect_or_unknown_payment_details: { type: 'incorrect_or_unknown_payment_details', htlcMsat: 5n, height: 9, tlvs: {} },
  final_incorrect_cltv_expiry: { type: 'final_incorrect_cltv_expiry', cltvExpiry: 12, tlvs: {} },
  final_incorrect_htlc_amount: { type: 'final_incorrect_htlc_amount', incomingHtlcAmt: 34n, tlvs: {} },
  channel_disabled: { type: 'channel_disabled', disabledFlags: 0, channelUpdate, tlvs: {} },
  expiry_too_far: { type: 'expiry_too_far', tlvs: {} },
  invalid_onion_payload: { type: 'invalid_onion_payload', location: { tlvType: 65537n, offset: 3 }, tlvs: {} },
  mpp_timeout: { type: 'mpp_timeout', tlvs: {} },
  invalid_onion_blinding: { type: 'invalid_onion_blinding', sha256OfOnion, tlvs: {} },
};

describe('failure messages', () => {
  it('decodes the bolt04-returning-errors failure with its fields and TLV extension, and re-encodes it', () => {
    const payload = fromHex(returning.creation.payload);
    expect(returning.creation.payload.slice(4)).toBe(returning.creation.encoded_failure_message);
    const bytes = failuremsgOf(payload);
    const decoded = decodeFailureMessage(bytes);
    const fields = returning.params.failure_fields;
    expect(decoded).toEqual({
      type: returning.params.failure_message,
      htlcMsat: BigInt(fields.htlc_msat),
      height: fields.height,
      tlvs: { unknownOdd: [{ type: BigInt(fields.tlv_type), value: tlvValueAsWritten(fields.tlv_value_as_written) }] },
    });
    expect(hex(encodeFailureMessage(decoded))).toBe(hex(bytes));
  });

  it('decodes the onion-error-test failure (a bare code) and re-encodes it', () => {
    const decoded = decodeFailureMessage(fromHex(onionError.generate.failure_message));
    expect(decoded.type).toBe('temporary_node_failure');
    expect(hex(encodeFailureMessage(decoded))).toBe(onionError.generate.failure_message);
  });

  it.each(Object.values(samples).map((s) => [s.type, s] as const))('round-trips %s', (_name, sample) => {
    expect(decodeFailureMessage(encodeFailureMessage(sample))).toEqual(sample);
  });

  it('sets BADONION exactly on the failures that carry sha256_of_onion', () => {
    for (const sample of Object.values(samples)) {
      expect(failureFlags(failureCode(sample)).badOnion).toBe('sha256OfOnion' in sample);
    }
  });

  it('sets UPDATE exactly on the failures that carry a channel_update', () => {
    for (const sample of Object.values(samples)) {
      expect(failureFlags(failureCode(sample)).update).toBe('channelUpdate' in sample);
    }
  });

  it('gives every failure code to one name only', () => {
    const codes = Object.values(failureMessageDefs).map((d) => d.typeNumber);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('reads invalid_onion_payload sent without its optional type and offset', () => {
    const bare = encodeFailureMessage({ type: 'invalid_onion_payload', location: undefined, tlvs: {} });
    expect(bare).toHaveLength(2);
    expect(decodeFailureMessage(bare)).toEqual({ type: 'invalid_onion_payload', location: undefined, tlvs: {} });
  });

  it('keeps an unknown code and its bytes, with its flags readable', () => {
    const bytes = Uint8Array.of(0x60, 0x63, 9, 9);
    const decoded = decodeFailureMessage(bytes);
    expect(decoded).toEqual({ type: 'unknown_failure', code: 0x6063, data: Uint8Array.of(9, 9) });
    expect(failureFlags(failureCode(decoded))).toEqual({ badOnion: false, permanent: true, node: true, update: false });
    expect(hex(encodeFailureMessage(decoded))).toBe(hex(bytes));
  });

  it('refuses to encode a known code as unknown', () => {
    const code = failureMessageDefs.mpp_timeout.typeNumber;
    expect(() => encodeFailureMessage({ type: 'unknown_failure', code, data: new Uint8Array(0) })).toThrow(RangeError);
  });

  it('fuzz: arbitrary and mutated messages give DecodeError or a value that re-encodes to the same bytes', () => {
    const valid = [...Object.values(samples).map(encodeFailureMessage), failuremsgOf(fromHex(returning.creation.payload))];
    const codes = fc.constantFrom(...Object.values(failureMessageDefs).map((d) => d.typeNumber));
    const knownCodeThenBytes = fc.tuple(codes, fc.uint8Array({ maxLength: 48 })).map(([code, rest]) => Uint8Array.of(code >> 8, code & 0xff, ...rest));
    assertOnlyDecodeErrors(fc.oneof(fc.uint8Array({ maxLength: 48 }), knownCodeThenBytes, mutationsOf(valid)), decodeFailureMessage, (decoded, input) =>
      expect(hex(encodeFailureMessage(decoded))).toBe(hex(input)),
    );
  });
});
