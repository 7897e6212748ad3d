import fc from 'fast-check';
import { DecodeError } from '../protocol/codec/errors.ts';

/** The issue asks for at least this many cases per decoder in the normal test run. */
export const FUZZ_RUNS = 10_000;

/**
 * Asserts that a decoder, fed arbitrary bytes, either returns or throws DecodeError —
 * never another exception. `check` may assert properties of successful decodes
 * (e.g. that re-encoding gives the same bytes, so no value was silently altered).
 */
export function assertOnlyDecodeErrors<T>(
  arbitrary: fc.Arbitrary<Uint8Array>,
  decode: (bytes: Uint8Array) => T,
  check?: (decoded: T, input: Uint8Array) => void,
  numRuns = FUZZ_RUNS,
): void {
  fc.assert(
    fc.property(arbitrary, (bytes) => {
      let decoded: T;
      try {
        decoded = decode(bytes);
      } catch (e) {
        if (e instanceof DecodeError) return;
        throw e;
      }
      check?.(decoded, bytes);
    }),
    { numRuns },
  );
}

/** Mutations of a valid encoding: flipped bits, truncations, extensions and spliced bytes. */
export function mutationsOf(valid: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const base = fc.constantFrom(...valid);
  return fc.oneof(
    base.chain((b) =>
      fc.array(fc.tuple(fc.nat({ max: Math.max(b.length - 1, 0) }), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }).map((flips) => {
        const out = b.slice();
        for (const [i, mask] of flips) if (out.length) out[i] = out[i]! ^ mask;
        return out;
      }),
    ),
    base.chain((b) => fc.nat({ max: b.length }).map((n) => b.slice(0, n))),
    base.chain((b) => fc.uint8Array({ maxLength: 64 }).map((extra) => Uint8Array.from([...b, ...extra]))),
    base.chain((b) =>
      fc.tuple(fc.nat({ max: b.length }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, ins]) =>
        Uint8Array.from([...b.slice(0, at), ...ins, ...b.slice(at)]),
      ),
    ),
  );
}
