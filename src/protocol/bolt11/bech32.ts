import { fail } from '../codec/errors.ts';

/**
 * BIP 173 bech32 for invoices: no 90-character limit, and the data part stays as 5-bit words,
 * because BOLT 11 fields are not byte-aligned. Errors name the exact problem.
 */

export const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CHECKSUM_WORDS = 6;
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

/** Character code (either case) to its 5-bit value; -1 outside the alphabet. */
const WORD_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  WORD_OF[CHARSET.charCodeAt(i)] = i;
  WORD_OF[CHARSET.toUpperCase().charCodeAt(i)] = i;
}

function polymodStep(chk: number, word: number): number {
  const top = chk >>> 25;
  chk = ((chk & 0x1ffffff) << 5) ^ word;
  if (top & 1) chk ^= 0x3b6a57b2;
  if (top & 2) chk ^= 0x26508e6d;
  if (top & 4) chk ^= 0x1ea119fa;
  if (top & 8) chk ^= 0x3d4233dd;
  if (top & 16) chk ^= 0x2a1462b3;
  return chk;
}

/** The checksum state after the expanded human-readable part `text[0, end)`, folded to lower case. */
function hrpChecksum(text: string, end: number): number {
  let chk = 1;
  for (let i = 0; i < end; i++) chk = polymodStep(chk, lowerCode(text.charCodeAt(i)) >> 5);
  chk = polymodStep(chk, 0);
  for (let i = 0; i < end; i++) chk = polymodStep(chk, lowerCode(text.charCodeAt(i)) & 31);
  return chk;
}

function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A short, printable excerpt of hostile input for error messages. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

export interface Bech32Words {
  /** Human-readable part, lower case. */
  hrp: string;
  /** Data part without the checksum. */
  words: Uint8Array;
}

export function decodeBech32(text: string): Bech32Words {
  const separator = text.lastIndexOf('1');
  if (separator < 0) fail('invalid_encoding', 'malformed bech32: no separator "1"');
  if (separator === 0) fail('invalid_encoding', 'malformed bech32: empty human-readable part');
  if (text.length - separator - 1 < CHECKSUM_WORDS) fail('invalid_encoding', 'malformed bech32: data part shorter than the checksum');

  let lower = false;
  let upper = false;
  for (let i = 0; i < separator; i++) {
    const c = text.charCodeAt(i);
    if (c < 33 || c > 126) fail('invalid_encoding', `invalid character in bech32 human-readable part at position ${i}`);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
  }
  const words = new Uint8Array(text.length - separator - 1 - CHECKSUM_WORDS);
  let chk = hrpChecksum(text, separator);
  let j = 0;
  for (let i = separator + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const word = c < 128 ? WORD_OF[c]! : -1;
    if (word < 0) fail('invalid_encoding', `invalid bech32 character ${quote(text[i]!)} at position ${i}`);
    if (c >= 97) lower = true;
    else if (c >= 65) upper = true;
    chk = polymodStep(chk, word);
    if (j < words.length) words[j++] = word;
  }
  if (lower && upper) fail('invalid_encoding', 'malformed bech32: mixed case');
  if (chk === BECH32M_CONST) fail('invalid_checksum', 'invalid checksum: bech32m, but invoices use bech32');
  if (chk !== BECH32_CONST) fail('invalid_checksum', 'invalid bech32 checksum');
  return { hrp: upper ? text.slice(0, separator).toLowerCase() : text.slice(0, separator), words };
}

/** Lower-case bech32 string of an already valid lower-case hrp and 5-bit words. */
export function encodeBech32(hrp: string, words: Uint8Array): string {
  let chk = hrpChecksum(hrp, hrp.length);
  let out = `${hrp}1`;
  for (const word of words) {
    chk = polymodStep(chk, word);
    out += CHARSET[word];
  }
  for (let i = 0; i < CHECKSUM_WORDS; i++) chk = polymodStep(chk, 0);
  chk ^= BECH32_CONST;
  for (let i = 0; i < CHECKSUM_WORDS; i++) out += CHARSET[(chk >>> (5 * (CHECKSUM_WORDS - 1 - i))) & 31];
  return out;
}
