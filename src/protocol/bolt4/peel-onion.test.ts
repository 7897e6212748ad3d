import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { encodeBigSize, readBigSize } from '../codec/bigsize.ts';
import { concat, fromHex, hex, xor } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { scidToBigInt } from '../codec/codec.ts';
import { Reader } from '../codec/reader.ts';
import { readTlvRecords } from '../codec/tlv.ts';
import { chachaStream, hmacSha256, publicKey, secp256k1, sha256 } from '../crypto/index.ts';
import { createOnion } from './create-onion.ts';
import { encodeHopPayload } from './hop-payload.ts';
import { deriveOnionKey } from './keys.ts';
import { OnionFailureError } from './onion-failure-error.ts';
import { HOP_PAYLOADS_LENGTH, ONION_PACKET_LENGTH, serializeOnion } from './onion-packet.ts';
import { onionSharedSecret, peelOnion, peelOnionWithSharedSecret, type PeeledOnion } from './peel-onion.ts';

interface OnionVectors {
  generate: { session_key: string; associated_data: string; hops: { pubkey: string; payload: string }[] };
  onion: string;
  decode: string[];
}
interface OnionErrorVectors {
  generate: { hops: { hop_shared_secret: string }[] };
}

const vectors = loadVectors<OnionVectors>('onion-test.json');
const errorVectors = loadVectors<OnionErrorVectors>('onion-error-test.json');
const onion = fromHex(vectors.onion);
const ad = fromHex(vectors.generate.associated_data);
const nodeSecrets = vectors.decode.map(fromHex);

/** The vectors write payloads with their BigSize length prefix. */
function prefixedHex(payload: Uint8Array): string {
  return hex(concat(encodeBigSize(payload.length), payload));
}

/** Every onion along the vector route, as each hop receives it. */
function peelAll(): PeeledOnion[] {
  const peeled: PeeledOnion[] = [];
  let current = onion;
  for (const secret of nodeSecrets) {
    const result = peelOnion(secret, current, ad);
    peeled.push(result);
    if (result.type === 'forward') current = result.nextOnion;
  }
  return peeled;
}

function rejection(peel: () => unknown): OnionFailureError {
  try {
    peel();
  } catch (e) {
    if (e instanceof OnionFailureError) return e;
    throw e;
  }
  throw new Error('expected the onion to be rejected');
}

/** Builds an onion whose decrypted hop_payloads are exactly `plaintext`, with a valid HMAC for `sharedSecret`. */
function sealed(sharedSecret: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const hopPayloads = xor(plaintext, chachaStream(deriveOnionKey('rho', sharedSecret), HOP_PAYLOADS_LENGTH));
  const hmac = hmacSha256(deriveOnionKey('mu', sharedSecret), concat(hopPayloads, ad));
  return serializeOnion(onion.slice(1, 34), hopPayloads, hmac);
}

function plaintextStartingWith(prefix: Uint8Array): Uint8Array {
  const plaintext = new Uint8Array(HOP_PAYLOADS_LENGTH);
  plaintext.set(prefix);
  return plaintext;
}

/**
 * Decrypted hop_payloads starting with an arbitrary entry (length || payload). The next HMAC the
 * entry declares is zeroed, so a successful peel ends as a final hop instead of spending
 * milliseconds on the next ephemeral key (the vector test covers forwarding).
 */
function finalHopPlaintext(entry: Uint8Array): Uint8Array {
  const plaintext = plaintextStartingWith(entry.subarray(0, HOP_PAYLOADS_LENGTH));
  const r = new Reader(plaintext);
  try {
    const end = Number(readBigSize(r)) + r.offset;
    if (end < HOP_PAYLOADS_LENGTH) plaintext.fill(0, end, end + 32);
  } catch {
    // a malformed length: the peel must reject it
  }
  return plaintext;
}

describe('onion peeling (onion-test.json)', () => {
  it('the decode keys are the route’s node keys', () => {
    expect(nodeSecrets.map((s) => hex(publicKey(s)))).toEqual(vectors.generate.hops.map((h) => h.pubkey));
  });

  it('peels the onion hop by hop, recovering every payload and shared secret', () => {
    const peeled = peelAll();
    expect(peeled.map((p) => p.type)).toEqual(['forward', 'forward', 'forward', 'forward', 'final']);
    expect(peeled.map((p) => prefixedHex(encodeHopPayload(p.payload)))).toEqual(vectors.generate.hops.map((h) => h.payload));
    expect(peeled.map((p) => hex(p.sharedSecret))).toEqual(errorVectors.generate.hops.map((h) => h.hop_shared_secret));
  });

  it('decodes the typed fields of the payloads', () => {
    /** The vector's payload of hop `i` as raw TLV records, read without the hop payload codec. */
    const rawRecords = (i: number) => {
      const r = new Reader(fromHex(vectors.generate.hops[i]!.payload));
      readBigSize(r);
      return new Map(readTlvRecords(r).map((record) => [record.type, record.value]));
    };
    const number = (bytes: Uint8Array | undefined) => BigInt(`0x${hex(bytes!) || '0'}`);
    const [first, , , , last] = peelAll();
    const firstRaw = rawRecords(0);
    expect(first!.payload.amtToForward).toBe(number(firstRaw.get(2n)));
    expect(BigInt(first!.payload.outgoingCltvValue!)).toBe(number(firstRaw.get(4n)));
    expect(scidToBigInt(first!.payload.shortChannelId!)).toBe(number(firstRaw.get(6n)));
    const paymentData = rawRecords(4).get(8n)!;
    expect(hex(last!.payload.paymentData!.paymentSecret)).toBe(hex(paymentData.subarray(0, 32)));
    expect(last!.payload.paymentData!.totalMsat).toBe(number(paymentData.subarray(32)));
  });

  it('forwards a full-size onion with a fresh ephemeral key', () => {
    const [first] = peelAll();
    if (first!.type !== 'forward') throw new Error('hop 0 forwards');
    expect(first!.nextOnion).toHaveLength(ONION_PACKET_LENGTH);
    expect(hex(first!.nextOnion.subarray(1, 34))).not.toBe(hex(onion.subarray(1, 34)));
  });
});

describe('onion rejection', () => {
  const secret = nodeSecrets[0]!;

  it('an unknown version is invalid_onion_version, carrying sha256_of_onion', () => {
    const bad = onion.slice();
    bad[0] = 1;
    const e = rejection(() => peelOnion(secret, bad, ad));
    expect(e.failure.type).toBe('invalid_onion_version');
    expect(e.failure).toMatchObject({ sha256OfOnion: sha256(bad) });
    expect(e.sharedSecret).toBeUndefined();
  });

  it('an ephemeral key that is not a point is invalid_onion_key', () => {
    const bad = onion.slice();
    bad[1] = 0x04;
    expect(rejection(() => peelOnion(secret, bad, ad)).failure.type).toBe('invalid_onion_key');
  });

  it('tampering, other associated data or another node key is invalid_onion_hmac', () => {
    const tampered = onion.slice();
    tampered[500]! ^= 1;
    expect(rejection(() => peelOnion(secret, tampered, ad)).failure.type).toBe('invalid_onion_hmac');
    expect(rejection(() => peelOnion(secret, onion, new Uint8Array(32))).failure.type).toBe('invalid_onion_hmac');
    expect(rejection(() => peelOnion(nodeSecrets[1]!, onion, ad)).failure.type).toBe('invalid_onion_hmac');
  });

  it('an onion of the wrong size is a plain DecodeError', () => {
    expect(() => peelOnion(secret, onion.subarray(1), ad)).toThrow(DecodeError);
    expect(() => peelOnion(secret, concat(onion, new Uint8Array(1)), ad)).toThrow(/1366 bytes/);
  });

  it('an authenticated payload that does not decode is invalid_onion_payload, with the shared secret to encrypt it', () => {
    const sessionKey = fromHex(vectors.generate.session_key);
    const nodeId = fromHex(vectors.generate.hops[0]!.pubkey);
    const { onion: built, hopSecrets } = createOnion(sessionKey, [{ nodeId, payload: Uint8Array.of(0, 0) }], ad);
    const e = rejection(() => peelOnion(secret, built, ad));
    expect(e.failure.type).toBe('invalid_onion_payload');
    expect(e.message).toMatch(/unknown even tlv type 0/);
    expect(hex(e.sharedSecret!)).toBe(hex(hopSecrets[0]!.sharedSecret));
  });

  it.each([
    ['length 0 (legacy)', Uint8Array.of(0)],
    ['length 1 (reserved)', Uint8Array.of(1, 0)],
    ['a length leaving no room for the HMAC', encodeBigSize(HOP_PAYLOADS_LENGTH - 3 - 31)],
    ['a non-minimal length', Uint8Array.of(0xfd, 0, 2, 2, 0)],
  ])('rejects %s as invalid_onion_payload', (_name, prefix) => {
    const sharedSecret = onionSharedSecret(secret, onion);
    const e = rejection(() => peelOnionWithSharedSecret(sharedSecret, sealed(sharedSecret, plaintextStartingWith(prefix)), ad));
    expect(e.failure.type).toBe('invalid_onion_payload');
  });

  it('accepts a payload that exactly fills the onion', () => {
    const sharedSecret = onionSharedSecret(secret, onion);
    const length = HOP_PAYLOADS_LENGTH - 3 - 32;
    const payload = concat(Uint8Array.of(1), encodeBigSize(length - 4), new Uint8Array(length - 4));
    const result = peelOnionWithSharedSecret(sharedSecret, sealed(sharedSecret, plaintextStartingWith(concat(encodeBigSize(length), payload))), ad);
    expect(result.type).toBe('final');
    expect(result.payload.unknownOdd?.[0]?.value).toHaveLength(length - 4);
  });
});

/** Arbitrary bytes of a given length, stretched from a short random seed (fast-check is slow at generating long arrays). */
function arbitraryBytes(length: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ minLength: 32, maxLength: 32 }).map((seed) => chachaStream(seed, length));
}

describe('onion round trip', () => {
  it('every hop of a random route peels exactly the payload the sender put there', () => {
    const secretKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp256k1.utils.isValidSecretKey(k));
    const payload = fc
      .record({
        amtToForward: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        outgoingCltvValue: fc.nat({ max: 0xffffffff }),
        paymentMetadata: fc.uint8Array({ maxLength: 200 }),
      })
      .map(encodeHopPayload);
    const route = fc.array(fc.tuple(secretKey, payload), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(secretKey, route, fc.uint8Array({ maxLength: 32 }), (sessionKey, hops, associatedData) => {
        const built = createOnion(
          sessionKey,
          hops.map(([secret, p]) => ({ nodeId: publicKey(secret), payload: p })),
          associatedData,
        );
        let current = built.onion;
        hops.forEach(([secret, p], i) => {
          const peeled = peelOnion(secret, current, associatedData);
          expect(hex(encodeHopPayload(peeled.payload))).toBe(hex(p));
          expect(hex(peeled.sharedSecret)).toBe(hex(built.hopSecrets[i]!.sharedSecret));
          expect(peeled.type).toBe(i === hops.length - 1 ? 'final' : 'forward');
          if (peeled.type === 'forward') current = peeled.nextOnion;
        });
      }),
      { numRuns: 20 },
    );
  });
});

describe('onion peeling fuzz', () => {
  const finalSecret = nodeSecrets[4]!;
  const finalOnion = (() => {
    const last = peelAll()[3]!;
    if (last.type !== 'forward') throw new Error('hop 3 forwards');
    return last.nextOnion;
  })();
  const sharedSecret = onionSharedSecret(finalSecret, finalOnion);

  it('arbitrary bytes: only DecodeError', () => {
    const shaped = fc
      .tuple(fc.constantFrom(0, 1, 0xff), fc.constantFrom(0, 2, 3, 4), arbitraryBytes(ONION_PACKET_LENGTH - 2))
      .map(([version, prefix, rest]) => concat(Uint8Array.of(version, prefix), rest));
    const bytes = fc.oneof({ arbitrary: fc.uint8Array({ maxLength: 80 }), weight: 3 }, { arbitrary: shaped, weight: 1 });
    assertOnlyDecodeErrors(bytes, (b) => peelOnion(finalSecret, b, ad));
  });

  // The final hop's onion: a valid peel stops there instead of paying for the next ephemeral key.
  it('mutated valid onions: only DecodeError or the final hop', () => {
    assertOnlyDecodeErrors(
      mutationsOf([finalOnion]),
      (bytes) => peelOnionWithSharedSecret(sharedSecret, bytes, ad),
      (peeled) => expect(prefixedHex(encodeHopPayload(peeled.payload))).toBe(vectors.generate.hops[4]!.payload),
    );
  });

  // Beyond the two 10,000-case fuzzers above: sealing and peeling a full onion per case is costly, hence fewer runs.
  it('authenticated onions with arbitrary contents: only invalid_onion_payload or the exact payload', () => {
    const entries = fc.oneof(fc.uint8Array({ maxLength: 64 }), mutationsOf(vectors.generate.hops.map((h) => fromHex(h.payload))));
    const plaintexts = entries.map(finalHopPlaintext);
    assertOnlyDecodeErrors(
      plaintexts,
      (plaintext) => {
        try {
          return peelOnionWithSharedSecret(sharedSecret, sealed(sharedSecret, plaintext), ad);
        } catch (e) {
          if (e instanceof OnionFailureError && e.failure.type === 'invalid_onion_payload') throw e;
          throw new Error('an authenticated onion may only fail as invalid_onion_payload', { cause: e });
        }
      },
      (peeled, plaintext) => {
        const r = new Reader(plaintext);
        const length = Number(readBigSize(r));
        expect(hex(encodeHopPayload(peeled.payload))).toBe(hex(r.bytes(length)));
      },
      2_000,
    );
  });
});
