import { encodeBech32 } from './bech32.ts';
import { fallbackProblem } from './fallback.ts';
import { featuresToWords, invoiceFeatureProblem } from './features.ts';
import { formatHrp } from './hrp.ts';
import { DEFAULT_EXPIRY_SECONDS, DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA, TAG, TIMESTAMP_WORDS, type InvoiceFields } from './invoice.ts';
import { encodeRouteHint, routeHintProblem } from './route-hints.ts';
import { signatureDigest, signDigest, SIGNATURE_WORDS } from './signature.ts';
import { bytesToWords, numberToWords } from './words.ts';

/** A tagged field ready to be written: its type and its data words. */
export interface TaggedField {
  type: number;
  words: Uint8Array;
}

const MAX_FIELD_WORDS = 1023;
const MAX_TIMESTAMP = 2 ** 35 - 1;
const MAX_EXPIRY = 2 ** 50 - 1;
const utf8 = new TextEncoder();

/**
 * The tagged fields of an invoice in this encoder's fixed order: s, p, d or h, x, c, f…, r…, 9, m.
 * x is left out when it is the default, 9 when no feature is set. c is always written, as the spec
 * says a writer should: payers from before its default became 18 would otherwise assume 9.
 * Throws RangeError for values an invoice cannot carry.
 */
export function taggedFields(fields: InvoiceFields): TaggedField[] {
  const out: TaggedField[] = [];
  const add = (type: number, words: Uint8Array, what: string): void => {
    if (words.length > MAX_FIELD_WORDS) throw new RangeError(`${what} is too long for an invoice field`);
    out.push({ type, words });
  };
  add(TAG.paymentSecret, hash32(fields.paymentSecret, 'payment secret'), 'payment secret');
  add(TAG.paymentHash, hash32(fields.paymentHash, 'payment hash'), 'payment hash');
  if ((fields.description === undefined) === (fields.descriptionHash === undefined)) {
    throw new RangeError('an invoice needs exactly one of description and descriptionHash');
  }
  if (fields.description !== undefined) add(TAG.description, bytesToWords(utf8.encode(fields.description)), 'description');
  if (fields.descriptionHash) add(TAG.descriptionHash, hash32(fields.descriptionHash, 'description hash'), 'description hash');
  const { expiry = DEFAULT_EXPIRY_SECONDS, minFinalCltvExpiryDelta = DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA } = fields;
  if (!isUint(expiry, MAX_EXPIRY)) throw new RangeError(`invalid expiry ${expiry}`);
  if (expiry !== DEFAULT_EXPIRY_SECONDS) add(TAG.expiry, numberToWords(expiry), 'expiry');
  if (!isUint(minFinalCltvExpiryDelta, 0xffffffff)) throw new RangeError(`invalid min_final_cltv_expiry_delta ${minFinalCltvExpiryDelta}`);
  add(TAG.minFinalCltvExpiryDelta, numberToWords(minFinalCltvExpiryDelta), 'min_final_cltv_expiry_delta');
  for (const fallback of fields.fallbackAddresses ?? []) {
    const problem = fallbackProblem(fallback);
    if (problem) throw new RangeError(problem);
    add(TAG.fallbackAddress, Uint8Array.of(fallback.version, ...bytesToWords(fallback.program)), 'fallback address');
  }
  for (const route of fields.routeHints ?? []) {
    const problem = routeHintProblem(route);
    if (problem) throw new RangeError(problem);
    add(TAG.routeHint, bytesToWords(encodeRouteHint(route)), 'route hint');
  }
  if (fields.features) {
    const problem = invoiceFeatureProblem(fields.features);
    if (problem) throw new RangeError(problem);
    if (!fields.features.isEmpty) add(TAG.features, featuresToWords(fields.features), 'features');
  }
  if (fields.metadata) add(TAG.metadata, bytesToWords(fields.metadata), 'payment metadata');
  return out;
}

/** Signs the given fields, in the given order, and returns the lower-case invoice string. */
export function signInvoice(hrp: string, timestamp: number, fields: readonly TaggedField[], nodeSecret: Uint8Array): string {
  if (!isUint(timestamp, MAX_TIMESTAMP)) throw new RangeError(`invalid invoice timestamp ${timestamp}`);
  if (!/^[\x21-\x40\x5b-\x7e]+$/.test(hrp)) throw new RangeError(`invalid human-readable part ${JSON.stringify(hrp)}`);
  let length = TIMESTAMP_WORDS;
  for (const { type, words } of fields) {
    if (!isUint(type, 31) || words.length > MAX_FIELD_WORDS || words.some((w) => !isUint(w, 31))) {
      throw new RangeError(`invalid tagged field of type ${type}`);
    }
    length += 3 + words.length;
  }
  const words = new Uint8Array(length + SIGNATURE_WORDS);
  for (let i = TIMESTAMP_WORDS - 1, t = timestamp; i >= 0; i--, t = Math.floor(t / 32)) words[i] = t % 32;
  let pos = TIMESTAMP_WORDS;
  for (const { type, words: data } of fields) {
    words[pos] = type;
    words[pos + 1] = data.length >> 5;
    words[pos + 2] = data.length & 31;
    words.set(data, pos + 3);
    pos += 3 + data.length;
  }
  words.set(bytesToWords(signDigest(signatureDigest(hrp, words, length), nodeSecret)), length);
  return encodeBech32(hrp, words);
}

/** Builds and signs an invoice with the node's secret key; decodeInvoice of the result gives the same fields back. */
export function encodeInvoice(fields: InvoiceFields, nodeSecret: Uint8Array): string {
  return signInvoice(formatHrp(fields.network, fields.amountMsat), fields.timestamp, taggedFields(fields), nodeSecret);
}

function hash32(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== 32) throw new RangeError(`${what} must be 32 bytes, not ${bytes.length}`);
  return bytesToWords(bytes);
}

function isUint(n: number, max: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= max;
}
