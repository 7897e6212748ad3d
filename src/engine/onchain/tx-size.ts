/**
 * Sizes and fees of P2WPKH-spending transactions, in weight units (BIP141) so that rounding
 * happens once, on the whole transaction, as nodes do it.
 */
import { compactSizeLength } from '../../protocol/bitcoin/encoding.ts';

/**
 * A P2WPKH input: 41 non-witness bytes (outpoint, empty scriptSig, sequence) weigh 164, the
 * witness [count, signature, public key] at most 1 + (1 + 72) + (1 + 33) = 108. 72 bytes is the
 * largest low-S DER signature with its sighash byte; half of all signatures are one byte shorter,
 * so an estimate is exact or one weight unit (a quarter vbyte) high per input, never low.
 */
export const P2WPKH_INPUT_WEIGHT = 272;
export const WITNESS_MARKER_AND_FLAG_WEIGHT = 2;

/** Bitcoin Core's dust relay fee: an output is dust if spending it would cost more than its value at 3 sat/vB. */
const DUST_RELAY_FEE_SAT_PER_KVB = 3000n;

export function outputWeight(script: Uint8Array): number {
  return 4 * (8 + compactSizeLength(script.length) + script.length);
}

/** version, locktime, input and output counts, and the segwit marker and flag. */
export function txOverheadWeight(inputCount: number, outputCount: number): number {
  return 4 * (8 + compactSizeLength(inputCount) + compactSizeLength(outputCount)) + WITNESS_MARKER_AND_FLAG_WEIGHT;
}

/** Weight of everything but the inputs, with the input count's encoding sized for `inputCount`. */
export function weightWithoutInputs(inputCount: number, outputScripts: readonly Uint8Array[]): number {
  let weight = txOverheadWeight(inputCount, outputScripts.length);
  for (const script of outputScripts) weight += outputWeight(script);
  return weight;
}

/** Upper bound on the weight of a signed transaction spending `inputCount` P2WPKH coins to `outputScripts`. */
export function estimateWeight(inputCount: number, outputScripts: readonly Uint8Array[]): number {
  return weightWithoutInputs(inputCount, outputScripts) + inputCount * P2WPKH_INPUT_WEIGHT;
}

export function vsizeOfWeight(weight: number): number {
  return Math.ceil(weight / 4);
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Fee for a transaction of `vsize` at `satPerKvb`, rounded up like Bitcoin Core's CFeeRate::GetFee. */
export function feeForVsize(vsize: number, satPerKvb: bigint): bigint {
  return ceilDiv(BigInt(vsize) * satPerKvb, 1000n);
}

export function feeForWeight(weight: number, satPerKvb: bigint): bigint {
  return feeForVsize(vsizeOfWeight(weight), satPerKvb);
}

function isWitnessProgram(script: Uint8Array): boolean {
  const opcode = script[0];
  return (
    opcode !== undefined &&
    (opcode === 0x00 || (opcode >= 0x51 && opcode <= 0x60)) &&
    script.length >= 4 &&
    script.length <= 42 &&
    script[1] === script.length - 2
  );
}

/**
 * Bitcoin Core's GetDustThreshold: the smallest value an output to `script` may carry and still be
 * relayed (294 sat for P2WPKH, 330 for P2WSH/P2TR, 546 for P2PKH, 540 for P2SH).
 */
export function dustThreshold(script: Uint8Array): bigint {
  if (script[0] === 0x6a) return 0n; // OP_RETURN: unspendable, so never dust
  const spendSize = isWitnessProgram(script) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return feeForVsize(outputWeight(script) / 4 + spendSize, DUST_RELAY_FEE_SAT_PER_KVB);
}
