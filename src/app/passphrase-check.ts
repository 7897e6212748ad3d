export const MIN_PASSPHRASE_LENGTH = 8;

export type PassphraseStrength = 'too_short' | 'weak' | 'fair' | 'strong';

// Guessed first by any attacker; a passphrase built around one of these counts as weak.
const COMMON = ['password', 'passw0rd', 'qwerty', 'azerty', '123456', 'letmein', 'iloveyou', 'bitcoin', 'satoshi', 'wallet', 'lightning', 'abc123', 'admin', 'welcome'];

/** A rough guessability estimate in bits: character pool size, length, and penalties for repeats and common words. */
export function estimatePassphraseBits(passphrase: string): number {
  const chars = [...passphrase];
  if (chars.length === 0) return 0;
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z\d]/.test(passphrase)) pool += 33;
  // Characters beyond the first two of each kind add little ("aaaaaaaa", "abababab").
  const counts = new Map<string, number>();
  let effectiveLength = 0;
  for (const c of chars) {
    const seen = counts.get(c) ?? 0;
    counts.set(c, seen + 1);
    effectiveLength += seen < 2 ? 1 : 0.25;
  }
  let bits = effectiveLength * Math.log2(Math.max(pool, 10));
  const lower = passphrase.toLowerCase();
  if (COMMON.some((word) => lower.includes(word))) bits -= 30;
  if (/^(?:0123456789|1234567890|abcdefghij)/.test(lower)) bits -= 20;
  return Math.max(0, bits);
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) return 'too_short';
  const bits = estimatePassphraseBits(passphrase);
  if (bits < 50) return 'weak';
  if (bits < 75) return 'fair';
  return 'strong';
}

export const STRENGTH_HINTS: Record<PassphraseStrength, string> = {
  too_short: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
  weak: 'Weak: easy to guess. Add more words or characters.',
  fair: 'Fair. A few unrelated words make it stronger and still easy to remember.',
  strong: 'Strong.',
};

export interface PassphraseCheck {
  strength: PassphraseStrength;
  /** Blocks continuing: shown next to the first field. */
  passphraseProblem?: string;
  /** Blocks continuing: shown next to the repeat field. */
  repeatProblem?: string;
  ok: boolean;
}

/** Checks a new passphrase and its repetition; `submitted` also reports what is still missing. */
export function checkNewPassphrase(passphrase: string, repeat: string, submitted: boolean): PassphraseCheck {
  const strength = passphraseStrength(passphrase);
  let passphraseProblem: string | undefined;
  let repeatProblem: string | undefined;
  if (strength === 'too_short' && (submitted || passphrase.length > 0)) passphraseProblem = STRENGTH_HINTS.too_short;
  if (repeat.length > 0 && repeat !== passphrase && (submitted || !passphrase.startsWith(repeat))) {
    repeatProblem = 'The two passphrases are different.';
  } else if (repeat.length === 0 && submitted) {
    repeatProblem = 'Type the passphrase again.';
  }
  const ok = strength !== 'too_short' && repeat === passphrase;
  return { strength, ok, ...(passphraseProblem ? { passphraseProblem } : {}), ...(repeatProblem ? { repeatProblem } : {}) };
}
