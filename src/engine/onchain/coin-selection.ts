/**
 * Which coins pay for a transaction. Every coin is valued at its effective value (its value minus
 * the fee its own input costs), and coins worth nothing at the fee rate are never chosen. First
 * Branch-and-Bound looks for a changeless set; failing that, largest-first adds a change output,
 * which is left out (its value going to the fee) when it would be dust.
 */
import type { TxOutput } from '../../protocol/bitcoin/index.ts';
import { EngineError } from '../engine-error.ts';
import { branchAndBound, type BnbCandidate } from './branch-and-bound.ts';
import { P2WPKH_INPUT_WEIGHT, dustThreshold, estimateWeight, feeForWeight, vsizeOfWeight, weightWithoutInputs } from './tx-size.ts';
import { sumValues, type WalletUtxo } from './wallet-utxo.ts';

/**
 * The rate future consolidations are assumed to pay (Bitcoin Core's -consolidatefeerate): below
 * it, spending more coins now is cheaper than spending them later, above it the reverse.
 */
export const LONG_TERM_FEE_RATE_SAT_PER_KVB = 10_000n;
/**
 * The rate at which we value spending a change output later: the dust relay rate (3 sat/vB), lower
 * than Bitcoin Core's -discardfee (10 sat/vB), so a changeless payment overpays by at most a few
 * hundred sats at low fees.
 */
export const DISCARD_FEE_RATE_SAT_PER_KVB = 3_000n;

export interface CoinSelectionRequest {
  /** Coins allowed in this transaction (already filtered for spendability). */
  candidates: readonly WalletUtxo[];
  /** What the transaction pays (the recipients; change is decided here). */
  outputs: readonly TxOutput[];
  satPerKvb: bigint;
  changeScript: Uint8Array;
  longTermSatPerKvb?: bigint;
}

export interface CoinSelection {
  inputs: WalletUtxo[];
  /** 0n when the transaction has no change output: then any excess goes to the fee. */
  change: bigint;
  fee: bigint;
  /** Weight of the signed transaction, an upper bound (see P2WPKH_INPUT_WEIGHT). */
  weight: number;
  algorithm: 'branch-and-bound' | 'largest-first';
}

interface Candidate extends BnbCandidate {
  utxo: WalletUtxo;
}

/**
 * Selection works in thousandths of a satoshi: a vsize times a sat/kvB rate is exact there, so
 * per-input fees at fractional rates add up to exactly the fee of the whole transaction.
 */
const MSAT_PER_SAT = 1000n;
/** 272 weight units are exactly 68 vbytes: inputs never change how the transaction's vsize rounds. */
const INPUT_VSIZE = BigInt(P2WPKH_INPUT_WEIGHT / 4);

function byEffectiveValue(candidates: readonly WalletUtxo[], satPerKvb: bigint, longTermSatPerKvb: bigint): Candidate[] {
  const inputFee = INPUT_VSIZE * satPerKvb;
  const waste = inputFee - INPUT_VSIZE * longTermSatPerKvb;
  return candidates
    .map((utxo) => ({ utxo, effectiveValue: utxo.value * MSAT_PER_SAT - inputFee, waste }))
    .filter((candidate) => candidate.effectiveValue > 0n)
    .sort((a, b) => (a.effectiveValue > b.effectiveValue ? -1 : a.effectiveValue < b.effectiveValue ? 1 : 0));
}

/** Coins worth more than the fee of spending them at `satPerKvb`, most valuable first. */
export function economicalCoins(candidates: readonly WalletUtxo[], satPerKvb: bigint): WalletUtxo[] {
  return byEffectiveValue(candidates, satPerKvb, LONG_TERM_FEE_RATE_SAT_PER_KVB).map((candidate) => candidate.utxo);
}

function insufficientFunds(paid: bigint, shortfallMsat: bigint, maxSendableMsat: bigint): EngineError {
  const shortfall = (shortfallMsat + MSAT_PER_SAT - 1n) / MSAT_PER_SAT;
  const most = maxSendableMsat >= MSAT_PER_SAT ? `at most ${maxSendableMsat / MSAT_PER_SAT} sats` : 'nothing';
  return new EngineError(
    'insufficient_funds',
    `Not enough funds: paying ${paid} sats plus the fee needs ${shortfall} sats more than your spendable coins hold. At this fee rate you can send ${most}.`,
  );
}

/** Picks coins paying `outputs` at the fee rate; throws EngineError('insufficient_funds') when they cannot. */
export function selectCoins(request: CoinSelectionRequest): CoinSelection {
  const { satPerKvb, changeScript } = request;
  const pool = byEffectiveValue(request.candidates, satPerKvb, request.longTermSatPerKvb ?? LONG_TERM_FEE_RATE_SAT_PER_KVB);
  const recipientScripts = request.outputs.map((output) => output.script);
  const paid = sumValues(request.outputs);
  // Everything but the inputs, with the input count sized for the whole pool so any subset fits.
  const fixedVsize = BigInt(vsizeOfWeight(weightWithoutInputs(pool.length, recipientScripts)));
  const fixedVsizeWithChange = BigInt(vsizeOfWeight(weightWithoutInputs(pool.length, [...recipientScripts, changeScript])));
  const target = paid * MSAT_PER_SAT + fixedVsize * satPerKvb;
  const targetWithChange = paid * MSAT_PER_SAT + fixedVsizeWithChange * satPerKvb;
  // A change output costs its own fee now and an input's fee when it is spent later.
  const costOfChange = targetWithChange - target + INPUT_VSIZE * DISCARD_FEE_RATE_SAT_PER_KVB;
  const minChange = dustThreshold(changeScript) * MSAT_PER_SAT;

  const changeless = (inputs: WalletUtxo[], algorithm: CoinSelection['algorithm']): CoinSelection => {
    const weight = estimateWeight(inputs.length, recipientScripts);
    return { inputs, change: 0n, fee: sumValues(inputs) - paid, weight, algorithm };
  };

  const exact = branchAndBound(pool, target, costOfChange);
  if (exact) return changeless(exact.map((index) => pool[index]!.utxo), 'branch-and-bound');

  const inputs: WalletUtxo[] = [];
  let effective = 0n;
  let coveringWithoutChange: WalletUtxo[] | undefined;
  for (const candidate of pool) {
    inputs.push(candidate.utxo);
    effective += candidate.effectiveValue;
    if (effective >= target) coveringWithoutChange ??= [...inputs];
    if (effective >= targetWithChange + minChange) {
      const weight = estimateWeight(inputs.length, [...recipientScripts, changeScript]);
      const fee = feeForWeight(weight, satPerKvb);
      return { inputs, change: sumValues(inputs) - paid - fee, fee, weight, algorithm: 'largest-first' };
    }
  }
  // All coins together leave less than a viable change: pay without one, the rest going to the fee.
  if (coveringWithoutChange) return changeless(coveringWithoutChange, 'largest-first');
  throw insufficientFunds(paid, target - effective, effective - fixedVsize * satPerKvb);
}

export interface SweepSelection {
  inputs: WalletUtxo[];
  /** What the single output receives: everything selected minus the fee. */
  amount: bigint;
  fee: bigint;
  weight: number;
}

/** Every economical coin to one output, the fee taken from it. */
export function selectAll(candidates: readonly WalletUtxo[], destination: Uint8Array, satPerKvb: bigint): SweepSelection {
  const inputs = economicalCoins(candidates, satPerKvb);
  const total = sumValues(inputs);
  const weight = estimateWeight(inputs.length, [destination]);
  const fee = feeForWeight(weight, satPerKvb);
  const amount = total - fee;
  const dust = dustThreshold(destination);
  if (inputs.length === 0 || amount < dust) {
    throw new EngineError(
      'insufficient_funds',
      inputs.length === 0
        ? 'Nothing to send: no coin is worth more than the fee to spend it at this fee rate.'
        : `Nothing to send: the ${total} spendable sats minus the ${fee} sats fee leave less than the ${dust} sats this address can receive.`,
    );
  }
  return { inputs, amount, fee, weight };
}
