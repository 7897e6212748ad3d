import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKey, sha256 } from '../crypto/index.ts';
import { FeatureVector, type FeatureName, type FeatureSupport } from '../features/features.ts';
import { NETWORKS } from '../networks.ts';
import {
  decodeInvoice,
  DEFAULT_EXPIRY_SECONDS,
  DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA,
  encodeInvoice,
  signInvoice,
  TAG,
  taggedFields,
  type InvoiceFields,
  type RouteHop,
} from './index.ts';

const key = sha256(new TextEncoder().encode('bolt11 encode test key'));
const U64_MAX = (1n << 64n) - 1n;

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const u16 = fc.nat(0xffff);
const u32 = fc.tuple(u16, u16).map(([hi, lo]) => hi * 0x10000 + lo);
const nodeIds = [1, 2, 3].map((i) => publicKey(sha256(Uint8Array.of(i))));

const hop: fc.Arbitrary<RouteHop> = fc.record({
  pubkey: fc.constantFrom(...nodeIds),
  shortChannelId: fc.record({ block: fc.nat(0xffffff), txIndex: fc.nat(0xffffff), outputIndex: u16 }),
  feeBaseMsat: u32,
  feeProportionalMillionths: u32,
  cltvExpiryDelta: u16,
});
const fallback = fc.oneof(
  fc.record({ version: fc.constantFrom(17, 18), program: bytes(20) }),
  fc.record({ version: fc.constant(0), program: fc.oneof(bytes(20), bytes(32)) }),
  fc.record({ version: fc.integer({ min: 1, max: 16 }), program: fc.uint8Array({ minLength: 2, maxLength: 40 }) }),
);
const support = fc.constantFrom<FeatureSupport | undefined>(undefined, 'optional', 'required');
const features = fc
  .tuple(
    fc.record({ var_onion_optin: support, payment_secret: support, basic_mpp: support, option_payment_metadata: support, option_route_blinding: support }),
    fc.uniqueArray(fc.integer({ min: 50, max: 300 }).map((n) => 2 * n + 1), { maxLength: 3 }), // odd bits BOLT 9 does not define
  )
  .map(([named, unknownOdd]) => {
    const chosen = Object.fromEntries(Object.entries(named).filter(([, s]) => s !== undefined)) as Partial<Record<FeatureName, FeatureSupport>>;
    if (chosen.basic_mpp && !chosen.payment_secret) chosen.payment_secret = 'optional';
    return FeatureVector.of(chosen).union(FeatureVector.fromBits(unknownOdd));
  });
const description = fc.oneof(
  fc.record({ description: fc.string({ unit: 'grapheme', maxLength: 40 }) }),
  fc.record({ descriptionHash: bytes(32) }),
);
/** testnet4 is left out: it shares "lntb" with testnet, so its invoices read back as testnet. */
const networks = Object.values(NETWORKS).filter((n) => n.name !== 'testnet4');

const invoiceFields: fc.Arbitrary<InvoiceFields> = fc
  .tuple(
    fc.record({
      network: fc.constantFrom(...networks),
      amountMsat: fc.option(fc.bigInt({ min: 1n, max: U64_MAX }), { nil: undefined }),
      timestamp: fc.integer({ min: 0, max: 2 ** 35 - 1 }),
      paymentHash: bytes(32),
      paymentSecret: bytes(32),
      expiry: fc.option(fc.integer({ min: 0, max: 2 ** 50 - 1 }), { nil: undefined }),
      minFinalCltvExpiryDelta: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
      fallbackAddresses: fc.array(fallback, { maxLength: 3 }),
      routeHints: fc.array(fc.array(hop, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
      features,
      metadata: fc.option(fc.uint8Array({ maxLength: 80 }), { nil: undefined }),
    }),
    description,
  )
  .map(([fields, d]) => ({ ...fields, ...d }));

describe('encodeInvoice', () => {
  it('round-trips every field through decodeInvoice, signed by the given key', () => {
    fc.assert(
      fc.property(invoiceFields, (fields) => {
        const invoice = decodeInvoice(encodeInvoice(fields, key));
        const expiry = fields.expiry ?? DEFAULT_EXPIRY_SECONDS;
        expect(invoice).toMatchObject({
          network: fields.network,
          amountMsat: fields.amountMsat,
          timestamp: fields.timestamp,
          paymentHash: fields.paymentHash,
          paymentSecret: fields.paymentSecret,
          description: fields.description,
          descriptionHash: fields.descriptionHash,
          expiry,
          expiresAt: fields.timestamp + expiry,
          minFinalCltvExpiryDelta: fields.minFinalCltvExpiryDelta ?? DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA,
          routeHints: fields.routeHints,
          metadata: fields.metadata,
          payeeNodeId: publicKey(key),
        });
        expect(invoice.fallbackAddresses.map(({ version, program }) => ({ version, program }))).toEqual(fields.fallbackAddresses);
        expect(invoice.features.bits()).toEqual(fields.features!.bits());
      }),
      { numRuns: 300 },
    );
  });

  it('writes lower case, leaves out a default x but always writes c', () => {
    const base: InvoiceFields = { network: NETWORKS.mainnet, timestamp: 1, paymentHash: new Uint8Array(32), paymentSecret: new Uint8Array(32), description: '' };
    const plain = encodeInvoice(base, key);
    expect(plain).toBe(plain.toLowerCase());
    expect(encodeInvoice({ ...base, expiry: DEFAULT_EXPIRY_SECONDS, minFinalCltvExpiryDelta: DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA }, key)).toBe(plain);
    expect(taggedFields(base).map((f) => f.type)).toEqual([TAG.paymentSecret, TAG.paymentHash, TAG.description, TAG.minFinalCltvExpiryDelta]);
  });

  it('refuses fields an invoice cannot carry, with a RangeError', () => {
    const base: InvoiceFields = { network: NETWORKS.mainnet, timestamp: 1, paymentHash: new Uint8Array(32), paymentSecret: new Uint8Array(32), description: 'x' };
    const bad: [string, InvoiceFields][] = [
      ['both descriptions', { ...base, descriptionHash: new Uint8Array(32) }],
      ['no description', { ...base, description: undefined }],
      ['short payment hash', { ...base, paymentHash: new Uint8Array(31) }],
      ['description over 639 bytes', { ...base, description: 'a'.repeat(640) }],
      ['metadata over 639 bytes', { ...base, metadata: new Uint8Array(640) }],
      ['timestamp over 35 bits', { ...base, timestamp: 2 ** 35 }],
      ['negative expiry', { ...base, expiry: -1 }],
      ['fractional cltv delta', { ...base, minFinalCltvExpiryDelta: 1.5 }],
      ['unknown required feature', { ...base, features: FeatureVector.fromBits([100]) }],
      ['basic_mpp without payment_secret', { ...base, features: FeatureVector.of({ basic_mpp: 'optional' }) }],
      ['empty route hint', { ...base, routeHints: [[]] }],
      ['invalid hop node id', { ...base, routeHints: [[{ pubkey: new Uint8Array(33), shortChannelId: { block: 1, txIndex: 1, outputIndex: 1 }, feeBaseMsat: 0, feeProportionalMillionths: 0, cltvExpiryDelta: 0 }]] }],
      ['13 hops in one r field', { ...base, routeHints: [new Array(13).fill({ pubkey: nodeIds[0]!, shortChannelId: { block: 1, txIndex: 1, outputIndex: 1 }, feeBaseMsat: 0, feeProportionalMillionths: 0, cltvExpiryDelta: 0 })] }],
      ['P2PKH hash of 21 bytes', { ...base, fallbackAddresses: [{ version: 17, program: new Uint8Array(21) }] }],
      ['fallback version 19', { ...base, fallbackAddresses: [{ version: 19, program: new Uint8Array(20) }] }],
      ['zero amount', { ...base, amountMsat: 0n }],
    ];
    for (const [what, fields] of bad) expect(() => encodeInvoice(fields, key), what).toThrow(RangeError);
    const fields = taggedFields(base);
    expect(() => signInvoice('LNBC', 1, fields, key)).toThrow(RangeError);
    expect(() => signInvoice('lnbc', 1, [...fields, { type: 32, words: new Uint8Array(0) }], key)).toThrow(RangeError);
    expect(() => signInvoice('lnbc', 1, [...fields, { type: 1, words: Uint8Array.of(32) }], key)).toThrow(RangeError);
    expect(() => signInvoice('lnbc', 1, [...fields, { type: 1, words: new Uint8Array(1024) }], key)).toThrow(RangeError);
    expect(() => encodeInvoice({ ...base, description: 'a'.repeat(639), metadata: new Uint8Array(639) }, key)).not.toThrow();
  });
});
