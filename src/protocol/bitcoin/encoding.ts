/**
 * Bitcoin's little-endian wire primitives. Writing goes into an exactly pre-sized buffer
 * (callers compute the size first), so serialising never reallocates.
 */
import { fail } from '../codec/errors.ts';
import type { Reader } from '../codec/reader.ts';

/** Bitcoin Core's MAX_SIZE: no CompactSize in a transaction may exceed it. */
const MAX_COMPACT_SIZE = 0x02000000;

export function compactSizeLength(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : 5;
}

/** Length of a CompactSize-prefixed byte string. */
export function varBytesLength(bytes: Uint8Array): number {
  return compactSizeLength(bytes.length) + bytes.length;
}

export class LeWriter {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  private pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  u8(v: number): void {
    this.buf[this.pos++] = v;
  }
  u32(v: number): void {
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  u64(v: bigint): void {
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  compactSize(n: number): void {
    if (n < 0xfd) {
      this.u8(n);
    } else if (n <= 0xffff) {
      this.u8(0xfd);
      this.view.setUint16(this.pos, n, true);
      this.pos += 2;
    } else {
      this.u8(0xfe);
      this.u32(n);
    }
  }
  varBytes(b: Uint8Array): void {
    this.compactSize(b.length);
    this.bytes(b);
  }
  /** The filled buffer; a size mismatch means the caller's size computation is wrong. */
  finish(): Uint8Array {
    if (this.pos !== this.buf.length) throw new Error(`LeWriter: wrote ${this.pos} of ${this.buf.length} bytes`);
    return this.buf;
  }
}

export function readU32LE(r: Reader, what: string): number {
  const b = r.bytes(4, what);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

export function readU64LE(r: Reader, what: string): bigint {
  const lo = readU32LE(r, what);
  const hi = readU32LE(r, what);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** A canonical CompactSize no larger than Bitcoin Core's MAX_SIZE. */
export function readCompactSize(r: Reader, what: string): number {
  const first = r.u8(what);
  let value: number;
  let min: number;
  if (first < 0xfd) return first;
  if (first === 0xfd) {
    const b = r.bytes(2, what);
    value = b[0]! | (b[1]! << 8);
    min = 0xfd;
  } else if (first === 0xfe) {
    value = readU32LE(r, what);
    min = 0x10000;
  } else {
    const v = readU64LE(r, what);
    if (v > BigInt(MAX_COMPACT_SIZE)) fail('invalid_value', `${what}: ${v} exceeds ${MAX_COMPACT_SIZE}`);
    value = Number(v);
    min = 0x100000000;
  }
  if (value < min) fail('non_minimal', `${what}: CompactSize ${value} is not minimally encoded`);
  if (value > MAX_COMPACT_SIZE) fail('invalid_value', `${what}: ${value} exceeds ${MAX_COMPACT_SIZE}`);
  return value;
}
