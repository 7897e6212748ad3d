/** A uniform random integer in [0, maxExclusive) from the platform's secure randomness. */
export function secureRandomInt(maxExclusive: number): number {
  // Rejection sampling keeps every value equally likely.
  const limit = Math.floor(0x1_0000_0000 / maxExclusive) * maxExclusive;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0]!;
    if (value < limit) return value % maxExclusive;
  }
}

/** Which words (0-based, ascending) a person must type back to show they wrote the phrase down. */
export function pickConfirmPositions(wordCount: number, count: number, randomInt: (maxExclusive: number) => number = secureRandomInt): number[] {
  if (!Number.isInteger(count) || count < 0 || count > wordCount) throw new RangeError(`cannot pick ${count} of ${wordCount} words`);
  const remaining = Array.from({ length: wordCount }, (_, i) => i);
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const [position] = remaining.splice(randomInt(remaining.length), 1);
    picked.push(position!);
  }
  return picked.sort((a, b) => a - b);
}

/** Whether a typed word is the expected one, forgiving case and surrounding spaces. */
export function confirmWordMatches(expected: string, typed: string): boolean {
  return typed.trim().toLowerCase() === expected.toLowerCase();
}
