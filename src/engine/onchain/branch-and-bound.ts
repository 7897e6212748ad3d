/**
 * Branch-and-Bound coin selection (Murch's algorithm as Bitcoin Core runs it): a depth-first search
 * for a set of coins whose effective value lands in [target, target + costOfChange], so the
 * transaction needs no change output. Among the solutions found within the try budget it keeps
 * the least wasteful one.
 */

export interface BnbCandidate {
  /** Value minus the fee its input costs at the current fee rate; positive. */
  effectiveValue: bigint;
  /** Its input fee now minus at the long-term rate: negative when fees are low, so spending is cheap. */
  waste: bigint;
}

export const BNB_MAX_TRIES = 100_000;

/**
 * Indices into `pool` of the best changeless selection, or undefined if there is none (or the
 * search ran out of tries before finding one). `pool` must be sorted by effective value, largest first.
 */
export function branchAndBound(pool: readonly BnbCandidate[], target: bigint, costOfChange: bigint): number[] | undefined {
  const first = pool[0];
  if (!first) return undefined;
  // With fees above the long-term rate each extra input only adds waste, so a branch already more
  // wasteful than the best solution cannot improve.
  const feesAreHigh = first.waste > 0n;
  let available = pool.reduce((sum, candidate) => sum + candidate.effectiveValue, 0n);
  let value = 0n;
  let waste = 0n;
  const selection: number[] = [];
  let best: number[] | undefined;
  let bestWaste = 0n;

  for (let tries = 0, index = 0; tries < BNB_MAX_TRIES; tries++, index++) {
    let backtrack = false;
    if (value + available < target || value > target + costOfChange || (best !== undefined && feesAreHigh && waste > bestWaste)) {
      backtrack = true;
    } else if (value >= target) {
      const total = waste + (value - target);
      if (best === undefined || total <= bestWaste) {
        best = [...selection];
        bestWaste = total;
      }
      backtrack = true;
    }

    if (backtrack) {
      const last = selection.at(-1);
      if (last === undefined) break; // every branch explored
      // Give back the coins skipped after the last included one, then try the branch without it.
      for (index--; index > last; index--) available += pool[index]!.effectiveValue;
      value -= pool[index]!.effectiveValue;
      waste -= pool[index]!.waste;
      selection.pop();
    } else {
      const candidate = pool[index]!;
      available -= candidate.effectiveValue;
      const previous = pool[index - 1];
      // Excluding a coin and then including an identical one explores the same sets again: skip it.
      const duplicateOfExcluded =
        previous !== undefined &&
        selection.at(-1) !== index - 1 &&
        previous.effectiveValue === candidate.effectiveValue &&
        previous.waste === candidate.waste;
      if (selection.length === 0 || !duplicateOfExcluded) {
        selection.push(index);
        value += candidate.effectiveValue;
        waste += candidate.waste;
      }
    }
  }
  return best;
}
