import { fail } from '../codec/errors.ts';

/** Conversions between 5-bit words and bytes or integers (BOLT 11 fields are big-endian). */

/** `count` words from `start` as bytes. As in BIP 173, the leftover bits must be fewer than 5 and zero. */
export function wordsToBytes(words: Uint8Array, start: number, count: number, what: string): Uint8Array {
  const out = new Uint8Array((count * 5) >> 3);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = start, end = start + count; i < end; i++) {
    acc = ((acc << 5) | words[i]!) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = acc >>> bits;
    }
  }
  if (bits >= 5) fail('invalid_encoding', `${what}: padding of a whole word or more`);
  if ((acc & ((1 << bits) - 1)) !== 0) fail('invalid_encoding', `${what}: non-zero padding bits`);
  return out;
}

/** Bytes as words, the last one zero-padded. */
export function bytesToWords(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((bytes.length * 8) / 5));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0x1fff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out[j++] = (acc >>> bits) & 31;
    }
  }
  if (bits > 0) out[j] = (acc << (5 - bits)) & 31;
  return out;
}

/** Words packed into bytes with zero padding, written into `out` at `offset` (for the signing data). */
export function packWords(words: Uint8Array, count: number, out: Uint8Array, offset: number): void {
  let acc = 0;
  let bits = 0;
  let j = offset;
  for (let i = 0; i < count; i++) {
    acc = ((acc << 5) | words[i]!) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = acc >>> bits;
    }
  }
  if (bits > 0) out[j] = (acc << (8 - bits)) & 0xff;
}

/** At most 10 words (50 bits) as an exact integer. */
export function wordsToNumber(words: Uint8Array, start: number, count: number): number {
  if (count > 10) throw new RangeError('more than 10 words do not fit a safe integer');
  let n = 0;
  for (let i = start, end = start + count; i < end; i++) n = n * 32 + words[i]!;
  return n;
}

/** Minimal big-endian words of a non-negative safe integer: no leading zero word, so 0 is no words. */
export function numberToWords(n: number): Uint8Array {
  const out: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 32)) out.unshift(x % 32);
  return Uint8Array.from(out);
}
