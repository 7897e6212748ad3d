/** Command-line flags of the benches. */

/** An integer flag's value: at least 1, or at least 0 with `allowZero`. */
export function integerFlag(name: string, text: string | undefined, allowZero = false): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, not ${text}`);
  }
  return value;
}
