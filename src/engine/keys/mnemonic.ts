/**
 * BIP39 recovery phrases (English word list): creating one, reading one a person typed or
 * pasted, and turning it into the 64-byte seed every wallet key is derived from.
 */
import { entropyToMnemonic, mnemonicToEntropy, mnemonicToSeedWebcrypto } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { EngineError } from '../engine-error.ts';

/** A checked BIP39 phrase in canonical form: lower-case words of the English list, single spaces. */
export type Mnemonic = string & { readonly __brand: 'Mnemonic' };

export const MNEMONIC_WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];
/** Entropy lengths (bytes) matching MNEMONIC_WORD_COUNTS. */
export const MNEMONIC_ENTROPY_LENGTHS: readonly number[] = [16, 20, 24, 28, 32];

const WORDS = new Set(wordlist);
// BIP39 guarantees the first four letters identify an English word.
const BY_PREFIX = new Map(wordlist.map((word) => [word.slice(0, 4), word]));

/** A word that is not in the BIP39 list; position is 1-based, as a person counts. */
export class MnemonicWordError extends EngineError {
  constructor(
    readonly word: string,
    readonly position: number,
    readonly suggestion: string | undefined,
  ) {
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    super('mnemonic_unknown_word', `word ${position}, "${word}", is not in the BIP39 word list${hint}`);
  }
}

/** A new 12-word phrase from 128 bits of the platform's secure randomness. */
export function createMnemonic(): Mnemonic {
  return entropyToMnemonic(crypto.getRandomValues(new Uint8Array(16)), wordlist) as Mnemonic;
}

/**
 * The words of a phrase as a person typed or pasted it: any case, any run of spaces, tabs,
 * new lines or commas between words, and "1." / "2)" style numbering from a written backup.
 */
export function mnemonicWords(input: string): string[] {
  return input
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .split(/[\s,;]+/)
    .map((token) => token.replace(/^\d+[.):-]?/, ''))
    .filter((word) => word.length > 0);
}

/** Checks a typed or pasted phrase; a bad one throws an EngineError saying what is wrong with it. */
export function parseMnemonic(input: string): Mnemonic {
  const words = mnemonicWords(input);
  if (!MNEMONIC_WORD_COUNTS.includes(words.length)) {
    throw new EngineError(
      'mnemonic_word_count',
      `a recovery phrase has 12 or 24 words (15, 18 and 21 are also allowed); this one has ${words.length}`,
    );
  }
  words.forEach((word, i) => {
    if (!WORDS.has(word)) throw new MnemonicWordError(word, i + 1, word.length >= 4 ? BY_PREFIX.get(word.slice(0, 4)) : undefined);
  });
  const phrase = words.join(' ');
  try {
    mnemonicToEntropy(phrase, wordlist);
  } catch {
    throw new EngineError(
      'mnemonic_bad_checksum',
      'every word is in the BIP39 list but the phrase does not check out: look for a word written down wrongly or two words in the wrong order',
    );
  }
  return phrase as Mnemonic;
}

/** The BIP39 seed (PBKDF2-HMAC-SHA512, 2048 rounds) with an optional BIP39 passphrase ("25th word"). */
export async function mnemonicToSeed(mnemonic: Mnemonic, passphrase = ''): Promise<Uint8Array> {
  return mnemonicToSeedWebcrypto(mnemonic, passphrase);
}

/** The entropy a phrase encodes (16 bytes for 12 words). */
export function mnemonicEntropy(mnemonic: Mnemonic): Uint8Array {
  return mnemonicToEntropy(mnemonic, wordlist);
}

/** The phrase for some entropy; the length must be one of MNEMONIC_ENTROPY_LENGTHS. */
export function mnemonicFromEntropy(entropy: Uint8Array): Mnemonic {
  if (!MNEMONIC_ENTROPY_LENGTHS.includes(entropy.length)) throw new RangeError(`BIP39 entropy cannot be ${entropy.length} bytes`);
  return entropyToMnemonic(entropy, wordlist) as Mnemonic;
}
