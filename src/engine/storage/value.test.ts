import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeValuesEqual } from './conformance.ts';
import { put } from './store.ts';
import { StorageError } from './storage-error.ts';
import { checkWrites, copyStoreValue, prefixUpperBound } from './value.ts';

function invalidMessage(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).code).toBe('invalid_value');
    return (e as StorageError).message;
  }
  throw new Error('expected StorageError(invalid_value)');
}

describe('copyStoreValue', () => {
  it('returns a deep copy with compact, plain byte arrays', () => {
    const backing = new Uint8Array([0, 1, 2, 3, 4, 5]);
    const value = { a: [backing.subarray(2, 4)], b: { c: Buffer.from([7]) } };
    const copy = copyStoreValue(value) as { a: [Uint8Array]; b: { c: Uint8Array } };
    expect(storeValuesEqual(copy, value)).toBe(true);
    expect(copy.a[0].buffer.byteLength).toBe(2);
    expect(Object.getPrototypeOf(copy.b.c)).toBe(Uint8Array.prototype);
    backing[2] = 99;
    value.b.c[0] = 99;
    expect(copy.a[0][0]).toBe(2);
    expect(copy.b.c[0]).toBe(7);
    expect(copy).not.toBe(value);
    expect(copy.b).not.toBe(value.b);
  });

  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const copy = copyStoreValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts shared references that are not cycles', () => {
    const shared = { x: 1n };
    expect(storeValuesEqual(copyStoreValue({ a: shared, b: [shared, shared] }), { a: { x: 1n }, b: [{ x: 1n }, { x: 1n }] })).toBe(true);
  });

  it('names the path of what it rejects', () => {
    expect(invalidMessage(() => copyStoreValue({ htlcs: [{ amount: 1 }, { amount: NaN }] }, 'channels/c1'))).toBe(
      'channels/c1.htlcs[1].amount: NaN is not storable (numbers must be finite)',
    );
    expect(invalidMessage(() => copyStoreValue({ when: new Date(0) }))).toMatch(/^value\.when: a Date is not storable/);
    expect(invalidMessage(() => copyStoreValue({ a: undefined }))).toMatch(/^value\.a: undefined/);
  });
});

describe('checkWrites', () => {
  it('copies values and keeps deletes', () => {
    const bytes = new Uint8Array([1]);
    const [first, second] = checkWrites([put('meta', 'k', bytes), { op: 'delete', collection: 'peers', key: 'p' }]);
    expect(first).toEqual({ op: 'put', collection: 'meta', key: 'k', value: new Uint8Array([1]) });
    expect((first as { value: unknown }).value).not.toBe(bytes);
    expect(second).toEqual({ op: 'delete', collection: 'peers', key: 'p' });
  });

  it('rejects what is not a write', () => {
    expect(invalidMessage(() => checkWrites('nope' as never))).toMatch(/array of writes/);
    expect(invalidMessage(() => checkWrites([put('meta', 'k', 1), { op: 'put', collection: 'meta', key: 'k' } as never]))).toMatch(
      /^meta\/k: undefined/,
    );
    expect(invalidMessage(() => checkWrites([{ op: 'put', collection: 'toString', key: 'k', value: 1 } as never]))).toMatch(/unknown collection/);
  });
});

describe('prefixUpperBound', () => {
  it('is the first string past every string with the prefix', () => {
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('\uffff\uffff')).toBeUndefined();
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('a\uffff')).toBe('b');
  });

  it('bounds exactly the strings that start with the prefix', () => {
    const unit = fc.constantFrom('a', 'b', '\u0000', '\ud800', '\udfff', '\ufffe', '\uffff');
    const text = fc.array(unit, { maxLength: 5 }).map((units) => units.join(''));
    fc.assert(
      fc.property(text, text, (prefix, key) => {
        const upper = prefixUpperBound(prefix);
        const inRange = prefix <= key && (upper === undefined || key < upper);
        expect(inRange).toBe(key.startsWith(prefix));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('storeValuesEqual', () => {
  it('tells apart values that JSON would conflate', () => {
    const pairs: [unknown, unknown][] = [
      [0, -0],
      [1n, 1],
      [new Uint8Array([1]), [1]],
      [new Uint8Array([1, 2]), new Uint8Array([1, 3])],
      [{ a: 1 }, { a: 1, b: null }],
      [{ a: 1, b: null }, { a: 1, c: null }],
      [[], {}],
      [null, {}],
      ['1', 1],
    ];
    for (const [a, b] of pairs) {
      expect(storeValuesEqual(a, b), `${String(a)} vs ${String(b)}`).toBe(false);
      expect(storeValuesEqual(b, a)).toBe(false);
      expect(storeValuesEqual(a, a)).toBe(true);
    }
  });
});
