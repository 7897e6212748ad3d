import { describe, expect, it } from 'vitest';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { hex } from '../../protocol/codec/bytes.ts';
import {
  MnemonicWordError,
  createMnemonic,
  mnemonicEntropy,
  mnemonicFromEntropy,
  mnemonicToSeed,
  mnemonicWords,
  parseMnemonic,
  type Mnemonic,
} from './mnemonic.ts';
import { engineError } from './test-support.ts';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('creating a phrase', () => {
  it('makes 12 words of the BIP39 list with a valid checksum', () => {
    const mnemonic = createMnemonic();
    const words = mnemonic.split(' ');
    expect(words).toHaveLength(12);
    for (const word of words) expect(wordlist).toContain(word);
    expect(parseMnemonic(mnemonic)).toBe(mnemonic);
  });

  it('draws fresh entropy every time', () => {
    const phrases = new Set(Array.from({ length: 20 }, () => createMnemonic()));
    expect(phrases.size).toBe(20);
  });
});

describe('reading a phrase a person typed', () => {
  it('accepts odd spacing, capitals, new lines, commas and numbering', () => {
    expect(parseMnemonic(`  Abandon   ABANDON\tabandon\nabandon, abandon abandon\r\nabandon abandon abandon abandon abandon About \n`)).toBe(ABANDON);
    const numbered = ABANDON.split(' ')
      .map((w, i) => `${i + 1}. ${w}`)
      .join('\n');
    expect(parseMnemonic(numbered)).toBe(ABANDON);
    expect(parseMnemonic(ABANDON.split(' ').map((w, i) => `${i + 1})${w}`).join(' '))).toBe(ABANDON);
  });

  it('accepts full-width letters and non-breaking spaces (Unicode compatibility forms)', () => {
    expect(parseMnemonic(ABANDON.replace('about', 'ａｂｏｕｔ').replaceAll(' ', '\u00a0'))).toBe(ABANDON);
  });

  it('names an unknown word and its position, with a suggestion when the first four letters match', () => {
    const error = engineError(() => parseMnemonic(ABANDON.replace(/^(\S+ \S+ )abandon/, '$1abnadon')));
    expect(error).toBeInstanceOf(MnemonicWordError);
    expect(error.code).toBe('mnemonic_unknown_word');
    expect(error).toMatchObject({ word: 'abnadon', position: 3, suggestion: undefined });
    expect(error.message).toContain('word 3, "abnadon"');

    const near = engineError(() => parseMnemonic(ABANDON.replace('about', 'aboutt')));
    expect(near).toMatchObject({ word: 'aboutt', position: 12, suggestion: 'about' });
    expect(near.message).toContain('did you mean "about"');
  });

  it('rejects a wrong number of words, saying how many there were', () => {
    const error = engineError(() => parseMnemonic(ABANDON.split(' ').slice(0, 11).join(' ')));
    expect(error.code).toBe('mnemonic_word_count');
    expect(error.message).toContain('has 11');
    expect(engineError(() => parseMnemonic('')).code).toBe('mnemonic_word_count');
    expect(engineError(() => parseMnemonic(`${ABANDON} abandon`)).code).toBe('mnemonic_word_count');
  });

  it('rejects valid words with a bad checksum as its own error', () => {
    const error = engineError(() => parseMnemonic(ABANDON.replace('about', 'abandon')));
    expect(error.code).toBe('mnemonic_bad_checksum');
    // A BIP39 test phrase with its second and third words swapped.
    const swapped = 'legal thank winner year wave sausage worth useful legal winner thank yellow';
    expect(engineError(() => parseMnemonic(swapped)).code).toBe('mnemonic_bad_checksum');
    expect(parseMnemonic('legal winner thank year wave sausage worth useful legal winner thank yellow')).toContain('legal winner');
  });

  it('accepts 24-word phrases from other wallets', () => {
    const phrase = mnemonicFromEntropy(new Uint8Array(32).fill(0x7f));
    expect(phrase.split(' ')).toHaveLength(24);
    expect(parseMnemonic(phrase.toUpperCase())).toBe(phrase);
  });

  it('splits on separators and drops numbering only', () => {
    expect(mnemonicWords(' 1. zoo,2) zoo ; 3:zoo  ')).toEqual(['zoo', 'zoo', 'zoo']);
  });
});

describe('seed and entropy', () => {
  it('gives the BIP39 seed (Trezor vectors, passphrase "TREZOR" and none)', async () => {
    const mnemonic = parseMnemonic(ABANDON);
    expect(hex(await mnemonicToSeed(mnemonic, 'TREZOR'))).toBe(
      'c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04',
    );
    expect(hex(await mnemonicToSeed(mnemonic))).toBe(
      '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4',
    );
  });

  it('round-trips entropy and rejects lengths BIP39 does not define', () => {
    const mnemonic = parseMnemonic(ABANDON);
    expect(hex(mnemonicEntropy(mnemonic))).toBe('00'.repeat(16));
    expect(mnemonicFromEntropy(mnemonicEntropy(mnemonic))).toBe(mnemonic);
    expect(() => mnemonicFromEntropy(new Uint8Array(17))).toThrow(RangeError);
    const random = createMnemonic();
    expect(mnemonicFromEntropy(mnemonicEntropy(random))).toBe(random);
    expect(mnemonicEntropy(random as Mnemonic)).toHaveLength(16);
  });
});
