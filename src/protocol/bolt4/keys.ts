import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { concat } from '../codec/bytes.ts';
import { ecdh, hmacSha256, isValidSecretKey, multiplyPublicKey, publicKey, secp256k1, sha256 } from '../crypto/index.ts';

/** The BOLT 4 key types: each is HMAC-SHA256(key = its ASCII name, message = a 32-byte secret). */
export type OnionKeyType = 'rho' | 'mu' | 'um' | 'pad' | 'ammag';

const keyTypeBytes: Record<OnionKeyType, Uint8Array> = {
  rho: new TextEncoder().encode('rho'),
  mu: new TextEncoder().encode('mu'),
  um: new TextEncoder().encode('um'),
  pad: new TextEncoder().encode('pad'),
  ammag: new TextEncoder().encode('ammag'),
};

export function deriveOnionKey(type: OnionKeyType, secret: Uint8Array): Uint8Array {
  return hmacSha256(keyTypeBytes[type], secret);
}

/** What the sender derives for one hop: the ephemeral key that hop sees and the secret it shares with it. */
export interface HopKeys {
  ephemeralPublicKey: Uint8Array;
  sharedSecret: Uint8Array;
}

const Fn = secp256k1.Point.Fn;

/** SHA256(ephemeral public key || shared secret), as a scalar. */
function blindingFactor(ephemeralPublicKey: Uint8Array, sharedSecret: Uint8Array): bigint {
  return Fn.create(bytesToNumberBE(sha256(concat(ephemeralPublicKey, sharedSecret))));
}

/**
 * The sender's key schedule: starting from the session key, one ECDH per hop, then the
 * ephemeral secret is multiplied by that hop's blinding factor for the next hop.
 */
export function sphinxKeySchedule(sessionKey: Uint8Array, nodeIds: readonly Uint8Array[]): HopKeys[] {
  if (!isValidSecretKey(sessionKey)) throw new RangeError('session key is not a valid secp256k1 secret key');
  let ephemeralSecret = bytesToNumberBE(sessionKey);
  return nodeIds.map((nodeId, i) => {
    const secretBytes = numberToBytesBE(ephemeralSecret, 32);
    const ephemeralPublicKey = publicKey(secretBytes);
    let sharedSecret: Uint8Array;
    try {
      sharedSecret = ecdh(secretBytes, nodeId);
    } catch {
      throw new RangeError(`hop ${i}: node id is not a valid public key`);
    }
    ephemeralSecret = Fn.mul(ephemeralSecret, blindingFactor(ephemeralPublicKey, sharedSecret));
    return { ephemeralPublicKey, sharedSecret };
  });
}

/** The ephemeral key a processing node hands to the next hop: its own, multiplied by the blinding factor. */
export function nextEphemeralKey(ephemeralPublicKey: Uint8Array, sharedSecret: Uint8Array): Uint8Array {
  return multiplyPublicKey(ephemeralPublicKey, numberToBytesBE(blindingFactor(ephemeralPublicKey, sharedSecret), 32));
}
