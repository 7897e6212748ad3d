import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchAndBound, type BnbCandidate } from './branch-and-bound.ts';

/** Every subset, for checking the search against. */
function bruteForce(pool: readonly BnbCandidate[], target: bigint, costOfChange: bigint): bigint | undefined {
  let best: bigint | undefined;
  for (let mask = 1; mask < 1 << pool.length; mask++) {
    let value = 0n;
    let waste = 0n;
    pool.forEach((candidate, index) => {
      if (mask & (1 << index)) {
        value += candidate.effectiveValue;
        waste += candidate.waste;
      }
    });
    if (value >= target && value <= target + costOfChange) {
      const total = waste + value - target;
      if (best === undefined || total < best) best = total;
    }
  }
  return best;
}

const candidate = (effectiveValue: bigint, waste = 0n): BnbCandidate => ({ effectiveValue, waste });

describe('Branch-and-Bound', () => {
  it('finds an exact match that largest-first would miss', () => {
    const pool = [10n, 7n, 6n, 5n].map((value) => candidate(value));
    // 10 with anything overshoots, 10 alone falls short: only 7 + 5 hits 12 exactly.
    expect(branchAndBound(pool, 12n, 0n)).toEqual([1, 3]);
    expect(branchAndBound(pool, 12n, 0n)?.map((i) => pool[i]!.effectiveValue)).toEqual([7n, 5n]);
  });

  it('returns undefined when no subset lands in the window', () => {
    expect(branchAndBound([candidate(10n), candidate(4n)], 5n, 3n)).toBeUndefined();
    expect(branchAndBound([], 1n, 100n)).toBeUndefined();
    expect(branchAndBound([candidate(3n), candidate(3n)], 7n, 100n)).toBeUndefined();
  });

  it('handles runs of identical coins', () => {
    const pool = Array.from({ length: 40 }, () => candidate(1000n, 5n));
    expect(branchAndBound(pool, 5000n, 0n)).toHaveLength(5);
    expect(branchAndBound(pool, 5001n, 999n)).toHaveLength(6);
  });

  it('finds a solution exactly when one exists, the least wasteful one when fees are high', () => {
    const pool = fc
      .array(fc.tuple(fc.bigInt({ min: 1n, max: 5000n }), fc.bigInt({ min: -50n, max: 50n })), { maxLength: 10 })
      .map((items) => items.map(([value, waste]) => candidate(value, waste)).sort((a, b) => (a.effectiveValue > b.effectiveValue ? -1 : a.effectiveValue < b.effectiveValue ? 1 : 0)));
    fc.assert(
      fc.property(pool, fc.bigInt({ min: 1n, max: 20_000n }), fc.bigInt({ min: 0n, max: 500n }), (coins, target, costOfChange) => {
        // One fee rate for all coins, as in the wallet: waste is then the same for all or has one sign.
        const uniform = coins.map((coin) => candidate(coin.effectiveValue, coins[0]?.waste ?? 0n));
        const found = branchAndBound(uniform, target, costOfChange);
        const best = bruteForce(uniform, target, costOfChange);
        expect(found === undefined).toBe(best === undefined);
        if (found) {
          expect(new Set(found).size).toBe(found.length);
          const value = found.reduce((sum, index) => sum + uniform[index]!.effectiveValue, 0n);
          const waste = found.reduce((sum, index) => sum + uniform[index]!.waste, 0n) + value - target;
          expect(value >= target && value <= target + costOfChange).toBe(true);
          // Like Bitcoin Core's, the search stops extending a selection once it is in range, so it is
          // optimal only when each input adds waste (fees above the long-term rate).
          if ((uniform[0]?.waste ?? 0n) >= 0n) expect(waste).toBe(best);
          else expect(waste).toBeGreaterThanOrEqual(best!);
        }
      }),
      { numRuns: 500 },
    );
  });
});
