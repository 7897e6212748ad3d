import { fail } from '../codec/errors.ts';
import { recoverPublicKey, sha256, signRecoverable, verifyCompact } from '../crypto/index.ts';
import { packWords } from './words.ts';

/** The invoice signature: 64-byte compact r||s then a recovery id, over SHA256 of the signing data. */

export const SIGNATURE_BYTES = 65;
export const SIGNATURE_WORDS = 104;

/** The human-readable part's ASCII bytes, then the first `count` data words packed into zero-padded bytes. */
export function signingData(hrp: string, words: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(hrp.length + Math.ceil((count * 5) / 8));
  for (let i = 0; i < hrp.length; i++) out[i] = hrp.charCodeAt(i);
  packWords(words, count, out, hrp.length);
  return out;
}

const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function scalar(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Checks the recovery id and that r and s are in [1, n-1]; returns s. */
function checkSignature(signature: Uint8Array): bigint {
  const recovery = signature[64]!;
  if (recovery > 3) fail('invalid_signature', `signature recovery id ${recovery} is not 0-3`);
  const r = scalar(signature.subarray(0, 32));
  const s = scalar(signature.subarray(32, 64));
  if (r === 0n || r >= CURVE_ORDER || s === 0n || s >= CURVE_ORDER) fail('invalid_signature', 'signature r or s is out of range');
  return s;
}

/**
 * Public-key recovery with the transmitted recovery id. Both high-S and low-S signatures are accepted,
 * as BOLT 11 requires without an `n` field; s is not normalised, so a high-S signature recovers a
 * different key than its low-S twin would (the spec's high-S example depends on this).
 */
export function recoverPayee(digest: Uint8Array, signature: Uint8Array): Uint8Array {
  checkSignature(signature);
  const payee = recoverPublicKey(signature.subarray(0, 64), signature[64]!, digest);
  return payee ?? fail('invalid_signature', 'signature is not recoverable');
}

/** Verification against an explicit `n` field, which requires a low-S signature. */
export function verifyPayee(digest: Uint8Array, signature: Uint8Array, payee: Uint8Array): void {
  if (checkSignature(signature) > CURVE_ORDER >> 1n) fail('invalid_signature', 'signature is high-S, but an invoice with an n field must be low-S');
  if (!verifyCompact(signature.subarray(0, 64), digest, payee)) {
    fail('invalid_signature', 'signature does not match payee (n field)');
  }
}

/** RFC 6979 low-S recoverable signature as r||s||recovery id. */
export function signDigest(digest: Uint8Array, nodeSecret: Uint8Array): Uint8Array {
  const { signature, recoveryId } = signRecoverable(digest, nodeSecret);
  const out = new Uint8Array(SIGNATURE_BYTES);
  out.set(signature, 0);
  out[64] = recoveryId;
  return out;
}

export function signatureDigest(hrp: string, words: Uint8Array, count: number): Uint8Array {
  return sha256(signingData(hrp, words, count));
}
