/** Randomness for privacy choices (input order, change position); injectable so tests can pin it. */

/** A uniform integer in [0, bound). */
export type RandomInt = (bound: number) => number;

export const secureRandomInt: RandomInt = (bound) => {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`random bound must be in 1..2^32, got ${bound}`);
  // Rejection sampling: drop the top partial range so every result is equally likely.
  const limit = 2 ** 32 - (2 ** 32 % bound);
  const word = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(word);
    if (word[0]! < limit) return word[0]! % bound;
  }
};

/** A Fisher–Yates shuffled copy. */
export function shuffled<T>(items: readonly T[], random: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
