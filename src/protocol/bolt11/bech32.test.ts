import { bech32 } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../codec/errors.ts';
import { decodeBech32, encodeBech32 } from './bech32.ts';
import { bytesToWords, wordsToBytes } from './words.ts';

/** Differential tests against @scure/base's bech32 (with its length limit off). */

const hrps = fc.oneof(fc.constantFrom('lnbc', 'lntb', 'lnbcrt', 'lntbs2500u', 'a', '1'), fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 }));
const words = fc.uint8Array({ max: 31, maxLength: 1200 });
const validStrings = fc.tuple(hrps, words).map(([hrp, w]) => {
  try {
    return bech32.encode(hrp, w, false);
  } catch {
    return hrp; // an hrp @scure/base refuses to encode with is just another odd string
  }
});
/** Valid strings with a few characters changed, case flipped in places, or cut short. */
const nearlyValid = fc.tuple(validStrings, fc.array(fc.tuple(fc.nat(), fc.constantFrom('upper', 'q', 'b', '1', 'é', 'cut')), { maxLength: 3 })).map(([s, edits]) => {
  let out = s;
  for (const [at, edit] of edits) {
    const i = at % Math.max(out.length, 1);
    if (edit === 'upper') out = out.slice(0, i) + out.slice(i).toUpperCase();
    else if (edit === 'cut') out = out.slice(0, i);
    else out = out.slice(0, i) + edit + out.slice(i + 1);
  }
  return out;
});

/** hrp and words as one string, or undefined when @scure/base rejects the input. */
function scureDecode(s: string): string | undefined {
  try {
    const { prefix, words } = bech32.decode(s as `${string}1${string}`, false);
    return `${prefix}:${words.join(',')}`;
  } catch {
    return undefined;
  }
}

describe('bech32', () => {
  it('accepts exactly what @scure/base accepts, with the same result, and only throws DecodeError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), validStrings, nearlyValid), (s) => {
        let ours: string | undefined;
        try {
          const { hrp, words } = decodeBech32(s);
          ours = `${hrp}:${words.join(',')}`;
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
        expect(ours).toBe(scureDecode(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('encodes as @scure/base does', () => {
    fc.assert(
      fc.property(fc.constantFrom('lnbc', 'lntb2500u', 'lnbcrt1p'), words, (hrp, w) => {
        expect(encodeBech32(hrp, w)).toBe(bech32.encode(hrp, w, false));
      }),
      { numRuns: 300 },
    );
  });
});

describe('5-bit words', () => {
  it('convert to and from bytes as @scure/base does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        const w = bytesToWords(bytes);
        expect(Array.from(w)).toEqual(bech32.toWords(bytes));
        expect(wordsToBytes(w, 0, w.length, 'field')).toEqual(bytes);
      }),
    );
  });

  it('refuse the padding @scure/base refuses', () => {
    fc.assert(
      fc.property(words, (w) => {
        let theirs: Uint8Array | undefined;
        try {
          theirs = bech32.fromWords(Array.from(w));
        } catch {
          theirs = undefined;
        }
        let ours: Uint8Array | undefined;
        try {
          ours = wordsToBytes(w, 0, w.length, 'field');
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
        expect(ours).toEqual(theirs);
      }),
    );
  });
});
