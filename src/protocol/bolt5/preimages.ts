/** Payment preimages revealed by the peer's spends of HTLC outputs (BOLT 5: "MUST extract the payment preimage"). */
import type { Transaction } from '../bitcoin/tx.ts';
import { equal, hex } from '../codec/bytes.ts';
import { sha256 } from '../crypto/index.ts';

export interface RevealedPreimage {
  readonly paymentHash: Uint8Array;
  readonly preimage: Uint8Array;
  /** The input whose witness holds it. */
  readonly inputIndex: number;
}

/** Every 32-byte witness item of `tx` that hashes to one of `paymentHashes`. */
export function extractPreimages(tx: Transaction, paymentHashes: readonly Uint8Array[]): RevealedPreimage[] {
  const wanted = new Map(paymentHashes.map((h) => [hex(h), h]));
  const found: RevealedPreimage[] = [];
  tx.inputs.forEach((input, inputIndex) => {
    for (const item of input.witness) {
      if (item.length !== 32) continue;
      const paymentHash = wanted.get(hex(sha256(item)));
      if (paymentHash && !found.some((f) => f.inputIndex === inputIndex && equal(f.preimage, item))) {
        found.push({ paymentHash, preimage: item.slice(), inputIndex });
      }
    }
  });
  return found;
}
