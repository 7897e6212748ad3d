import { describe, expect, it } from 'vitest';
import { countMnemonicWords, normaliseMnemonicInput } from './mnemonic-input.ts';

describe('normaliseMnemonicInput', () => {
  it('lower-cases and collapses any whitespace', () => {
    expect(normaliseMnemonicInput('  Abandon\tABILITY\n\n able  ')).toBe('abandon ability able');
  });

  it('drops numbering and list punctuation from a written backup', () => {
    expect(normaliseMnemonicInput('1. abandon 2) ability\n3 able, 4.about;')).toBe('abandon ability able about');
    expect(normaliseMnemonicInput('1.abandon 2.ability')).toBe('abandon ability');
  });

  it('removes invisible characters that sneak in with copy and paste', () => {
    expect(normaliseMnemonicInput('aban\u200bdon\ufeff ability')).toBe('abandon ability');
  });

  it('counts words', () => {
    expect(countMnemonicWords('')).toBe(0);
    expect(countMnemonicWords('   ')).toBe(0);
    expect(countMnemonicWords('1. abandon 2. ability')).toBe(2);
  });
});
