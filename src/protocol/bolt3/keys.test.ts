import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { publicKey, secp256k1 } from '../crypto/index.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { derivePrivkey, derivePubkey, perCommitmentPoint, revocationPrivkey, revocationPubkey } from './keys.ts';

interface KeyVectors {
  inputs: { base_secret: string; per_commitment_secret: string; base_point: string; per_commitment_point: string };
  tests: { name: string; output_name: string; output: string }[];
}
const vectors = loadVectors<KeyVectors>('bolt03-key-derivation.json');
const baseSecret = fromHex(vectors.inputs.base_secret);
const perCommitmentSecret = fromHex(vectors.inputs.per_commitment_secret);
const basepoint = fromHex(vectors.inputs.base_point);
const point = fromHex(vectors.inputs.per_commitment_point);

const derivations: Record<string, () => Uint8Array> = {
  localpubkey: () => derivePubkey(basepoint, point),
  localprivkey: () => derivePrivkey(baseSecret, point),
  revocationpubkey: () => revocationPubkey(basepoint, point),
  revocationprivkey: () => revocationPrivkey(baseSecret, perCommitmentSecret),
};

describe('key derivation (BOLT 3 Appendix E)', () => {
  it('the shared inputs are consistent: points are the secrets times G', () => {
    expect(hex(publicKey(baseSecret))).toBe(vectors.inputs.base_point);
    expect(hex(perCommitmentPoint(perCommitmentSecret))).toBe(vectors.inputs.per_commitment_point);
  });

  it.each(vectors.tests.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const derive = derivations[t.output_name];
    expect(derive, `no derivation for ${t.output_name}`).toBeDefined();
    expect(hex(derive!())).toBe(t.output);
  });

  it('derived private keys belong to the derived public keys', () => {
    expect(publicKey(derivePrivkey(baseSecret, point))).toEqual(derivePubkey(basepoint, point));
    expect(publicKey(revocationPrivkey(baseSecret, perCommitmentSecret))).toEqual(revocationPubkey(basepoint, point));
  });

  it('rejects invalid points and secrets with DecodeError', () => {
    const notAPoint = basepoint.slice();
    notAPoint[0] = 0x05;
    expect(() => derivePubkey(notAPoint, point)).toThrow(DecodeError);
    expect(() => revocationPubkey(basepoint, notAPoint)).toThrow(DecodeError);
    const uncompressed = secp256k1.Point.fromBytes(basepoint).toBytes(false);
    expect(() => derivePubkey(uncompressed, point)).toThrow(DecodeError);
    expect(() => revocationPrivkey(baseSecret, new Uint8Array(32))).toThrow(DecodeError);
    expect(() => perCommitmentPoint(new Uint8Array(32).fill(0xff))).toThrow(DecodeError);
  });
});
