import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_VALUES, storeValuesEqual } from '../engine/storage/conformance.ts';
import type { StoreValue } from '../engine/storage/store.ts';
import { StorageError } from '../engine/storage/storage-error.ts';
import { fromTaggedJson, toTaggedJson } from './tagged-json.ts';

const roundTrip = (value: StoreValue) => fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(value))), 'v');

const storeValue: fc.Arbitrary<StoreValue> = fc.letrec<{ value: StoreValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary' }),
    fc.bigInt(),
    fc.uint8Array(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$bytes', '$bigint', '$number', '$object', '$', '__proto__')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('tagged JSON', () => {
  it('round-trips the conformance samples', () => {
    for (const [name, value] of SAMPLE_VALUES) expect(storeValuesEqual(roundTrip(value), value), name).toBe(true);
  });

  it('round-trips any StoreValue', () => {
    fc.assert(
      fc.property(storeValue, (value) => {
        expect(storeValuesEqual(roundTrip(value), value)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('tags bytes, bigints, -0 and objects with $ keys', () => {
    expect(toTaggedJson({ b: new Uint8Array([1, 2, 255]), n: -5n, z: -0, o: { $bytes: 'x' } })).toEqual({
      b: { $bytes: 'AQL/' },
      n: { $bigint: '-5' },
      z: { $number: '-0' },
      o: { $object: { $bytes: 'x' } },
    });
  });

  it('refuses JSON it could not have written', () => {
    const bad: unknown[] = [{ $bigint: '1.5' }, { $bigint: '01' }, { $bytes: 'AQL' }, { $number: '0' }, { $object: [] }, { $x: 1 }, { a: 1, $b: 2 }, [undefined]];
    for (const json of bad) {
      expect(() => fromTaggedJson(json, 'v'), JSON.stringify(json)).toThrow(StorageError);
    }
  });
});
