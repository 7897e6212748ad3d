import { describe, expect, it } from 'vitest';
import { checkNewPassphrase, estimatePassphraseBits, MIN_PASSPHRASE_LENGTH, passphraseStrength } from './passphrase-check.ts';

describe('passphraseStrength', () => {
  it('requires the minimum length, counting characters not UTF-16 units', () => {
    expect(passphraseStrength('a'.repeat(MIN_PASSPHRASE_LENGTH - 1))).toBe('too_short');
    expect(passphraseStrength('🔑'.repeat(MIN_PASSPHRASE_LENGTH - 1))).toBe('too_short');
    expect(passphraseStrength('')).toBe('too_short');
  });

  it('calls repeats, common passwords and short simple ones weak', () => {
    expect(passphraseStrength('aaaaaaaaaaaa')).toBe('weak');
    expect(passphraseStrength('password123')).toBe('weak');
    expect(passphraseStrength('12345678')).toBe('weak');
    expect(passphraseStrength('Bitcoin2024!')).toBe('weak');
    expect(passphraseStrength('sunshine')).toBe('weak');
  });

  it('rates longer and more varied passphrases higher', () => {
    expect(passphraseStrength('correct horse')).toBe('fair');
    expect(passphraseStrength('Tr4vel-ledger')).toBe('strong');
    expect(passphraseStrength('correct horse battery staple')).toBe('strong');
    expect(passphraseStrength('q8#Lm2!vZx9@Tp')).toBe('strong');
  });

  it('never estimates below zero', () => {
    expect(estimatePassphraseBits('password')).toBeGreaterThanOrEqual(0);
    expect(estimatePassphraseBits('')).toBe(0);
  });
});

describe('checkNewPassphrase', () => {
  it('is quiet while the person is still typing', () => {
    expect(checkNewPassphrase('', '', false)).toEqual({ strength: 'too_short', ok: false });
    // A repeat that is a prefix of the passphrase is probably not finished.
    expect(checkNewPassphrase('correct horse', 'correct', false)).toEqual({ strength: 'fair', ok: false });
  });

  it('says what blocks continuing', () => {
    expect(checkNewPassphrase('short', '', false).passphraseProblem).toMatch(/at least/);
    expect(checkNewPassphrase('correct horse', 'correct house', false).repeatProblem).toMatch(/different/);
    expect(checkNewPassphrase('correct horse', '', true).repeatProblem).toMatch(/again/);
    expect(checkNewPassphrase('correct horse', 'correct', true).repeatProblem).toMatch(/different/);
  });

  it('lets a weak but long-enough matching passphrase through (the hint warns)', () => {
    expect(checkNewPassphrase('password1', 'password1', true)).toEqual({ strength: 'weak', ok: true });
    expect(checkNewPassphrase('correct horse battery', 'correct horse battery', true).ok).toBe(true);
  });
});
