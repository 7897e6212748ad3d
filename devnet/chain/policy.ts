/**
 * Relay policy, a simplified copy of bitcoind's defaults:
 * - min relay / incremental relay fee 1 sat/vB (1000 sat/kvB), fees compared against the tx's vsize;
 * - dust: an output is dust when its value is below the cost of creating and later spending it at
 *   3 sat/vB (bitcoind's GetDustThreshold: 546 sat for P2PKH, 540 P2SH, 294 P2WPKH, 330 P2WSH/P2TR, 240 P2A);
 *   OP_RETURN outputs are exempt;
 * - standard output scripts: P2PK, P2PKH, P2SH, bare multisig up to 3 keys, P2WPKH, P2WSH, P2TR, P2A,
 *   unknown witness versions, and one OP_RETURN of at most 83 bytes;
 * - version 1..3 (no TRUC topology rules for version 3), weight at most 400,000, non-witness size at least 65,
 *   scriptSigs push-only and at most 1,650 bytes;
 * - chains of unconfirmed transactions limited to 25 ancestors / descendants.
 */
import { encodeCompactSize } from './bytes.ts';
import { MAX_BIP125_RBF_SEQUENCE } from './consensus.ts';
import { classifyScript, isPushOnly, isUnspendable, witnessProgram } from './script.ts';
import type { ParsedTx, TxOutput } from './tx.ts';

export const MIN_RELAY_FEE_SAT_PER_KVB = 1000n;
export const INCREMENTAL_RELAY_FEE_SAT_PER_KVB = 1000n;
export const DUST_RELAY_FEE_SAT_PER_KVB = 3000n;
export const MAX_STANDARD_TX_WEIGHT = 400_000;
export const MIN_STANDARD_TX_NONWITNESS_SIZE = 65;
export const MAX_STANDARD_SCRIPTSIG_SIZE = 1650;
export const MAX_OP_RETURN_RELAY = 83;
export const MAX_STANDARD_VERSION = 3;
export const MEMPOOL_CHAIN_LIMIT = 25;
export const MAX_REPLACEMENT_EVICTIONS = 100;

/** Fee for `vsize` at `satPerKvB`, rounded up like bitcoind's CFeeRate::GetFee. */
export function feeForSize(vsize: number, satPerKvB: bigint): bigint {
  return (BigInt(vsize) * satPerKvB + 999n) / 1000n;
}

export function dustThreshold(output: TxOutput): bigint {
  if (isUnspendable(output.script)) return 0n;
  const outputSize = 8 + encodeCompactSize(output.script.length).length + output.script.length;
  // Bitcoind's estimate of the input that would spend it: 67 vbytes for witness programs, 148 otherwise.
  const spendSize = witnessProgram(output.script) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return feeForSize(outputSize + spendSize, DUST_RELAY_FEE_SAT_PER_KVB);
}

export const isDust = (output: TxOutput): boolean => output.value < dustThreshold(output);

/** Returns bitcoind's reject reason when the transaction is not standard, else undefined. */
export function nonStandardReason(tx: ParsedTx): string | undefined {
  if (tx.version < 1 || tx.version > MAX_STANDARD_VERSION) return 'version';
  if (tx.weight > MAX_STANDARD_TX_WEIGHT) return 'tx-size';
  if (tx.baseSize < MIN_STANDARD_TX_NONWITNESS_SIZE) return 'tx-size-small';
  for (const input of tx.inputs) {
    if (input.scriptSig.length > MAX_STANDARD_SCRIPTSIG_SIZE) return 'scriptsig-size';
    if (!isPushOnly(input.scriptSig)) return 'scriptsig-not-pushonly';
  }
  let dataOutputs = 0;
  for (const output of tx.outputs) {
    const kind = classifyScript(output.script);
    if (kind === 'nonstandard' || kind === 'empty') return 'scriptpubkey';
    if (kind === 'op_return') {
      if (output.script.length > MAX_OP_RETURN_RELAY || !isPushOnly(output.script.subarray(1))) return 'scriptpubkey';
      dataOutputs++;
    } else if (isDust(output)) {
      return 'dust';
    }
  }
  if (dataOutputs > 1) return 'multi-op-return';
  return undefined;
}

/** BIP125 explicit signal: some input has nSequence below 0xfffffffe. */
export const signalsReplaceability = (tx: ParsedTx): boolean =>
  tx.inputs.some((input) => input.sequence >>> 0 <= MAX_BIP125_RBF_SEQUENCE);
