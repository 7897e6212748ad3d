import { describe, expect, it } from 'vitest';
import { bech32m } from '@scure/base';
import { Address, TEST_NETWORK } from '@scure/btc-signer';
import { DecodeError, type DecodeErrorCode } from '../codec/errors.ts';
import { publicKey, secp256k1, sha256 } from '../crypto/index.ts';
import { FeatureVector } from '../features/features.ts';
import { NETWORKS } from '../networks.ts';
import { CHARSET, decodeBech32, encodeBech32 } from './bech32.ts';
import { decodeInvoice, isExpired, matchesDescriptionHash, signInvoice, taggedFields, TAG, type InvoiceFields, type TaggedField } from './index.ts';
import { SIGNATURE_WORDS } from './signature.ts';
import { bytesToWords } from './words.ts';

/**
 * The spec's reader rules, on invoices built for each rule: our encoder's fields, altered, then
 * signed properly so that only the rule under test can reject them.
 */

const key = sha256(new TextEncoder().encode('bolt11 decode test key'));
const otherKey = sha256(new TextEncoder().encode('another node'));
const base: InvoiceFields = {
  network: NETWORKS.mainnet,
  timestamp: 1_700_000_000,
  paymentHash: sha256(Uint8Array.of(1)),
  paymentSecret: sha256(Uint8Array.of(2)),
  description: 'test',
};

const field = (letter: string, words: ArrayLike<number>): TaggedField => ({ type: CHARSET.indexOf(letter), words: Uint8Array.from(words) });
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

function invoiceWith(change: (fields: TaggedField[]) => TaggedField[], hrp = 'lnbc'): string {
  return signInvoice(hrp, base.timestamp, change(taggedFields(base)), key);
}
const without = (type: number) => (fields: TaggedField[]) => fields.filter((f) => f.type !== type);
const plus = (...extra: TaggedField[]) => (fields: TaggedField[]) => [...fields, ...extra];
const replacing = (replacement: TaggedField) => (fields: TaggedField[]) => [...without(replacement.type)(fields), replacement];

function expectRejected(invoice: string, code: DecodeErrorCode, message: RegExp): void {
  let error: unknown;
  try {
    decodeInvoice(invoice);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DecodeError);
  expect((error as DecodeError).code).toBe(code);
  expect((error as DecodeError).message).toMatch(message);
}

/** Replaces the signature words of an invoice string and recomputes the checksum. */
function withSignature(invoice: string, signature: Uint8Array): string {
  const { hrp, words } = decodeBech32(invoice);
  const out = words.slice();
  out.set(bytesToWords(signature), words.length - SIGNATURE_WORDS);
  return encodeBech32(hrp, out);
}

describe('invoice string', () => {
  const invoice = invoiceWith((f) => f);

  it('accepts a lightning: prefix in either case, and an upper-case invoice', () => {
    const plain = decodeInvoice(invoice);
    expect(decodeInvoice(`lightning:${invoice}`)).toEqual(plain);
    expect(decodeInvoice(`LIGHTNING:${invoice.toUpperCase()}`)).toEqual(plain);
    expect(plain.payeeNodeId).toEqual(publicKey(key));
  });

  it('rejects a character outside the bech32 alphabet, naming it', () => {
    expectRejected(invoice.slice(0, 20) + 'b' + invoice.slice(21), 'invalid_encoding', /invalid bech32 character "b" at position 20/);
  });

  it('rejects a bech32m checksum', () => {
    const { hrp, words } = decodeBech32(invoice);
    expectRejected(bech32m.encode(hrp, Array.from(words), false), 'invalid_checksum', /bech32m/);
  });

  it('rejects an unknown currency prefix', () => {
    expectRejected(invoiceWith((f) => f, 'lnxy'), 'invalid_value', /unknown currency prefix "xy"/);
  });

  it('rejects a human-readable part without "ln"', () => {
    expectRejected(invoiceWith((f) => f, 'bc'), 'invalid_encoding', /does not start with "ln"/);
  });

  it('rejects a field running into the signature', () => {
    const { hrp, words } = decodeBech32(invoice);
    const cut = new Uint8Array(7 + 3 + 10 + SIGNATURE_WORDS); // the first field (s) loses all but 10 of its words
    cut.set(words.subarray(0, 7 + 3 + 10));
    expectRejected(encodeBech32(hrp, cut), 'truncated', /s field of 52 words runs into the signature/);
  });
});

describe('tagged fields', () => {
  it('skips p, h, s and n fields of the wrong length, unknown types and unknown fallback versions', () => {
    const invoice = decodeInvoice(
      invoiceWith(plus(field('p', zeros(51)), field('s', zeros(53)), field('h', zeros(52 - 1)), field('n', zeros(52)), field('2', zeros(3)), field('f', [19, ...zeros(32)]))),
    );
    expect(invoice.paymentHash).toEqual(base.paymentHash);
    expect(invoice.paymentSecret).toEqual(base.paymentSecret);
    expect(invoice.descriptionHash).toBeUndefined();
    expect(invoice.fallbackAddresses).toEqual([]);
    expect(invoice.payeeNodeId).toEqual(publicKey(key));
  });

  it('uses the first of repeated single-valued fields', () => {
    const invoice = decodeInvoice(invoiceWith(plus(field('p', bytesToWords(sha256(Uint8Array.of(9)))), field('d', bytesToWords(Uint8Array.of(65))))));
    expect(invoice.paymentHash).toEqual(base.paymentHash);
    expect(invoice.description).toBe(base.description);
  });

  it('needs a payment hash, a payment secret and exactly one of d and h', () => {
    expectRejected(invoiceWith(without(TAG.paymentHash)), 'missing_field', /missing payment hash \(p field\)/);
    expectRejected(invoiceWith((f) => [...without(TAG.paymentHash)(f), field('p', zeros(53))]), 'missing_field', /missing payment hash/);
    expectRejected(invoiceWith(without(TAG.paymentSecret)), 'missing_field', /missing payment secret \(s field\)/);
    expectRejected(invoiceWith(without(TAG.description)), 'missing_field', /neither a d nor an h field/);
    expectRejected(invoiceWith(plus(field('h', bytesToWords(sha256(Uint8Array.of(3)))))), 'invalid_value', /both a description \(d\) and a description hash \(h\)/);
  });

  it('rejects non-zero padding bits and padding of a whole word', () => {
    const hash = bytesToWords(base.paymentHash);
    hash[51] = hash[51]! | 1;
    expectRejected(invoiceWith((f) => [field('p', hash), ...without(TAG.paymentHash)(f)]), 'invalid_encoding', /payment hash \(p field\): non-zero padding bits/);
    expectRejected(invoiceWith((f) => [field('m', zeros(3)), ...f]), 'invalid_encoding', /payment metadata \(m field\): padding of a whole word/);
  });

  it('rejects a description that is not UTF-8', () => {
    expectRejected(invoiceWith((f) => [field('d', bytesToWords(Uint8Array.of(0xc3, 0x28))), ...f]), 'invalid_encoding', /description \(d field\) is not valid UTF-8/);
  });

  it('rejects x, c and 9 fields with a leading zero word, as the spec advises', () => {
    expectRejected(invoiceWith(plus(field('x', [0, 1]))), 'invalid_value', /expiry \(x field\) is not minimally encoded/);
    expectRejected(invoiceWith(replacing(field('c', [0, 9]))), 'invalid_value', /min_final_cltv_expiry_delta \(c field\) is not minimally encoded/);
    expectRejected(invoiceWith(plus(field('9', [0, 1, 0]))), 'invalid_value', /features \(9 field\) are not minimally encoded/);
  });

  it('reads x and c as big-endian numbers and refuses ones too large to be meaningful', () => {
    const invoice = decodeInvoice(invoiceWith((f) => replacing(field('c', [3, 0, 31]))([...f, field('x', [1, 2])])));
    expect(invoice.expiry).toBe(34);
    expect(invoice.expiresAt).toBe(base.timestamp + 34);
    expect(invoice.minFinalCltvExpiryDelta).toBe(3 * 1024 + 31);
    expectRejected(invoiceWith(plus(field('x', [1, ...zeros(10)]))), 'invalid_value', /expiry \(x field\) is too large/);
    expectRejected(invoiceWith(replacing(field('c', [8, ...zeros(6)]))), 'invalid_value', /min_final_cltv_expiry_delta \(c field\) is too large/);
  });

  it('rejects features a payer cannot honour', () => {
    const features = (bits: number[]) => field('9', bytesToWordsOfBits(bits));
    expectRejected(invoiceWith(plus(features([16]))), 'invalid_feature', /basic_mpp requires payment_secret/);
    expectRejected(invoiceWith(plus(features([22]))), 'invalid_feature', /option_anchors, which is not an invoice feature/);
    expectRejected(invoiceWith(plus(features([256]))), 'invalid_feature', /unknown feature bit 256/);
    expect(decodeInvoice(invoiceWith(plus(features([14, 257, 23])))).features.bits()).toEqual([14, 23, 257]);
  });

  it('rejects malformed route hints', () => {
    expectRejected(invoiceWith(plus(field('r', []))), 'invalid_value', /route hint \(r field\) has no hops/);
    expectRejected(invoiceWith(plus(field('r', bytesToWords(new Uint8Array(50))))), 'invalid_value', /50 bytes is not a whole number of 51-byte hops/);
    expectRejected(invoiceWith(plus(field('r', bytesToWords(new Uint8Array(51))))), 'invalid_point', /route hint hop 0 has an invalid node id/);
  });

  it('rejects malformed fallback addresses of known versions', () => {
    expectRejected(invoiceWith(plus(field('f', []))), 'invalid_value', /fallback address \(f field\) has no version/);
    expectRejected(invoiceWith(plus(field('f', [17, ...bytesToWords(new Uint8Array(21))]))), 'invalid_value', /P2PKH hash must be 20 bytes, not 21/);
    expectRejected(invoiceWith(plus(field('f', [0, ...bytesToWords(new Uint8Array(21))]))), 'invalid_value', /witness v0 program must be 20 or 32 bytes/);
    expectRejected(invoiceWith(plus(field('f', [1, ...bytesToWords(new Uint8Array(41))]))), 'invalid_value', /witness v1 program must be 2 to 40 bytes/);
  });

  it('gives fallback addresses in the invoice network\'s address format (checked with @scure/btc-signer)', () => {
    const hash = new Uint8Array(20).fill(7);
    const invoice = decodeInvoice(invoiceWith(plus(field('f', [18, ...bytesToWords(hash)]), field('f', [0, ...bytesToWords(hash)])), 'lnbcrt'));
    expect(invoice.network).toBe(NETWORKS.regtest);
    const regtest = { ...TEST_NETWORK, bech32: NETWORKS.regtest.bech32 };
    expect(invoice.fallbackAddresses.map((f) => f.address)).toEqual([
      Address(regtest).encode({ type: 'sh', hash }),
      Address(regtest).encode({ type: 'wpkh', hash }),
    ]);
  });
});

describe('signature', () => {
  const payee = bytesToWords(publicKey(key));

  it('with an n field, verifies against it instead of recovering', () => {
    const invoice = decodeInvoice(invoiceWith(plus(field('n', payee))));
    expect(invoice.payeeNodeId).toEqual(publicKey(key));
  });

  it('with an n field, rejects a signature by another key', () => {
    expectRejected(invoiceWith(plus(field('n', bytesToWords(publicKey(otherKey))))), 'invalid_signature', /signature does not match payee \(n field\)/);
  });

  it('rejects an n field that is not a public key', () => {
    expectRejected(invoiceWith(plus(field('n', zeros(53)))), 'invalid_point', /payee node id \(n field\) is not a valid public key/);
  });

  it('accepts high-S only without an n field', () => {
    for (const [withPayee, accepted] of [[false, true], [true, false]] as const) {
      const invoice = invoiceWith(withPayee ? plus(field('n', payee)) : (f) => f);
      const signature = decodeInvoice(invoice).signature;
      const sig = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact');
      const highS = new Uint8Array(65);
      highS.set(new secp256k1.Signature(sig.r, secp256k1.Point.Fn.neg(sig.s)).toBytes('compact'));
      highS[64] = signature[64]! ^ 1; // negating s mirrors R, so the same key is recovered with the other parity
      const tampered = withSignature(invoice, highS);
      if (accepted) expect(decodeInvoice(tampered).payeeNodeId).toEqual(publicKey(key));
      else expectRejected(tampered, 'invalid_signature', /high-S/);
    }
  });

  it('rejects a recovery id above 3 and out-of-range r or s', () => {
    const invoice = invoiceWith((f) => f);
    const signature = decodeInvoice(invoice).signature.slice();
    signature[64] = 4;
    expectRejected(withSignature(invoice, signature), 'invalid_signature', /recovery id 4 is not 0-3/);
    expectRejected(withSignature(invoice, new Uint8Array(65)), 'invalid_signature', /r or s is out of range/);
  });

  it('recovers a different payee when anything signed changes', () => {
    const invoice = invoiceWith((f) => f);
    const { hrp, words } = decodeBech32(invoice);
    const changed = words.slice();
    changed[3] = changed[3]! ^ 1; // the timestamp
    expect(decodeInvoice(encodeBech32(hrp, changed)).payeeNodeId).not.toEqual(publicKey(key));
  });
});

describe('matchesDescriptionHash', () => {
  it('checks a description against the h field', () => {
    const hashed = decodeInvoice(invoiceWith((f) => [...without(TAG.description)(f), field('h', bytesToWords(sha256(new TextEncoder().encode('a cake'))))]));
    expect(matchesDescriptionHash(hashed, 'a cake')).toBe(true);
    expect(matchesDescriptionHash(hashed, 'a pie')).toBe(false);
    expect(matchesDescriptionHash(decodeInvoice(invoiceWith((f) => f)), 'test')).toBe(false);
  });
});

describe('isExpired', () => {
  it('is expired from timestamp + expiry on', () => {
    const invoice = decodeInvoice(invoiceWith(plus(field('x', [1, 2]))));
    expect(isExpired(invoice, invoice.expiresAt - 1)).toBe(false);
    expect(isExpired(invoice, invoice.expiresAt)).toBe(true);
  });
});

/** A 9 field for a set of bits, built with FeatureVector's own byte encoding. */
function bytesToWordsOfBits(bits: number[]): Uint8Array {
  const bytes = FeatureVector.fromBits(bits).toBytes();
  // Re-chunk the big-endian bit string from bytes into 5-bit words, dropping leading zero words.
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const words: number[] = [];
  for (; value > 0n; value >>= 5n) words.unshift(Number(value & 31n));
  return Uint8Array.from(words);
}
