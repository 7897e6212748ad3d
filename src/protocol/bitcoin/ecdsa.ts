import { signCompact, verifyCompact } from '../crypto/index.ts';
import type { SighashType } from './sighash.ts';

/**
 * Signs a 32-byte digest: RFC6979 deterministic nonce, low-S. Returns the 64-byte compact
 * r||s form that Lightning messages carry.
 */
export function signEcdsa(digest: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return signCompact(digest, privateKey);
}

/** Checks a 64-byte compact signature over a digest; high-S signatures and invalid keys fail. */
export function verifyEcdsa(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array): boolean {
  return verifyCompact(signature, digest, publicKey);
}

/** Appends one big-endian unsigned integer as a DER INTEGER (minimal, with a 0x00 pad if the top bit is set). */
function derInteger(out: number[], value: Uint8Array): void {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const pad = value[start]! & 0x80 ? 1 : 0;
  out.push(0x02, value.length - start + pad);
  if (pad) out.push(0);
  for (let i = start; i < value.length; i++) out.push(value[i]!);
}

/** DER encoding of a 64-byte compact signature (BIP66 strict form). */
export function compactToDer(signature: Uint8Array): Uint8Array {
  if (signature.length !== 64) throw new RangeError(`compact signature must be 64 bytes, got ${signature.length}`);
  const body: number[] = [];
  derInteger(body, signature.subarray(0, 32));
  derInteger(body, signature.subarray(32));
  return Uint8Array.from([0x30, body.length, ...body]);
}

/** A signature as it goes into a witness: DER followed by the sighash type byte. */
export function witnessSignature(signature: Uint8Array, type: SighashType): Uint8Array {
  const der = compactToDer(signature);
  const out = new Uint8Array(der.length + 1);
  out.set(der);
  out[der.length] = type;
  return out;
}
