import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.ts';
import { readBigSize } from '../codec/bigsize.ts';
import { fromHex, hex } from '../codec/bytes.ts';
import { Reader } from '../codec/reader.ts';
import { publicKey } from '../crypto/index.ts';
import { createOnion, type OnionHop } from './create-onion.ts';
import { sphinxKeySchedule } from './keys.ts';
import { HOP_PAYLOADS_LENGTH } from './onion-packet.ts';

interface OnionVectors {
  generate: { session_key: string; associated_data: string; hops: { pubkey: string; payload: string }[] };
  onion: string;
}
interface OnionErrorVectors {
  generate: { session_key: string; hops: { pubkey: string; hop_shared_secret: string }[] };
}

const vectors = loadVectors<OnionVectors>('onion-test.json');
const errorVectors = loadVectors<OnionErrorVectors>('onion-error-test.json');

/** The vector's payloads carry their BigSize length prefix; createOnion takes the bare payload. */
function stripLengthPrefix(prefixed: string): Uint8Array {
  const r = new Reader(fromHex(prefixed));
  const payload = r.bytes(Number(readBigSize(r))).slice();
  r.expectEnd('vector payload');
  return payload;
}

const vectorHops: OnionHop[] = vectors.generate.hops.map((h) => ({ nodeId: fromHex(h.pubkey), payload: stripLengthPrefix(h.payload) }));

describe('Sphinx construction (onion-test.json)', () => {
  it('builds the onion byte for byte from the session key, hops and associated data', () => {
    const { onion } = createOnion(fromHex(vectors.generate.session_key), vectorHops, fromHex(vectors.generate.associated_data));
    expect(hex(onion)).toBe(vectors.onion);
  });

  it("returns each hop's shared secret, as onion-error-test.json lists them for the same keys", () => {
    const { hopSecrets } = createOnion(fromHex(vectors.generate.session_key), vectorHops, fromHex(vectors.generate.associated_data));
    expect(errorVectors.generate.session_key).toBe(vectors.generate.session_key);
    expect(hopSecrets.map((h) => hex(h.nodeId))).toEqual(errorVectors.generate.hops.map((h) => h.pubkey));
    expect(hopSecrets.map((h) => hex(h.sharedSecret))).toEqual(errorVectors.generate.hops.map((h) => h.hop_shared_secret));
  });

  it('gives each hop the ephemeral key the previous hop derives (first one from the session key)', () => {
    const keys = sphinxKeySchedule(fromHex(vectors.generate.session_key), vectorHops.map((h) => h.nodeId));
    expect(hex(keys[0]!.ephemeralPublicKey)).toBe(hex(publicKey(fromHex(vectors.generate.session_key))));
    expect(vectors.onion.slice(2, 68)).toBe(hex(keys[0]!.ephemeralPublicKey));
  });

  it('rejects routes it cannot build', () => {
    const sessionKey = fromHex(vectors.generate.session_key);
    const ad = fromHex(vectors.generate.associated_data);
    const hop = vectorHops[0]!;
    expect(() => createOnion(sessionKey, [], ad)).toThrow(RangeError);
    expect(() => createOnion(sessionKey, [{ ...hop, payload: new Uint8Array(1) }], ad)).toThrow(/reserved/);
    expect(() => createOnion(sessionKey, [{ ...hop, payload: new Uint8Array(HOP_PAYLOADS_LENGTH) }], ad)).toThrow(/holds 1300/);
    expect(() => createOnion(sessionKey, [{ ...hop, nodeId: new Uint8Array(33) }], ad)).toThrow(/not a valid public key/);
    expect(() => createOnion(new Uint8Array(32), [hop], ad)).toThrow(/session key/);
  });
});
