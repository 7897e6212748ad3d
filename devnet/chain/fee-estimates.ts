import { compareFeerate, type MempoolEntry } from './mempool.ts';

/** Confirmation target in blocks → sat/vB, the targets Esplora reports. */
export type FeeEstimates = Record<string, number>;

export const FEE_TARGETS: readonly number[] = [...Array.from({ length: 25 }, (_, i) => i + 1), 144, 504, 1008];
export const MIN_FEE_ESTIMATE = 1;

/**
 * Derived from the mempool: to confirm within `target` blocks a transaction must outbid whatever would be
 * left out of the next `target` blocks (highest feerates first). Never below the 1 sat/vB relay minimum.
 */
export function estimateFees(entries: MempoolEntry[], blockWeight: number): FeeEstimates {
  const byFeerate = [...entries].sort((a, b) => compareFeerate(b, a));
  const estimates: FeeEstimates = {};
  for (const target of FEE_TARGETS) {
    let weight = 0;
    let estimate = MIN_FEE_ESTIMATE;
    for (const entry of byFeerate) {
      weight += entry.tx.weight;
      if (weight > target * blockWeight) {
        const rate = Number(entry.fee) / entry.tx.vsize;
        estimate = Math.max(MIN_FEE_ESTIMATE, Math.round((rate + 0.001) * 1000) / 1000);
        break;
      }
    }
    estimates[String(target)] = estimate;
  }
  return estimates;
}
