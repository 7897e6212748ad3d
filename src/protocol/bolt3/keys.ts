/** BOLT 3 "Key Derivation": per-commitment keys tweaked from each side's basepoints. */
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { concat } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { addToPublicKey, multiplyPublicKey, publicKey, secp256k1, sha256 } from '../crypto/index.ts';

const { Point } = secp256k1;
const { Fn } = Point;
type CurvePoint = ReturnType<typeof Point.fromBytes>;

/** A compressed point; the tweaks hash the 33-byte form, so no other encoding is accepted. */
function parsePoint(bytes: Uint8Array, what: string): CurvePoint {
  if (bytes.length !== 33) throw new DecodeError('invalid_point', `${what} must be a 33-byte compressed point`);
  try {
    return Point.fromBytes(bytes);
  } catch {
    throw new DecodeError('invalid_point', `${what} is not a valid secp256k1 point`);
  }
}

function parseSecret(bytes: Uint8Array, what: string): bigint {
  const k = bytes.length === 32 ? bytesToNumberBE(bytes) : 0n;
  if (!Fn.isValidNot0(k)) throw new DecodeError('invalid_value', `${what} is not a valid secp256k1 secret`);
  return k;
}

/** SHA256(a || b) as a scalar. A digest of n or more has probability ~2^-128; reducing it keeps the maths total. */
function tweak(a: Uint8Array, b: Uint8Array): bigint {
  return Fn.create(bytesToNumberBE(sha256(concat(a, b))));
}

function secretBytes(k: bigint): Uint8Array {
  if (k === 0n) throw new RangeError('derived secret is zero');
  return numberToBytesBE(k, 32);
}

/** per_commitment_point = per_commitment_secret * G. */
export function perCommitmentPoint(perCommitmentSecret: Uint8Array): Uint8Array {
  parseSecret(perCommitmentSecret, 'per_commitment_secret');
  return publicKey(perCommitmentSecret);
}

/** pubkey = basepoint + SHA256(per_commitment_point || basepoint) * G (localpubkey, htlc and delayed keys). */
export function derivePubkey(basepoint: Uint8Array, perCommitmentPoint: Uint8Array): Uint8Array {
  parsePoint(basepoint, 'basepoint');
  parsePoint(perCommitmentPoint, 'per_commitment_point');
  return addToPublicKey(basepoint, numberToBytesBE(tweak(perCommitmentPoint, basepoint), 32));
}

/** privkey = basepoint_secret + SHA256(per_commitment_point || basepoint). */
export function derivePrivkey(basepointSecret: Uint8Array, perCommitmentPoint: Uint8Array): Uint8Array {
  const secret = parseSecret(basepointSecret, 'basepoint secret');
  parsePoint(perCommitmentPoint, 'per_commitment_point');
  const t = tweak(perCommitmentPoint, publicKey(basepointSecret));
  return secretBytes(Fn.add(secret, t));
}

/**
 * revocationpubkey = revocation_basepoint * SHA256(revocation_basepoint || per_commitment_point)
 *                  + per_commitment_point * SHA256(per_commitment_point || revocation_basepoint)
 */
export function revocationPubkey(revocationBasepoint: Uint8Array, perCommitmentPoint: Uint8Array): Uint8Array {
  parsePoint(revocationBasepoint, 'revocation_basepoint');
  parsePoint(perCommitmentPoint, 'per_commitment_point');
  const baseTweak = numberToBytesBE(tweak(revocationBasepoint, perCommitmentPoint), 32);
  const pointTweak = numberToBytesBE(tweak(perCommitmentPoint, revocationBasepoint), 32);
  // The two multiplications run in WASM; only the cheap point addition stays on noble.
  const left = Point.fromBytes(multiplyPublicKey(revocationBasepoint, baseTweak));
  const right = Point.fromBytes(multiplyPublicKey(perCommitmentPoint, pointTweak));
  return left.add(right).toBytes(true);
}

/** The revocation private key, computable once the peer has revealed per_commitment_secret. */
export function revocationPrivkey(revocationBasepointSecret: Uint8Array, perCommitmentSecret: Uint8Array): Uint8Array {
  const baseSecret = parseSecret(revocationBasepointSecret, 'revocation basepoint secret');
  const commitmentSecret = parseSecret(perCommitmentSecret, 'per_commitment_secret');
  const basepoint = publicKey(revocationBasepointSecret);
  const point = publicKey(perCommitmentSecret);
  const baseTweak = tweak(basepoint, point);
  const pointTweak = tweak(point, basepoint);
  return secretBytes(Fn.add(Fn.mul(baseSecret, baseTweak), Fn.mul(commitmentSecret, pointTweak)));
}
