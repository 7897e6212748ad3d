import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { readBigSize } from '../codec/bigsize.ts';
import { fromHex, hex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { decodeHopPayload, encodeHopPayload } from './hop-payload.ts';

interface OnionVectors {
  generate: { hops: { payload: string }[] };
}

/** The vector's payloads carry their BigSize length prefix. */
const payloads = loadVectors<OnionVectors>('onion-test.json').generate.hops.map((h) => {
  const r = new Reader(fromHex(h.payload));
  return r.bytes(Number(readBigSize(r))).slice();
});

describe('hop payload TLVs', () => {
  it.each(payloads.map((p, i) => [i, p] as const))('decodes and re-encodes vector payload %i exactly', (_i, payload) => {
    const decoded = decodeHopPayload(payload);
    expect(decoded.amtToForward).toBeTypeOf('bigint');
    expect(decoded.outgoingCltvValue).toBeTypeOf('number');
    expect(hex(encodeHopPayload(decoded))).toBe(hex(payload));
  });

  it('keeps unknown odd records (vector payload 1 carries one)', () => {
    const { unknownOdd } = decodeHopPayload(payloads[1]!);
    expect(unknownOdd?.length).toBeGreaterThan(0);
    expect(unknownOdd?.every((r) => r.type % 2n === 1n)).toBe(true);
  });

  it('reads payment_data as payment_secret and total_msat', () => {
    const { paymentData, amtToForward } = decodeHopPayload(payloads[4]!);
    expect(paymentData?.paymentSecret).toHaveLength(32);
    expect(paymentData?.totalMsat).toBeGreaterThanOrEqual(amtToForward!);
  });

  it('rejects an unknown even record and a non-minimal amount', () => {
    const withEven = Uint8Array.from([...payloads[0]!, 0x20, 0x00]);
    expect(() => decodeHopPayload(withEven)).toThrow(DecodeError);
    expect(() => decodeHopPayload(Uint8Array.of(2, 2, 0, 1))).toThrow(/leading zero/);
  });

  it('fuzz: arbitrary and mutated payloads give DecodeError or a value that re-encodes to the same bytes', () => {
    assertOnlyDecodeErrors(fc.oneof(fc.uint8Array({ maxLength: 96 }), mutationsOf(payloads)), decodeHopPayload, (decoded, input) =>
      expect(hex(encodeHopPayload(decoded))).toBe(hex(input)),
    );
  });
});
