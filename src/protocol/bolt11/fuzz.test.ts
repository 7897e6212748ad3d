import { bech32 } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { concat } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { secp256k1, sha256 } from '../crypto/index.ts';
import { decodeInvoice, encodeInvoice, type Invoice } from './index.ts';

/**
 * Hostile input: arbitrary strings, well-formed bech32 with "ln" prefixes, and mutations of the
 * spec's valid invoices re-wrapped with a correct checksum (so they reach the field parser and the
 * signature check). The decoder may only return or throw DecodeError. When it returns:
 *  - the signature verifies against the payee it reports, checked independently of the decoder
 *    (@scure/base to unpack the words, noble to verify), so no field it read went unsigned;
 *  - its result is a fixed point of encoding: re-encoding (signed by another key) and decoding again
 *    gives the same fields, so nothing was read that the encoder cannot say, or said differently.
 */

const { valid } = loadVectors<{ valid: { invoice: string }[] }>('bolt11-invoices.json');
const reencodeKey = sha256(new TextEncoder().encode('bolt11 fuzz re-encoding key'));
const SIGNATURE_WORDS = 104;

const originals = valid.map((v) => bech32.decode(v.invoice.toLowerCase() as `${string}1${string}`, false));
const hrps = fc.oneof(
  fc.constantFrom(...new Set(originals.map((o) => o.prefix))),
  fc
    .tuple(
      fc.constantFrom('ln', 'lnbc', 'lntb', 'lntbs', 'lnbcrt', 'lnxy', 'lntbsbc'),
      fc.stringMatching(/^[0-9]{0,22}$/),
      fc.constantFrom('', 'm', 'u', 'n', 'p', 'x', '1'),
    )
    .map(([prefix, digits, multiplier]) => prefix + digits + multiplier),
);

function bech32String(hrp: string, words: ArrayLike<number>): string {
  return bech32.encode(hrp, Array.from(words), false);
}

const word = fc.nat(31);
const taggedField = fc
  .tuple(word, fc.uint8Array({ max: 31, maxLength: 90 }), fc.option(fc.nat(1023)))
  .map(([type, data, claimed]) => [type, (claimed ?? data.length) >> 5, (claimed ?? data.length) & 31, ...data]);
const wellFormed = fc.oneof(
  fc.tuple(hrps, fc.uint8Array({ max: 31, maxLength: 400 })).map(([hrp, words]) => bech32String(hrp, words)),
  fc
    .tuple(hrps, fc.array(word, { minLength: 7, maxLength: 7 }), fc.array(taggedField, { maxLength: 8 }), fc.array(word, { minLength: SIGNATURE_WORDS, maxLength: SIGNATURE_WORDS }))
    .map(([hrp, timestamp, fields, signature]) => bech32String(hrp, [...timestamp, ...fields.flat(), ...signature])),
);

/** An invoice's data words cut into timestamp, tagged fields and signature. */
function split(words: number[]): { timestamp: number[]; fields: number[][]; signature: number[] } {
  const fields: number[][] = [];
  for (let pos = 7; pos < words.length - SIGNATURE_WORDS; ) {
    const next = pos + 3 + words[pos + 1]! * 32 + words[pos + 2]!;
    fields.push(words.slice(pos, next));
    pos = next;
  }
  return { timestamp: words.slice(0, 7), fields, signature: words.slice(-SIGNATURE_WORDS) };
}

type WordEdit = [op: 'set' | 'insert' | 'delete', at: number, value: number];
const wordEdits = fc.array(
  fc.tuple(fc.constantFrom<WordEdit[0]>('set', 'set', 'set', 'insert', 'delete'), fc.nat(), word),
  { minLength: 1, maxLength: 3 },
);
type FieldEdit = [op: 'drop' | 'repeat' | 'swap' | 'scramble', at: number, other: number, noise: number[]];
const fieldEdits = fc.array(
  fc.tuple(fc.constantFrom<FieldEdit[0]>('drop', 'repeat', 'swap', 'scramble'), fc.nat(), fc.nat(), fc.array(word, { maxLength: 8 })),
  { minLength: 1, maxLength: 3 },
);
const original = fc.constantFrom(...originals);
const otherHrp = fc.option(hrps, { nil: undefined, freq: 4 });

const mutated = fc.oneof(
  fc.tuple(original, otherHrp, wordEdits).map(([{ prefix, words }, hrp, changes]) => {
    const out = [...words];
    for (const [op, at, value] of changes) {
      const i = at % (out.length + 1);
      if (op === 'set') out[i] = value;
      else if (op === 'insert') out.splice(i, 0, value);
      else out.splice(i, 1);
    }
    return bech32String(hrp ?? prefix, out);
  }),
  fc.tuple(original, otherHrp, fieldEdits).map(([{ prefix, words }, hrp, changes]) => {
    const { timestamp, fields, signature } = split(words);
    for (const [op, at, other, noise] of changes) {
      const i = at % fields.length;
      if (op === 'drop') fields.splice(i, 1);
      else if (op === 'repeat') fields.splice(i, 0, fields[i]!);
      else if (op === 'swap') [fields[i], fields[other % fields.length]] = [fields[other % fields.length]!, fields[i]!];
      else fields[i] = fields[i]!.map((w, k) => (k >= 3 && k - 3 < noise.length ? noise[k - 3]! : w));
      if (fields.length === 0) break;
    }
    return bech32String(hrp ?? prefix, [...timestamp, ...fields.flat(), ...signature]);
  }),
  fc.tuple(fc.constantFrom(...valid.map((v) => v.invoice)), fc.nat(), fc.constantFrom('q', 'p', 'Q', '1', ' ')).map(
    ([invoice, at, text]) => invoice.slice(0, at % invoice.length) + text + invoice.slice((at % invoice.length) + 1),
  ),
);

const inputs = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), wellFormed, mutated, mutated.map((s) => `lightning:${s}`));

function signatureVerifiesIndependently(text: string, invoice: Invoice): boolean {
  const lower = text.toLowerCase();
  const bare = lower.startsWith('lightning:') ? lower.slice('lightning:'.length) : lower;
  const { prefix, words } = bech32.decode(bare as `${string}1${string}`, false);
  const signed = words.slice(0, -SIGNATURE_WORDS);
  const signedBytes = Math.ceil((signed.length * 5) / 8); // zero bits pad the words to a byte boundary
  while ((signed.length * 5) % 8 !== 0) signed.push(0);
  const digest = sha256(concat(new TextEncoder().encode(prefix), bech32.fromWords(signed).subarray(0, signedBytes)));
  return secp256k1.verify(invoice.signature.subarray(0, 64), digest, invoice.payeeNodeId, { prehash: false, lowS: false });
}

const withoutSigner = (invoice: Invoice) => ({ ...invoice, payeeNodeId: undefined, signature: undefined });

describe('decodeInvoice on hostile input', () => {
  it(`throws only DecodeError, and whatever it accepts is signed and re-encodes to itself (${FUZZ_RUNS} cases)`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(inputs, (text) => {
        let invoice: Invoice;
        try {
          invoice = decodeInvoice(text);
        } catch (e) {
          if (e instanceof DecodeError) return;
          throw e;
        }
        accepted++;
        expect(signatureVerifiesIndependently(text, invoice)).toBe(true);
        expect(withoutSigner(decodeInvoice(encodeInvoice(invoice, reencodeKey)))).toEqual(withoutSigner(invoice));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 20);
  }, 180_000); // thousands of public-key recoveries: slow on a busy machine
});
