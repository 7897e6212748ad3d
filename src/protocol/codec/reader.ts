import { fail } from './errors.ts';

/** Cursor over untrusted bytes. Every read checks bounds and throws DecodeError('truncated'). */
export class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number, what: string): void {
    if (this.remaining < n) fail('truncated', `${what}: need ${n} bytes, have ${this.remaining}`);
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }
  u16(what = 'u16'): number {
    this.need(2, what);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(what = 'u32'): number {
    this.need(4, what);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  u64(what = 'u64'): bigint {
    const hi = this.u32(what);
    const lo = this.u32(what);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  bytes(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** All bytes left, consuming them. */
  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }
  /** Truncated unsigned integer (tu16/tu32/tu64): big-endian, no leading zero bytes. */
  truncated(length: number, maxBytes: number, what = 'truncated integer'): bigint {
    if (length > maxBytes) fail('tlv_length', `${what}: ${length} bytes is longer than ${maxBytes}`);
    const raw = this.bytes(length, what);
    if (raw.length > 0 && raw[0] === 0) fail('non_minimal', `${what}: leading zero byte`);
    let v = 0n;
    for (const byte of raw) v = (v << 8n) | BigInt(byte);
    return v;
  }
  expectEnd(what = 'message'): void {
    if (this.remaining !== 0) fail('trailing_bytes', `${what}: ${this.remaining} unexpected trailing bytes`);
  }
}
