import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { hex } from '@scure/base';

export const toHex = (bytes: Uint8Array): string => hex.encode(bytes);
export const fromHex = (text: string): Uint8Array => hex.decode(text);

export function isHex(text: string, byteLength?: number): boolean {
  if (byteLength !== undefined && text.length !== byteLength * 2) return false;
  return text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text);
}

export const sha256d = (data: Uint8Array): Uint8Array => sha256(sha256(data));

/** Hashes are shown reversed ("display order") by every Bitcoin tool; this flips between the two. */
export const reversed = (bytes: Uint8Array): Uint8Array => Uint8Array.from(bytes).reverse();
export const hashToDisplay = (internal: Uint8Array): string => toHex(reversed(internal));
export const displayToHash = (display: string): Uint8Array => reversed(fromHex(display));

export { concatBytes };

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  peekByte(ahead = 0): number {
    const value = this.bytes[this.offset + ahead];
    if (value === undefined) throw new RangeError('unexpected end of data');
    return value;
  }

  take(length: number): Uint8Array {
    if (length < 0 || this.offset + length > this.bytes.length) throw new RangeError('unexpected end of data');
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(): number {
    const value = this.peekByte();
    this.offset += 1;
    return value;
  }

  u32(): number {
    this.ensure(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  u64(): bigint {
    this.ensure(8);
    const value = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return value;
  }

  /** Bitcoin's CompactSize, rejecting non-canonical encodings like bitcoind does. */
  compactSize(): number {
    const first = this.u8();
    if (first < 0xfd) return first;
    let value: number;
    if (first === 0xfd) {
      this.ensure(2);
      value = this.view.getUint16(this.offset, true);
      this.offset += 2;
      if (value < 0xfd) throw new RangeError('non-canonical compact size');
    } else if (first === 0xfe) {
      value = this.u32();
      if (value <= 0xffff) throw new RangeError('non-canonical compact size');
    } else {
      const big = this.u64();
      if (big <= 0xffffffffn) throw new RangeError('non-canonical compact size');
      throw new RangeError('compact size too large');
    }
    if (value > 0x02000000) throw new RangeError('compact size too large');
    return value;
  }

  varBytes(): Uint8Array {
    return this.take(this.compactSize());
  }

  private ensure(length: number): void {
    if (this.offset + length > this.bytes.length) throw new RangeError('unexpected end of data');
  }
}

export class ByteWriter {
  private readonly parts: Uint8Array[] = [];

  bytes(data: Uint8Array): this {
    this.parts.push(data);
    return this;
  }

  u8(value: number): this {
    return this.bytes(Uint8Array.of(value));
  }

  u32(value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value >>> 0, true);
    return this.bytes(out);
  }

  u64(value: bigint): this {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, value, true);
    return this.bytes(out);
  }

  compactSize(value: number): this {
    return this.bytes(encodeCompactSize(value));
  }

  varBytes(data: Uint8Array): this {
    return this.compactSize(data.length).bytes(data);
  }

  finish(): Uint8Array {
    return concatBytes(...this.parts);
  }
}

export function encodeCompactSize(value: number): Uint8Array {
  if (value < 0xfd) return Uint8Array.of(value);
  if (value <= 0xffff) return Uint8Array.of(0xfd, value & 0xff, value >>> 8);
  const out = new Uint8Array(5);
  out[0] = 0xfe;
  new DataView(out.buffer).setUint32(1, value, true);
  return out;
}
