import { readBigSize, writeBigSize } from './bigsize.ts';
import type { Codec } from './codec.ts';
import { fail, DecodeError } from './errors.ts';
import { Reader } from './reader.ts';
import { Writer } from './writer.ts';

export interface TlvRecord {
  type: bigint;
  value: Uint8Array;
}

/** Schema: property name -> record type and the codec of its value. */
export type TlvSchema = Record<string, { type: bigint | number; codec: Codec<unknown> }>;

type ValueOf<E> = E extends { codec: Codec<infer T> } ? T : never;

/** Decoded TLV stream: known records by name; unknown odd records kept verbatim so they survive re-encoding. */
export type TlvValues<S extends TlvSchema> = { [K in keyof S]?: ValueOf<S[K]> } & { unknownOdd?: TlvRecord[] };

export function tlv<T>(type: bigint | number, codec: Codec<T>): { type: bigint; codec: Codec<T> } {
  return { type: BigInt(type), codec };
}

/** Reads raw records, enforcing BOLT 1's framing rules (minimal BigSize, strictly increasing types). */
export function readTlvRecords(r: Reader): TlvRecord[] {
  const records: TlvRecord[] = [];
  let last = -1n;
  while (!r.done) {
    const type = readBigSize(r, 'tlv type');
    const length = readBigSize(r, 'tlv length');
    if (length > BigInt(r.remaining)) fail('truncated', `tlv record ${type}: length ${length} exceeds the ${r.remaining} bytes left`);
    const value = r.bytes(Number(length), 'tlv value').slice();
    if (type <= last) fail('tlv_order', `tlv type ${type} after ${last}: types must strictly increase`);
    last = type;
    records.push({ type, value });
  }
  return records;
}

export function tlvStream<S extends TlvSchema>(schema: S): Codec<TlvValues<S>> {
  const byType = new Map<bigint, [string, Codec<unknown>]>();
  for (const [name, entry] of Object.entries(schema)) byType.set(BigInt(entry.type), [name, entry.codec]);
  const ordered = [...byType.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));

  return {
    read(r) {
      const out: Record<string, unknown> = {};
      const unknownOdd: TlvRecord[] = [];
      for (const rec of readTlvRecords(r)) {
        const known = byType.get(rec.type);
        if (!known) {
          if (rec.type % 2n === 0n) fail('tlv_unknown_even', `unknown even tlv type ${rec.type}`);
          unknownOdd.push(rec);
          continue;
        }
        const [name, codec] = known;
        const inner = new Reader(rec.value);
        try {
          out[name] = codec.read(inner);
        } catch (e) {
          if (e instanceof DecodeError && e.code === 'truncated') fail('tlv_length', `tlv ${name}: value too short (${e.message})`);
          throw e;
        }
        if (!inner.done) fail('tlv_length', `tlv ${name}: ${inner.remaining} bytes left over in the value`);
      }
      if (unknownOdd.length > 0) out.unknownOdd = unknownOdd;
      return out as TlvValues<S>;
    },
    write(w, values) {
      const records: TlvRecord[] = [...((values.unknownOdd as TlvRecord[] | undefined) ?? [])];
      for (const [type, [name, codec]] of ordered) {
        const v = (values as Record<string, unknown>)[name];
        if (v === undefined) continue;
        const inner = new Writer();
        codec.write(inner, v);
        records.push({ type, value: inner.finish() });
      }
      records.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
      for (const rec of records) {
        writeBigSize(w, rec.type);
        writeBigSize(w, rec.value.length);
        w.bytes(rec.value);
      }
    },
  };
}

export function decodeTlvStream<S extends TlvSchema>(schema: S, bytes: Uint8Array): TlvValues<S> {
  return tlvStream(schema).read(new Reader(bytes));
}

export function encodeTlvStream<S extends TlvSchema>(schema: S, values: TlvValues<S>): Uint8Array {
  const w = new Writer();
  tlvStream(schema).write(w, values);
  return w.finish();
}
