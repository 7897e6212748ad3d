import type { Codec } from './codec.ts';
import { fail } from './errors.ts';
import type { Reader } from './reader.ts';
import { Writer } from './writer.ts';

/** BOLT 1 BigSize: big-endian variable-length integer; non-minimal encodings are rejected. */
export function readBigSize(r: Reader, what = 'bigsize'): bigint {
  const first = r.u8(what);
  if (first < 0xfd) return BigInt(first);
  if (first === 0xfd) {
    const v = r.u16(what);
    if (v < 0xfd) fail('non_minimal', `${what}: non-canonical 2-byte encoding`);
    return BigInt(v);
  }
  if (first === 0xfe) {
    const v = r.u32(what);
    if (v < 0x10000) fail('non_minimal', `${what}: non-canonical 4-byte encoding`);
    return BigInt(v);
  }
  const v = r.u64(what);
  if (v < 0x100000000n) fail('non_minimal', `${what}: non-canonical 8-byte encoding`);
  return v;
}

export function writeBigSize(w: Writer, value: bigint | number): Writer {
  const v = BigInt(value);
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`bigsize out of range: ${v}`);
  if (v < 0xfdn) return w.u8(Number(v));
  if (v <= 0xffffn) return w.u8(0xfd).u16(Number(v));
  if (v <= 0xffffffffn) return w.u8(0xfe).u32(Number(v));
  return w.u8(0xff).u64(v);
}

/** A BigSize field (minimal encoding enforced on decode). */
export const bigSize: Codec<bigint> = {
  read: (r) => readBigSize(r),
  write: (w, v) => void writeBigSize(w, v),
};

export function encodeBigSize(value: bigint | number): Uint8Array {
  return writeBigSize(new Writer(9), value).finish();
}

export function bigSizeLength(value: bigint | number): number {
  const v = BigInt(value);
  return v < 0xfdn ? 1 : v <= 0xffffn ? 3 : v <= 0xffffffffn ? 5 : 9;
}
