/**
 * A reference point, not a contender: the secp256k1 public-key recovery that every decoder must
 * do, by itself, with @noble/curves (the library our decoder uses), over the same invoices'
 * signatures and digests as given in the vector file. It shows how much of a decode is recovery.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { loadVectors } from '../../src/test-support/vectors.ts';

interface SignatureVector {
  invoice: string;
  signature: { signature_rs: string; recovery_flag: number; sha256: string };
}

export interface RecoveryInput {
  compactSignature: Uint8Array;
  recovery: number;
  digest: Uint8Array;
}

/** Recovery inputs of the given invoices, taken from the vector file. */
export function recoveryInputs(invoices: readonly string[]): RecoveryInput[] {
  const vectors = loadVectors<{ valid: SignatureVector[] }>('bolt11-invoices.json').valid;
  return invoices.map((invoice) => {
    const vector = vectors.find((candidate) => candidate.invoice === invoice);
    if (!vector) throw new Error(`no signature vector for ${invoice.slice(0, 20)}…`);
    return {
      compactSignature: hexToBytes(vector.signature.signature_rs),
      recovery: vector.signature.recovery_flag,
      digest: hexToBytes(vector.signature.sha256),
    };
  });
}

/** Recovers the compressed public key; returns its second byte so the work is consumed. */
export function recoverWithNoble({ compactSignature, recovery, digest }: RecoveryInput): number {
  return secp256k1.Signature.fromBytes(compactSignature, 'compact').addRecoveryBit(recovery).recoverPublicKey(digest).toBytes(true)[1]!;
}
