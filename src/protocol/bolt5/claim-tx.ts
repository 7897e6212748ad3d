/**
 * The one transaction shape every BOLT 5 claim takes: spend some outputs, each with a single
 * signature first in its witness, to one destination script, paying a fee for the weight.
 *
 * Fee rates are in satoshis per 1000 weight units (sat/kw, as BOLT 3's feerate_per_kw; 250 sat/kw
 * is 1 sat/vB). The fee is the rate times the weight of the transaction with maximal (73-byte)
 * signatures, rounded up, so the signed transaction never pays less than the rate.
 */
import { signEcdsa, witnessSignature } from '../bitcoin/ecdsa.ts';
import { compactSizeLength, varBytesLength } from '../bitcoin/encoding.ts';
import { OP, ScriptBuilder } from '../bitcoin/script.ts';
import { SIGHASH_ALL, SegwitV0Sighasher } from '../bitcoin/sighash.ts';
import { txWeight, type Transaction, type TxInput } from '../bitcoin/tx.ts';
import { hash160 } from '../crypto/index.ts';

/** A sequence that enables nLockTime and signals replaceability (BIP125) without a relative lock. */
export const SEQUENCE_NO_CSV = 0xfffffffd;

/** DER signature of at most 72 bytes plus the sighash byte: what the fee estimate assumes. */
const MAX_SIGNATURE_BYTES = 73;

/** Non-witness bytes of one input (outpoint, empty scriptSig, sequence) times 4. */
const INPUT_BASE_WEIGHT = 4 * (32 + 4 + 1 + 4);

export type OutputKind =
  /** Our to_local on our commitment, after to_self_delay. */
  | 'to_local'
  /** The output of our HTLC-timeout/-success tx, after to_self_delay. */
  | 'htlc_tx_output'
  /** to_remote on the peer's commitment. */
  | 'to_remote'
  /** An HTLC the peer offered, on its commitment, with the preimage. */
  | 'htlc_preimage'
  /** An HTLC we offered, on the peer's commitment, after cltv_expiry. */
  | 'htlc_timeout'
  /** The peer's to_local on a revoked commitment, by the revocation key. */
  | 'revoked_to_local'
  /** An HTLC output of a revoked commitment, by the revocation key. */
  | 'revoked_htlc'
  /** The output of the peer's HTLC tx spending a revoked commitment, by the revocation key. */
  | 'revoked_htlc_tx_output';

/** An output we can spend, and how. */
export interface SpendableOutput<H = unknown> {
  readonly kind: OutputKind;
  /** The transaction holding the output (internal byte order). */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly amountSat: bigint;
  /** BIP143 scriptCode: the witness script, or the P2PKH-style code for P2WPKH. */
  readonly scriptCode: Uint8Array;
  /** The key whose SIGHASH_ALL signature goes first in the witness. */
  readonly signingKey: Uint8Array;
  /** The witness items after the signature (the witness script last, for P2WSH). */
  readonly witnessAfterSig: readonly Uint8Array[];
  readonly sequence: number;
  /** nLockTime the spend needs (a block height), 0 when none. */
  readonly locktime: number;
  /** Relative lock in blocks (BIP68) from the confirmation of `txid`, 0 when none. */
  readonly csvDelay: number;
  /** The HTLC the output belongs to, if any. */
  readonly htlc?: H;
}

/** Where a claim pays and at what rate. */
export interface ClaimTarget {
  /** The destination scriptPubKey. */
  readonly destination: Uint8Array;
  /** sat per 1000 weight units. */
  readonly feeratePerKw: number;
}

/** An output a claim spends (or judged not worth spending), without its key. */
export interface OutputRef<H = unknown> {
  readonly kind: OutputKind;
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly amountSat: bigint;
  readonly htlc?: H;
}

export interface ClaimResult<H = unknown> {
  /** Signed and ready to broadcast; null when nothing was worth claiming. */
  readonly tx: Transaction | null;
  readonly feeSat: bigint;
  /** The weight the fee is for: an upper bound of the signed transaction's weight. */
  readonly weight: number;
  /** The tx's nLockTime (a height): it is final, so relayed, once the tip reaches it; 0 when unlocked. */
  readonly locktime: number;
  /** Mineable this many blocks after the spent transactions confirm (largest BIP68 lock of the inputs). */
  readonly csvDelay: number;
  readonly claimed: readonly OutputRef<H>[];
  /** Outputs whose value would not cover their share of the fee, or whose claim would leave dust. */
  readonly notWorthClaiming: readonly OutputRef<H>[];
}

/** OP_DUP OP_HASH160 <hash160(pubkey)> OP_EQUALVERIFY OP_CHECKSIG: the scriptCode of a P2WPKH spend. */
export function p2wpkhScriptCode(pubkey: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.DUP, OP.HASH160).data(hash160(pubkey)).op(OP.EQUALVERIFY, OP.CHECKSIG).build();
}

/** sat/kw times weight / 1000, rounded up. */
export function claimFeeSat(feeratePerKw: number, weight: number): bigint {
  return (BigInt(feeratePerKw) * BigInt(weight) + 999n) / 1000n;
}

function isWitnessProgram(script: Uint8Array): boolean {
  const version = script[0];
  const isVersion = version === OP[0] || (version !== undefined && version >= OP[1] && version <= OP[16]);
  return isVersion && script.length >= 4 && script.length <= 42 && script[1] === script.length - 2;
}

/** Bitcoin Core's default dust threshold (3 sat/vB to create and spend): 294 sat for P2WPKH, 330 for P2WSH/P2TR, 546 for P2PKH. */
export function dustThresholdSat(script: Uint8Array): bigint {
  const outputSize = 8 + compactSizeLength(script.length) + script.length;
  const spendSize = isWitnessProgram(script) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return BigInt(3 * (outputSize + spendSize));
}

function witnessWeight(spendable: SpendableOutput<unknown>): number {
  let n = compactSizeLength(spendable.witnessAfterSig.length + 1) + 1 + MAX_SIGNATURE_BYTES;
  for (const item of spendable.witnessAfterSig) n += varBytesLength(item);
  return n;
}

/** The weight one more input of this kind adds (its outpoint, sequence and maximal witness). */
export function inputWeight(spendable: SpendableOutput<unknown>): number {
  return INPUT_BASE_WEIGHT + witnessWeight(spendable);
}

function refOf<H>(s: SpendableOutput<H>): OutputRef<H> {
  const ref = { kind: s.kind, txid: s.txid, vout: s.vout, amountSat: s.amountSat };
  return s.htlc === undefined ? ref : { ...ref, htlc: s.htlc };
}

function assemble(spendables: readonly SpendableOutput<unknown>[], destination: Uint8Array, value: bigint): Transaction {
  let locktime = 0;
  for (const s of spendables) locktime = Math.max(locktime, s.locktime);
  const inputs: TxInput[] = spendables.map((s) => {
    const placeholder = [new Uint8Array(MAX_SIGNATURE_BYTES), ...s.witnessAfterSig];
    return { txid: s.txid, vout: s.vout, sequence: s.sequence, scriptSig: new Uint8Array(0), witness: placeholder };
  });
  return { version: 2, locktime, inputs, outputs: [{ value, script: destination }] };
}

function checkTarget(target: ClaimTarget): void {
  const rate = target.feeratePerKw;
  if (!Number.isSafeInteger(rate) || rate < 0) throw new RangeError(`feerate must be a non-negative integer sat/kw: ${rate}`);
  if (target.destination.length === 0) throw new RangeError('destination script is empty');
}

/**
 * One transaction spending `spendables` to `target.destination`. Inputs worth less than the fee
 * their own weight costs are left out; if what remains would pay out less than the destination's
 * dust threshold, nothing is claimed. Everything left out is listed in `notWorthClaiming`.
 */
export function buildClaimTx<H>(spendables: readonly SpendableOutput<H>[], target: ClaimTarget): ClaimResult<H> {
  checkTarget(target);
  const worth = spendables.filter((s) => s.amountSat > claimFeeSat(target.feeratePerKw, inputWeight(s)));
  const skipped = spendables.filter((s) => !worth.includes(s));
  const nothing = (weight: number, feeSat: bigint): ClaimResult<H> => ({
    tx: null,
    feeSat,
    weight,
    locktime: 0,
    csvDelay: 0,
    claimed: [],
    notWorthClaiming: spendables.map(refOf),
  });
  if (worth.length === 0) return nothing(0, 0n);

  const sized = assemble(worth, target.destination, 0n);
  const weight = txWeight(sized);
  const feeSat = claimFeeSat(target.feeratePerKw, weight);
  const value = worth.reduce((sum, s) => sum + s.amountSat, 0n) - feeSat;
  if (value < dustThresholdSat(target.destination)) return nothing(weight, feeSat);

  const unsigned = assemble(worth, target.destination, value);
  const sighasher = new SegwitV0Sighasher(unsigned);
  const inputs = unsigned.inputs.map((input, i) => {
    const s = worth[i]!;
    const signature = signEcdsa(sighasher.sighash(i, s.scriptCode, s.amountSat, SIGHASH_ALL), s.signingKey);
    return { ...input, witness: [witnessSignature(signature, SIGHASH_ALL), ...s.witnessAfterSig] };
  });
  return {
    tx: { ...unsigned, inputs },
    feeSat,
    weight,
    locktime: unsigned.locktime,
    csvDelay: worth.reduce((max, s) => Math.max(max, s.csvDelay), 0),
    claimed: worth.map(refOf),
    notWorthClaiming: skipped.map(refOf),
  };
}
