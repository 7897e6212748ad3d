/** Fee rates in sat/vB: presets from an Esplora /fee-estimates map, or a rate the user types. */
import { EngineError } from '../engine-error.ts';

/** Bitcoin Core's default minimum relay fee: nothing cheaper propagates. */
export const MIN_FEE_RATE = 1;
/** Far above any fee market seen so far; anything higher is a typo (or a lying fee server). */
export const MAX_FEE_RATE = 10_000;

/** Confirmation targets in blocks: within about a day, an hour, and the next block. */
export const FEE_TARGETS = { slow: 144, normal: 6, fast: 1 } as const;

export interface FeeRatePresets {
  slow: number;
  normal: number;
  fast: number;
}

/** Esplora's `/fee-estimates`: confirmation target in blocks → sat/vB. */
export type FeeEstimates = Readonly<Record<string, number>>;

/** Rounds up to a thousandth of a sat/vB (the precision fees are computed with), ignoring float noise. */
function roundUpToMilli(satPerVb: number): number {
  return Math.ceil(satPerVb * 1000 - 1e-6) / 1000;
}

/**
 * The estimate for `target`: at the nearest target at or below it (a faster target never has a
 * lower rate), else at the nearest one above it.
 */
function estimateFor(target: number, entries: readonly (readonly [number, number])[]): number | undefined {
  let below: readonly [number, number] | undefined;
  let above: readonly [number, number] | undefined;
  for (const entry of entries) {
    if (entry[0] <= target) {
      if (!below || entry[0] > below[0]) below = entry;
    } else if (!above || entry[0] < above[0]) {
      above = entry;
    }
  }
  return (below ?? above)?.[1];
}

/**
 * Slow / normal / fast rates from a fee-estimates map. Malformed entries are ignored; rates are kept
 * within [MIN_FEE_RATE, MAX_FEE_RATE] and ordered slow ≤ normal ≤ fast. An empty map (a quiet
 * regtest or signet) gives the minimum for all three.
 */
export function feeRatesFromEstimates(estimates: FeeEstimates): FeeRatePresets {
  const entries: [number, number][] = [];
  for (const [key, rate] of Object.entries(estimates)) {
    const target = Number(key);
    if (Number.isSafeInteger(target) && target > 0 && typeof rate === 'number' && Number.isFinite(rate) && rate > 0) {
      entries.push([target, rate]);
    }
  }
  const clamp = (rate: number | undefined): number => roundUpToMilli(Math.min(MAX_FEE_RATE, Math.max(MIN_FEE_RATE, rate ?? MIN_FEE_RATE)));
  const slow = clamp(estimateFor(FEE_TARGETS.slow, entries));
  const normal = Math.max(slow, clamp(estimateFor(FEE_TARGETS.normal, entries)));
  const fast = Math.max(normal, clamp(estimateFor(FEE_TARGETS.fast, entries)));
  return { slow, normal, fast };
}

/** Validates a rate the user chose, in sat/vB; returns it rounded up to a thousandth. */
export function customFeeRate(satPerVb: number): number {
  if (typeof satPerVb !== 'number' || !Number.isFinite(satPerVb)) {
    throw new EngineError('invalid_fee_rate', 'The fee rate must be a number of sat/vB, e.g. 5.');
  }
  if (satPerVb < MIN_FEE_RATE) {
    throw new EngineError('invalid_fee_rate', `The fee rate must be at least ${MIN_FEE_RATE} sat/vB: nodes do not relay cheaper transactions.`);
  }
  if (satPerVb > MAX_FEE_RATE) {
    throw new EngineError('invalid_fee_rate', `${satPerVb} sat/vB is far above any real fee market (at most ${MAX_FEE_RATE} sat/vB): check for a typo.`);
  }
  return roundUpToMilli(satPerVb);
}

/** A valid sat/vB rate as an integer number of sat per 1000 vbytes, the unit fee arithmetic uses. */
export function toSatPerKvb(satPerVb: number): bigint {
  return BigInt(Math.round(customFeeRate(satPerVb) * 1000));
}
