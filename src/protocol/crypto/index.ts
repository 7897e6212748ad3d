/**
 * The few cryptographic primitives the Lightning protocol is built from, in one place so
 * BOLT 3, 4, 8 and 11 agree on them. All pure; no randomness here (callers pass it in).
 */
import { chacha20, chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { DecodeError } from '../codec/errors.ts';

export {
  addToPublicKey,
  ecdh,
  isValidPublicKey,
  isValidSecretKey,
  multiplyPublicKey,
  publicKey,
  recoverPublicKey,
  signCompact,
  signRecoverable,
  verifyCompact,
  verifyCompactAnyS,
} from './secp256k1.ts';

export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);
export const doubleSha256 = (data: Uint8Array): Uint8Array => nobleSha256(nobleSha256(data));
export const hash160 = (data: Uint8Array): Uint8Array => ripemd160(nobleSha256(data));
export const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array => hmac(nobleSha256, key, data);

/** HKDF-SHA256 with the given salt, producing two 32-byte keys (BOLT 8's HKDF). */
export function hkdfTwoKeys(salt: Uint8Array, ikm: Uint8Array): [Uint8Array, Uint8Array] {
  const okm = hkdf(nobleSha256, ikm, salt, new Uint8Array(0), 64);
  return [okm.slice(0, 32), okm.slice(32)];
}

/** 96-bit ChaCha20 nonce from a 64-bit counter: 4 zero bytes then the counter little-endian (BOLT 8). */
export function counterNonce(n: number): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(4, BigInt(n), true);
  return nonce;
}

/** ChaCha20-Poly1305 (IETF) encryption: ciphertext with the 16-byte tag appended. */
export function aeadEncrypt(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return chacha20poly1305(key, nonce, ad).encrypt(plaintext);
}

/** ChaCha20-Poly1305 decryption; a bad tag is a DecodeError('bad_mac'). */
export function aeadDecrypt(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < 16) throw new DecodeError('truncated', 'ciphertext shorter than its MAC');
  try {
    return chacha20poly1305(key, nonce, ad).decrypt(ciphertext);
  } catch {
    throw new DecodeError('bad_mac', 'ciphertext failed authentication');
  }
}

/** Raw ChaCha20 keystream of `length` bytes (nonce of 12 zero bytes unless given), as BOLT 4 uses it. */
export function chachaStream(key: Uint8Array, length: number, nonce: Uint8Array = new Uint8Array(12)): Uint8Array {
  return chacha20(key, nonce, new Uint8Array(length));
}

export { secp256k1 };
