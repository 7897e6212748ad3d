import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { fromHex, hex } from './bytes.ts';
import { point, s16, s32, s64, s8, shortChannelId, struct, tu32, tu64, u16, u64, type Codec } from './codec.ts';
import { DecodeError } from './errors.ts';
import { Reader } from './reader.ts';
import { decodeTlvStream, encodeTlvStream, tlv, type TlvSchema } from './tlv.ts';
import { Writer } from './writer.ts';

interface FieldSpec {
  type: string;
  name: string;
}
interface TlvVectors {
  namespaces: Record<string, Record<string, { name: string; fields: FieldSpec[] }>>;
  decoding_failures: { stream: string; namespaces: string[]; reason: string }[];
  decoding_successes_ignored: { stream: string; namespaces: string[] }[];
  decoding_successes_n1: { stream: string; record: string; values: Record<string, string> }[];
  stream_decoding_failures: { stream: string; namespaces: string[]; reason: string }[];
}
const vectors = loadVectors<TlvVectors>('bolt01-tlv.json');

const fieldCodecs: Record<string, Codec<unknown>> = {
  tu64: tu64 as Codec<unknown>,
  tu32: tu32 as Codec<unknown>,
  u64: u64 as Codec<unknown>,
  u16: u16 as Codec<unknown>,
  point: point as Codec<unknown>,
  short_channel_id: shortChannelId as Codec<unknown>,
};

/** Builds each test namespace's schema from the vector file's own description of it. */
function schemaOf(namespace: string): TlvSchema {
  const schema: TlvSchema = {};
  for (const [type, record] of Object.entries(vectors.namespaces[namespace]!)) {
    const fields = Object.fromEntries(record.fields.map((f) => [f.name, fieldCodecs[f.type]!]));
    schema[record.name] = tlv(BigInt(type), struct(fields) as Codec<unknown>);
  }
  return schema;
}

function expectedValue(value: string): unknown {
  const scid = /^(\d+)x(\d+)x(\d+)$/.exec(value);
  if (scid) return { block: Number(scid[1]), txIndex: Number(scid[2]), outputIndex: Number(scid[3]) };
  if (/^[0-9a-f]{66}$/.test(value)) return fromHex(value);
  return value;
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  if (v instanceof Uint8Array) return hex(v);
  return v;
}

describe('TLV streams (BOLT 1 Appendix B)', () => {
  const failures = [...vectors.decoding_failures, ...vectors.stream_decoding_failures];
  it.each(failures.map((v) => [`${v.stream} (${v.reason})`, v] as const))('rejects %s', (_name, v) => {
    for (const ns of v.namespaces) {
      expect(() => decodeTlvStream(schemaOf(ns), fromHex(v.stream))).toThrow(DecodeError);
    }
  });

  it.each(vectors.decoding_successes_ignored.map((v) => [v.stream || '(empty)', v] as const))('ignores %s', (_n, v) => {
    for (const ns of v.namespaces) {
      const decoded = decodeTlvStream(schemaOf(ns), fromHex(v.stream));
      const known = Object.keys(decoded).filter((k) => k !== 'unknownOdd');
      expect(known).toEqual([]);
    }
  });

  it.each(vectors.decoding_successes_n1.map((v) => [v.stream, v] as const))('decodes and re-encodes %s', (_n, v) => {
    const schema = schemaOf('n1');
    const decoded = decodeTlvStream(schema, fromHex(v.stream)) as Record<string, Record<string, unknown>>;
    const record = decoded[v.record]!;
    for (const [field, value] of Object.entries(v.values)) {
      expect(normalise(record[field])).toEqual(normalise(expectedValue(value)));
    }
    expect(hex(encodeTlvStream(schema, decoded))).toBe(v.stream);
  });

  it('keeps unknown odd records across a round trip', () => {
    const stream = fromHex('0100' + '0b0401020304' + 'fd00ff00');
    const schema = schemaOf('n1');
    const decoded = decodeTlvStream(schema, stream);
    expect(decoded.unknownOdd?.map((r) => r.type)).toEqual([11n, 255n]);
    expect(hex(encodeTlvStream(schema, decoded))).toBe(hex(stream));
  });

  it('appending an invalid stream to a valid one fails; appending a higher valid stream does not', () => {
    const schema = schemaOf('n1');
    for (const v of vectors.decoding_failures.filter((f) => f.namespaces.includes('n1'))) {
      expect(() => decodeTlvStream(schema, fromHex('0100' + v.stream))).toThrow(DecodeError);
    }
    expect(() => decodeTlvStream(schema, fromHex('0100' + 'fd00fe020226'))).not.toThrow();
  });
});

describe('TLV decoding of hostile input', () => {
  it('throws only DecodeError, and whatever decodes re-encodes to the same bytes', () => {
    const schema = schemaOf('n1');
    const valid = vectors.decoding_successes_n1.map((v) => fromHex(v.stream));
    valid.push(fromHex(vectors.decoding_successes_n1.map((v) => v.stream).slice(0, 1).join('') + '0b0401020304'));
    assertOnlyDecodeErrors(
      fc.oneof(fc.uint8Array({ maxLength: 64 }), mutationsOf(valid)),
      (bytes) => decodeTlvStream(schema, bytes),
      // Canonical encodings only: a stream that decodes must be exactly what we would write.
      (decoded, input) => expect(hex(encodeTlvStream(schema, decoded))).toBe(hex(input)),
    );
  });
});

describe('signed integers (BOLT 1 Appendix D)', () => {
  const { tests } = loadVectors<{ tests: { value: string; bytes: string }[] }>('bolt01-signed-integers.json');
  const bySize: Record<number, Codec<number> | Codec<bigint>> = { 1: s8, 2: s16, 4: s32, 8: s64 };
  it.each(tests.map((t) => [`${t.value} as ${t.bytes}`, t] as const))('%s', (_n, t) => {
    const codec = bySize[t.bytes.length / 2]!;
    const decoded = codec.read(new Reader(fromHex(t.bytes)));
    expect(String(decoded)).toBe(t.value);
    const w = new Writer();
    (codec as Codec<unknown>).write(w, t.bytes.length === 16 ? BigInt(t.value) : Number(t.value));
    expect(hex(w.finish())).toBe(t.bytes);
  });
});
