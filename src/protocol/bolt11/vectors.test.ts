import { bech32 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.ts';
import { formatScid } from '../codec/codec.ts';
import { equal, fromHex, hex } from '../codec/bytes.ts';
import { DecodeError, type DecodeErrorCode } from '../codec/errors.ts';
import { publicKey, secp256k1, sha256 } from '../crypto/index.ts';
import { CHARSET, decodeBech32 } from './bech32.ts';
import {
  DEFAULT_EXPIRY_SECONDS,
  DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA,
  decodeInvoice,
  encodeInvoice,
  formatHrp,
  signInvoice,
  TAG,
  taggedFields,
  TIMESTAMP_WORDS,
  type Invoice,
  type TaggedField,
} from './index.ts';
import { signingData, SIGNATURE_WORDS } from './signature.ts';

interface Hop {
  pubkey: string;
  short_channel_id: string;
  fee_base_msat: number;
  fee_proportional_millionths: number;
  cltv_expiry_delta: number;
}
interface ValidVector {
  title: string;
  invoice: string;
  expected: {
    currency_prefix: string;
    amount_as_written: string | null;
    amount_msat: string | null;
    timestamp: number;
    payment_hash: string;
    payment_secret: string;
    description?: string;
    description_hash?: string;
    expiry?: number;
    min_final_cltv_expiry_delta?: number;
    fallback_addresses?: { version: number; program: string; address: string }[];
    route_hints?: Hop[][];
    features: number[];
    payment_metadata?: string;
    payee_node_id: string;
    signature_high_s: boolean;
  };
  signature: { signature_rs: string; recovery_flag: number; signing_data: string; sha256: string };
  fields_that_must_be_ignored?: { field: string; data_length: number }[];
}
interface Vectors {
  signing_priv_key: string;
  valid: ValidVector[];
  invalid: { title: string; invoice: string }[];
}

const vectors = loadVectors<Vectors>('bolt11-invoices.json');
const signingKey = fromHex(vectors.signing_priv_key);

/** What each invalid example's title says is wrong, as our error code and the words our message must contain. */
const invalidReasons: Record<string, [DecodeErrorCode, RegExp]> = {
  'Same, but adding invalid unknown feature 100': ['invalid_feature', /unknown feature bit 100\b/],
  'Bech32 checksum is invalid.': ['invalid_checksum', /invalid bech32 checksum/],
  'Malformed bech32 string (no 1)': ['invalid_encoding', /malformed bech32: no separator "1"/],
  'Malformed bech32 string (mixed case)': ['invalid_encoding', /malformed bech32: mixed case/],
  'Signature is not recoverable.': ['invalid_signature', /signature is not recoverable/],
  'String is too short.': ['truncated', /too short/],
  'Invalid multiplier': ['invalid_value', /invalid amount multiplier "x"/],
  'Invalid sub-millisatoshi precision.': ['invalid_value', /sub-millisatoshi precision/],
  'Missing required `s` field.': ['missing_field', /missing payment secret \(s field\)/],
  "Non canonical signature (high-S) with 'n' field defined": ['invalid_signature', /high-S.*n field must be low-S/],
};

/** The vector's own tagged fields, split with @scure/base's bech32 rather than our decoder. */
function vectorFields(invoice: string): { hrp: string; timestamp: number; fields: TaggedField[] } {
  const { prefix, words } = bech32.decode(invoice.toLowerCase() as `${string}1${string}`, false);
  const fields: TaggedField[] = [];
  let timestamp = 0;
  for (let i = 0; i < TIMESTAMP_WORDS; i++) timestamp = timestamp * 32 + words[i]!;
  for (let pos = TIMESTAMP_WORDS; pos < words.length - SIGNATURE_WORDS; ) {
    const length = words[pos + 1]! * 32 + words[pos + 2]!;
    fields.push({ type: words[pos]!, words: Uint8Array.from(words.slice(pos + 3, pos + 3 + length)) });
    pos += 3 + length;
  }
  return { hrp: prefix, timestamp, fields };
}

/**
 * Our encoding of the decoded invoice's fields, put in the vector's field order. Fields of the vector
 * that we do not produce are the ones a reader must skip: they are carried over verbatim and returned.
 * Most examples rely on the default c; we always write c (a writer SHOULD), so then it is left out here.
 */
function inVectorOrder(decoded: Invoice, vectorOrder: TaggedField[]): { ordered: TaggedField[]; ours: TaggedField[]; skipped: TaggedField[] } {
  const vectorHasC = vectorOrder.some((f) => f.type === TAG.minFinalCltvExpiryDelta);
  const ours = taggedFields(decoded).filter((f) => vectorHasC || f.type !== TAG.minFinalCltvExpiryDelta);
  const skipped: TaggedField[] = [];
  const ordered = vectorOrder.map((field) => {
    const i = ours.findIndex((o) => o.type === field.type && equal(o.words, field.words));
    if (i >= 0) return ours.splice(i, 1)[0]!;
    skipped.push(field);
    return field;
  });
  return { ordered, ours, skipped };
}

const describeField = (f: { field: string; data_length: number }): string => `${f.field}${f.data_length}`;

describe('BOLT 11 valid examples', () => {
  it.each(vectors.valid.map((v) => [v.title, v] as const))('%s: decodes every stated field', (_title, v) => {
    const e = v.expected;
    const invoice = decodeInvoice(v.invoice);
    expect(`ln${invoice.network.bolt11}`).toBe(e.currency_prefix);
    expect(invoice.amountMsat).toBe(e.amount_msat === null ? undefined : BigInt(e.amount_msat));
    expect(formatHrp(invoice.network, invoice.amountMsat)).toBe(e.currency_prefix + (e.amount_as_written ?? ''));
    expect(invoice.timestamp).toBe(e.timestamp);
    expect(hex(invoice.paymentHash)).toBe(e.payment_hash);
    expect(hex(invoice.paymentSecret)).toBe(e.payment_secret);
    expect(invoice.description).toBe(e.description);
    expect(invoice.descriptionHash && hex(invoice.descriptionHash)).toBe(e.description_hash);
    expect(invoice.expiry).toBe(e.expiry ?? DEFAULT_EXPIRY_SECONDS);
    expect(invoice.expiresAt).toBe(e.timestamp + (e.expiry ?? DEFAULT_EXPIRY_SECONDS));
    expect(invoice.minFinalCltvExpiryDelta).toBe(e.min_final_cltv_expiry_delta ?? DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA);
    expect(invoice.fallbackAddresses.map((f) => ({ version: f.version, program: hex(f.program), address: f.address }))).toEqual(
      e.fallback_addresses ?? [],
    );
    expect(
      invoice.routeHints.map((route) =>
        route.map((hop) => ({
          pubkey: hex(hop.pubkey),
          short_channel_id: formatScid(hop.shortChannelId),
          fee_base_msat: hop.feeBaseMsat,
          fee_proportional_millionths: hop.feeProportionalMillionths,
          cltv_expiry_delta: hop.cltvExpiryDelta,
        })),
      ),
    ).toEqual(e.route_hints ?? []);
    expect(invoice.features.bits()).toEqual(e.features);
    expect(invoice.metadata && hex(invoice.metadata)).toBe(e.payment_metadata);
    expect(hex(invoice.payeeNodeId)).toBe(e.payee_node_id);
    expect(hex(invoice.signature)).toBe(v.signature.signature_rs + hex(Uint8Array.of(v.signature.recovery_flag)));
    expect(secp256k1.Signature.fromBytes(invoice.signature.subarray(0, 64), 'compact').hasHighS()).toBe(e.signature_high_s);
  });

  it.each(vectors.valid.map((v) => [v.title, v] as const))('%s: signing data and its hash', (_title, v) => {
    const { hrp, words } = decodeBech32(v.invoice);
    const data = signingData(hrp, words, words.length - SIGNATURE_WORDS);
    expect(hex(data)).toBe(v.signature.signing_data);
    expect(hex(sha256(data))).toBe(v.signature.sha256);
  });

  const lowS = vectors.valid.filter((v) => !v.expected.signature_high_s);
  it.each(lowS.map((v) => [v.title, v] as const))('%s: re-encodes to the exact invoice in the example\'s field order', (_title, v) => {
    const decoded = decodeInvoice(v.invoice);
    const { hrp, timestamp, fields } = vectorFields(v.invoice);
    const { ordered, ours, skipped } = inVectorOrder(decoded, fields);
    expect(ours).toEqual([]);
    expect(skipped.map((f) => `${CHARSET[f.type]}${f.words.length}`).sort()).toEqual((v.fields_that_must_be_ignored ?? []).map(describeField).sort());
    expect(signInvoice(hrp, timestamp, ordered, signingKey)).toBe(v.invoice.toLowerCase());
  });

  it.each(vectors.valid.map((v) => [v.title, v] as const))('%s: encodeInvoice round-trips the decoded fields', (_title, v) => {
    const decoded = decodeInvoice(v.invoice);
    const again = decodeInvoice(encodeInvoice(decoded, signingKey));
    expect({ ...again, signature: undefined, payeeNodeId: undefined }).toEqual({ ...decoded, signature: undefined, payeeNodeId: undefined });
    expect(again.payeeNodeId).toEqual(publicKey(signingKey));
  });

  it('the high-S example is the low-S signature of the same invoice with s negated', () => {
    const highS = vectors.valid.filter((v) => v.expected.signature_high_s);
    expect(highS.length).toBeGreaterThan(0);
    for (const v of highS) {
      const decoded = decodeInvoice(v.invoice);
      const { hrp, timestamp, fields } = vectorFields(v.invoice);
      const resigned = decodeInvoice(signInvoice(hrp, timestamp, inVectorOrder(decoded, fields).ordered, signingKey));
      const n = secp256k1.Point.Fn.ORDER;
      const s = (sig: Uint8Array): bigint => BigInt(`0x${hex(sig.subarray(32, 64))}`);
      expect(resigned.signature.subarray(0, 32)).toEqual(decoded.signature.subarray(0, 32));
      expect(s(resigned.signature) + s(decoded.signature)).toBe(n);
      expect(resigned.payeeNodeId).toEqual(publicKey(signingKey));
      expect(decoded.payeeNodeId).not.toEqual(resigned.payeeNodeId);
    }
  });
});

describe('BOLT 11 invalid examples', () => {
  it('every invalid example has a stated reason to check', () => {
    expect(vectors.invalid.map((v) => v.title).sort()).toEqual(Object.keys(invalidReasons).sort());
  });

  it.each(vectors.invalid.map((v) => [v.title, v] as const))('rejects: %s', (title, v) => {
    const [code, message] = invalidReasons[title]!;
    let error: unknown;
    try {
      decodeInvoice(v.invoice);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).code).toBe(code);
    expect((error as DecodeError).message).toMatch(message);
  });
});
