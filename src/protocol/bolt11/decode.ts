import { isValidPoint } from '../codec/codec.ts';
import { fail } from '../codec/errors.ts';
import { FeatureVector } from '../features/features.ts';
import type { Network } from '../networks.ts';
import { CHARSET, decodeBech32 } from './bech32.ts';
import { featuresFromWords, invoiceFeatureProblem } from './features.ts';
import { fallbackAddress, fallbackProblem, MAX_KNOWN_FALLBACK_VERSION, type FallbackAddress } from './fallback.ts';
import { parseHrp } from './hrp.ts';
import { DEFAULT_EXPIRY_SECONDS, DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA, TAG, TIMESTAMP_WORDS, type Invoice } from './invoice.ts';
import { decodeRouteHint, type RouteHint } from './route-hints.ts';
import { recoverPayee, signatureDigest, SIGNATURE_WORDS, verifyPayee } from './signature.ts';
import { wordsToBytes, wordsToNumber } from './words.ts';

const HASH_WORDS = 52;
const PUBKEY_WORDS = 53;
/** Expiries of 2^50 seconds or more are refused so that timestamp + expiry stays an exact number. */
const MAX_EXPIRY_WORDS = 10;
const MAX_CLTV_EXPIRY_DELTA = 0xffffffff;
const MAX_CLTV_EXPIRY_DELTA_WORDS = 7;
const SCHEME = 'lightning:';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface TaggedFields {
  paymentHash?: Uint8Array;
  paymentSecret?: Uint8Array;
  description?: string;
  descriptionHash?: Uint8Array;
  payeeNodeId?: Uint8Array;
  expiry?: number;
  minFinalCltvExpiryDelta?: number;
  features?: FeatureVector;
  metadata?: Uint8Array;
  fallbackAddresses: FallbackAddress[];
  routeHints: RouteHint[];
}

/**
 * Decodes a BOLT 11 invoice (optionally after "lightning:") and checks its signature.
 * Throws DecodeError naming the problem for anything malformed.
 */
export function decodeInvoice(text: string): Invoice {
  const { hrp, words } = decodeBech32(withoutScheme(text));
  const { network, amountMsat } = parseHrp(hrp);
  const fieldsEnd = words.length - SIGNATURE_WORDS;
  if (fieldsEnd < TIMESTAMP_WORDS) {
    fail('truncated', `invoice too short: ${words.length} data words cannot hold a timestamp and a signature`);
  }
  const timestamp = wordsToNumber(words, 0, TIMESTAMP_WORDS);
  const fields = readTaggedFields(words, TIMESTAMP_WORDS, fieldsEnd, network);
  const { paymentHash, paymentSecret, description, descriptionHash } = fields;
  if (!paymentHash) fail('missing_field', 'missing payment hash (p field)');
  if (!paymentSecret) fail('missing_field', 'missing payment secret (s field)');
  if (description === undefined && !descriptionHash) fail('missing_field', 'missing description: neither a d nor an h field');
  if (description !== undefined && descriptionHash) fail('invalid_value', 'both a description (d) and a description hash (h)');

  const signature = wordsToBytes(words, fieldsEnd, SIGNATURE_WORDS, 'signature');
  const digest = signatureDigest(hrp, words, fieldsEnd);
  let payeeNodeId = fields.payeeNodeId;
  if (payeeNodeId) verifyPayee(digest, signature, payeeNodeId);
  else payeeNodeId = recoverPayee(digest, signature);

  const expiry = fields.expiry ?? DEFAULT_EXPIRY_SECONDS;
  return {
    network,
    amountMsat,
    timestamp,
    expiry,
    expiresAt: timestamp + expiry,
    paymentHash,
    paymentSecret,
    description,
    descriptionHash,
    payeeNodeId,
    minFinalCltvExpiryDelta: fields.minFinalCltvExpiryDelta ?? DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA,
    fallbackAddresses: fields.fallbackAddresses,
    routeHints: fields.routeHints,
    features: fields.features ?? FeatureVector.empty,
    metadata: fields.metadata,
    signature,
  };
}

function withoutScheme(text: string): string {
  if (text.length > SCHEME.length && text.charCodeAt(SCHEME.length - 1) === 58 && text.slice(0, SCHEME.length).toLowerCase() === SCHEME) {
    return text.slice(SCHEME.length);
  }
  return text;
}

/**
 * Reads the tagged fields in `words[start, end)`. Of single-valued fields the first one counts (the spec
 * asks writers to put the preferred one first). Unknown field types and f fields of an unknown version
 * are skipped, and so are p, h, s and n fields of the wrong length: the spec's example "fields which must
 * be ignored" (a valid invoice in the vectors) requires it, although the spec's requirement text now
 * says to fail. Without a valid p or s the invoice still fails.
 */
function readTaggedFields(words: Uint8Array, start: number, end: number, network: Network): TaggedFields {
  const fields: TaggedFields = { fallbackAddresses: [], routeHints: [] };
  let pos = start;
  while (pos < end) {
    if (end - pos < 3) fail('truncated', 'tagged field header runs into the signature');
    const type = words[pos]!;
    const length = words[pos + 1]! * 32 + words[pos + 2]!;
    const at = pos + 3;
    pos = at + length;
    if (pos > end) fail('truncated', `${CHARSET[type]} field of ${length} words runs into the signature`);
    switch (type) {
      case TAG.paymentHash:
        if (length === HASH_WORDS && !fields.paymentHash) fields.paymentHash = wordsToBytes(words, at, length, 'payment hash (p field)');
        break;
      case TAG.paymentSecret:
        if (length === HASH_WORDS && !fields.paymentSecret) fields.paymentSecret = wordsToBytes(words, at, length, 'payment secret (s field)');
        break;
      case TAG.descriptionHash:
        if (length === HASH_WORDS && !fields.descriptionHash) fields.descriptionHash = wordsToBytes(words, at, length, 'description hash (h field)');
        break;
      case TAG.payeeNodeId:
        if (length === PUBKEY_WORDS && !fields.payeeNodeId) fields.payeeNodeId = readPayee(words, at, length);
        break;
      case TAG.description:
        if (fields.description === undefined) fields.description = readDescription(words, at, length);
        break;
      case TAG.metadata:
        if (!fields.metadata) fields.metadata = wordsToBytes(words, at, length, 'payment metadata (m field)');
        break;
      case TAG.expiry:
        if (fields.expiry === undefined) fields.expiry = readNumber(words, at, length, 'expiry (x field)', MAX_EXPIRY_WORDS);
        break;
      case TAG.minFinalCltvExpiryDelta:
        if (fields.minFinalCltvExpiryDelta === undefined) fields.minFinalCltvExpiryDelta = readCltvDelta(words, at, length);
        break;
      case TAG.features:
        if (!fields.features) fields.features = readFeatures(words, at, length);
        break;
      case TAG.fallbackAddress: {
        const fallback = readFallback(words, at, length, network);
        if (fallback) fields.fallbackAddresses.push(fallback);
        break;
      }
      case TAG.routeHint:
        fields.routeHints.push(decodeRouteHint(wordsToBytes(words, at, length, 'route hint (r field)')));
        break;
    }
  }
  return fields;
}

function readPayee(words: Uint8Array, at: number, length: number): Uint8Array {
  const payee = wordsToBytes(words, at, length, 'payee node id (n field)');
  if (!isValidPoint(payee)) fail('invalid_point', 'payee node id (n field) is not a valid public key');
  return payee;
}

function readDescription(words: Uint8Array, at: number, length: number): string {
  const bytes = wordsToBytes(words, at, length, 'description (d field)');
  try {
    return utf8.decode(bytes);
  } catch {
    return fail('invalid_encoding', 'description (d field) is not valid UTF-8');
  }
}

/** A minimally encoded big-endian number; the spec says a leading zero word should invalidate the invoice. */
function readNumber(words: Uint8Array, at: number, length: number, what: string, maxWords: number): number {
  if (length > 0 && words[at] === 0) fail('invalid_value', `${what} is not minimally encoded (leading zero word)`);
  if (length > maxWords) fail('invalid_value', `${what} is too large`);
  return wordsToNumber(words, at, length);
}

function readCltvDelta(words: Uint8Array, at: number, length: number): number {
  const what = 'min_final_cltv_expiry_delta (c field)';
  const delta = readNumber(words, at, length, what, MAX_CLTV_EXPIRY_DELTA_WORDS);
  if (delta > MAX_CLTV_EXPIRY_DELTA) fail('invalid_value', `${what} is too large`);
  return delta;
}

function readFeatures(words: Uint8Array, at: number, length: number): FeatureVector {
  if (length > 0 && words[at] === 0) fail('invalid_value', 'features (9 field) are not minimally encoded (leading zero word)');
  const features = featuresFromWords(words, at, length);
  const problem = invoiceFeatureProblem(features);
  if (problem) fail('invalid_feature', problem);
  return features;
}

function readFallback(words: Uint8Array, at: number, length: number, network: Network): FallbackAddress | undefined {
  if (length === 0) fail('invalid_value', 'fallback address (f field) has no version');
  const version = words[at]!;
  if (version > MAX_KNOWN_FALLBACK_VERSION) return undefined;
  const fallback = { version, program: wordsToBytes(words, at + 1, length - 1, 'fallback address (f field)') };
  const problem = fallbackProblem(fallback);
  if (problem) fail('invalid_value', problem);
  return fallbackAddress(network, fallback);
}
