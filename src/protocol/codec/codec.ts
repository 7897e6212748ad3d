import { isValidPublicKey } from '../crypto/secp256k1.ts';
import { fail } from './errors.ts';
import type { Reader } from './reader.ts';
import type { Writer } from './writer.ts';

/** A field codec: one definition used for both directions. */
export interface Codec<T> {
  read(r: Reader): T;
  write(w: Writer, value: T): void;
}

export type Infer<C> = C extends Codec<infer T> ? T : never;

export const u8: Codec<number> = { read: (r) => r.u8(), write: (w, v) => void w.u8(v) };
export const u16: Codec<number> = { read: (r) => r.u16(), write: (w, v) => void w.u16(v) };
export const u32: Codec<number> = { read: (r) => r.u32(), write: (w, v) => void w.u32(v) };
export const u64: Codec<bigint> = { read: (r) => r.u64(), write: (w, v) => void w.u64(v) };

/** Signed integers (BOLT 1 Appendix D): big-endian two's complement. */
export const s8: Codec<number> = { read: (r) => (r.u8() << 24) >> 24, write: (w, v) => void w.u8(v & 0xff) };
export const s16: Codec<number> = { read: (r) => (r.u16() << 16) >> 16, write: (w, v) => void w.u16(v & 0xffff) };
export const s32: Codec<number> = { read: (r) => r.u32() | 0, write: (w, v) => void w.u32(v >>> 0) };
export const s64: Codec<bigint> = { read: (r) => BigInt.asIntN(64, r.u64()), write: (w, v) => void w.u64(BigInt.asUintN(64, v)) };

/** Truncated integers consume the rest of their TLV record, so they may only be a record's last field. */
function truncatedCodec(maxBytes: number): Codec<bigint> {
  return {
    read: (r) => r.truncated(r.remaining, maxBytes, `tu${maxBytes * 8}`),
    write: (w, v) => {
      if (v < 0n || v >= 1n << BigInt(maxBytes * 8)) throw new RangeError(`tu${maxBytes * 8} out of range: ${v}`);
      w.truncated(v);
    },
  };
}
export const tu64 = truncatedCodec(8);
const tu32Big = truncatedCodec(4);
const tu16Big = truncatedCodec(2);
export const tu32: Codec<number> = { read: (r) => Number(tu32Big.read(r)), write: (w, v) => tu32Big.write(w, BigInt(v)) };
export const tu16: Codec<number> = { read: (r) => Number(tu16Big.read(r)), write: (w, v) => tu16Big.write(w, BigInt(v)) };

export function fixedBytes(length: number, what = `${length}-byte field`): Codec<Uint8Array> {
  return {
    read: (r) => r.bytes(length, what).slice(),
    write: (w, v) => {
      if (v.length !== length) throw new RangeError(`${what}: expected ${length} bytes, got ${v.length}`);
      w.bytes(v);
    },
  };
}

export const bytes32 = fixedBytes(32);
export const chainHash = fixedBytes(32, 'chain_hash');
export const channelId = fixedBytes(32, 'channel_id');
export const sha256Field = fixedBytes(32, 'sha256');
export const signature = fixedBytes(64, 'signature');

/** A compressed secp256k1 point, validated on decode. */
export const point: Codec<Uint8Array> = {
  read: (r) => {
    const raw = r.bytes(33, 'point').slice();
    if (!isValidPoint(raw)) fail('invalid_point', 'not a valid compressed secp256k1 point');
    return raw;
  },
  write: (w, v) => {
    if (v.length !== 33) throw new RangeError('point must be 33 bytes');
    w.bytes(v);
  },
};

export function isValidPoint(raw: Uint8Array): boolean {
  return isValidPublicKey(raw);
}

/** Everything until the end of the enclosing record or message. */
export const restBytes: Codec<Uint8Array> = { read: (r) => r.rest().slice(), write: (w, v) => void w.bytes(v) };

/** u16 length followed by that many bytes. */
export const bytes16: Codec<Uint8Array> = {
  read: (r) => r.bytes(r.u16('length'), 'length-prefixed bytes').slice(),
  write: (w, v) => {
    if (v.length > 0xffff) throw new RangeError('u16-prefixed field longer than 65535 bytes');
    w.u16(v.length).bytes(v);
  },
};

/** u16 count followed by that many items. */
export function array16<T>(item: Codec<T>): Codec<T[]> {
  return {
    read: (r) => {
      const n = r.u16('count');
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(item.read(r));
      return out;
    },
    write: (w, v) => {
      if (v.length > 0xffff) throw new RangeError('too many items for a u16 count');
      w.u16(v.length);
      for (const x of v) item.write(w, x);
    },
  };
}

/** Items repeated until the end of the record. */
export function arrayToEnd<T>(item: Codec<T>): Codec<T[]> {
  return {
    read: (r) => {
      const out: T[] = [];
      while (!r.done) out.push(item.read(r));
      return out;
    },
    write: (w, v) => {
      for (const x of v) item.write(w, x);
    },
  };
}

/** A fixed sequence of named fields, in order. */
export function struct<F extends Record<string, Codec<unknown>>>(fields: F): Codec<{ [K in keyof F]: Infer<F[K]> }> {
  const entries = Object.entries(fields);
  return {
    read: (r) => {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.read(r);
      return out as { [K in keyof F]: Infer<F[K]> };
    },
    write: (w, v) => {
      for (const [name, codec] of entries) codec.write(w, (v as Record<string, unknown>)[name]);
    },
  };
}

/** short_channel_id: block height (3 bytes), tx index (3 bytes), output index (2 bytes). */
export interface ShortChannelId {
  block: number;
  txIndex: number;
  outputIndex: number;
}
export const shortChannelId: Codec<ShortChannelId> = {
  read: (r) => {
    return scidFromBigInt(r.u64('short_channel_id'));
  },
  write: (w, v) => void w.u64(scidToBigInt(v)),
};

export function scidToBigInt(s: ShortChannelId): bigint {
  return (BigInt(s.block) << 40n) | (BigInt(s.txIndex) << 16n) | BigInt(s.outputIndex);
}

export function scidFromBigInt(v: bigint): ShortChannelId {
  return { block: Number(v >> 40n), txIndex: Number((v >> 16n) & 0xffffffn), outputIndex: Number(v & 0xffffn) };
}

export function formatScid(s: ShortChannelId): string {
  return `${s.block}x${s.txIndex}x${s.outputIndex}`;
}
