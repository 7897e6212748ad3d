/** BOLT 3 per-commitment secrets: generation from a seed ("Per-commitment Secret Requirements"). */
import { sha256 } from '../crypto/index.ts';

/** Index of the first secret; later secrets count down from here. */
export const MAX_SECRET_INDEX = 2 ** 48 - 1;

export function isSecretIndex(index: number): boolean {
  return Number.isSafeInteger(index) && index >= 0 && index <= MAX_SECRET_INDEX;
}

/** Bit `bit` (0..47) of a 48-bit index held in a JS number. */
export function indexBit(index: number, bit: number): boolean {
  const word = bit < 32 ? index : Math.floor(index / 2 ** 32);
  return ((word >>> (bit & 31)) & 1) === 1;
}

/**
 * derive_secret(base, bits, I): for each of the lowest `bits` bits of `index` that is set,
 * from the highest down, flip that bit of the value and hash it.
 */
export function deriveSecret(base: Uint8Array, bits: number, index: number): Uint8Array {
  let p: Uint8Array = base.slice();
  for (let b = bits - 1; b >= 0; b--) {
    if (!indexBit(index, b)) continue;
    p[b >>> 3]! ^= 1 << (b & 7);
    p = sha256(p);
  }
  return p;
}

/** generate_from_seed(seed, I): the secret for index I (the commitment number n uses I = 2^48 - 1 - n). */
export function generateFromSeed(seed: Uint8Array, index: number): Uint8Array {
  if (seed.length !== 32) throw new RangeError(`seed must be 32 bytes, got ${seed.length}`);
  if (!isSecretIndex(index)) throw new RangeError(`secret index out of range: ${index}`);
  return deriveSecret(seed, 48, index);
}
