/**
 * The behaviour every Store must have, as plain async checks that throw on failure, so the same
 * checks run under Vitest (describe-store-conformance.ts) and inside Chromium (e2e/storage.spec.ts).
 */
import { COLLECTIONS, del, put, type Collection, type Entry, type Store, type StoreValue, type Write } from './store.ts';
import { StorageError, type StorageErrorCode } from './storage-error.ts';

/** A place a store lives, fresh and empty for each check; `open` again after close() must reopen the same data. */
export interface StoreSlot {
  open(): Promise<Store>;
  dispose?(): Promise<void>;
}

export interface ConformanceCheck {
  readonly name: string;
  readonly run: (slot: StoreSlot) => Promise<void>;
}

// ---- assertions (no test framework here: this also runs in the browser) ----

export function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (Object.is(value, -0)) return '-0';
  if (value instanceof Uint8Array) {
    const hex = Array.from(value.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
    return `Uint8Array(${value.length})[${hex}${value.length > 16 ? '…' : ''}]`;
  }
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}: ${show((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Deep equality for StoreValues: -0 differs from 0, bytes from arrays, bigints from numbers. */
export function storeValuesEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    return a.every((byte, i) => byte === b[i]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && storeValuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (!storeValuesEqual(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function assert(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

export async function assertRejects(promise: Promise<unknown>, code: StorageErrorCode, what: string): Promise<StorageError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof StorageError && e.code === code) return e;
    throw new Error(`${what}: expected StorageError(${code}), got ${e instanceof StorageError ? `StorageError(${e.code})` : String(e)}`, { cause: e });
  }
  throw new Error(`${what}: expected StorageError(${code}), but it succeeded`);
}

async function expectEntries(store: Store, collection: Collection, expected: [string, StoreValue][], what: string, prefix?: string) {
  const entries = await store.list(collection, prefix === undefined ? undefined : { prefix });
  assertEqual(
    entries.map((e: Entry) => [e.key, e.value]),
    expected,
    what,
  );
}

async function snapshot(store: Store): Promise<Record<string, [string, StoreValue][]>> {
  const out: Record<string, [string, StoreValue][]> = {};
  for (const c of COLLECTIONS) out[c] = (await store.list(c)).map((e) => [e.key, e.value]);
  return out;
}

// ---- sample data ----

const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const LARGE = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);

/** Every kind of value a store must keep exactly. */
export const SAMPLE_VALUES: readonly (readonly [string, StoreValue])[] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['zero', 0],
  ['negative zero', -0],
  ['fraction', -1234.5678e-9],
  ['max safe integer', Number.MAX_SAFE_INTEGER],
  ['min value', Number.MIN_VALUE],
  ['negative max value', -Number.MAX_VALUE],
  ['empty string', ''],
  ['unicode string', 'ünïcødé ⚡ 𝔘 \u0000 "quoted" \\ \n\t'],
  ['lone surrogates', '\ud800x\udfff'],
  ['bigint zero', 0n],
  ['bigint negative', -1n],
  ['bigint 2^64 + 1', 2n ** 64n + 1n],
  ['bigint -2^300', -(2n ** 300n)],
  ['empty bytes', new Uint8Array(0)],
  ['bytes', BYTES],
  ['byte view', BYTES.subarray(3, 7)],
  ['one mebibyte', LARGE],
  ['empty array', []],
  ['empty object', {}],
  [
    'nested',
    {
      channel: { id: BYTES.slice(0, 32), amounts: [1n, 0n, -3n], capacity: 16_777_215 },
      htlcs: [{ hash: BYTES.slice(32, 64), cltv: 800_000, settled: false, preimage: null }],
      deep: [[], [[]], [{}], [[1, 'two', 3n, new Uint8Array([4])]]],
    },
  ],
  ['tag-like keys', { $bytes: 'not bytes', $bigint: '1', $object: {}, $: 1, '': 'empty key' }],
  ['one tag-like key', { $bigint: '12' }],
  ['__proto__ key', Object.fromEntries([['__proto__', 'just data'], ['x', 1]]) as StoreValue],
];

/** Values every store must refuse, each with why. */
function invalidValues(): [string, unknown][] {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [1];
  cyclicArray.push([cyclicArray]);
  class Channel {
    id = 1;
  }
  // eslint-disable-next-line no-sparse-arrays
  const sparse = [1, , 3];
  return [
    ['undefined', undefined],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['function', () => 1],
    ['symbol', Symbol('s')],
    ['Date', new Date(0)],
    ['Map', new Map([[1, 2]])],
    ['Set', new Set([1])],
    ['RegExp', /x/],
    ['Uint16Array', new Uint16Array(2)],
    ['ArrayBuffer', new ArrayBuffer(4)],
    ['DataView', new DataView(new ArrayBuffer(2))],
    ['boxed number', Object(1)],
    ['class instance', new Channel()],
    ['sparse array', sparse],
    ['array with extra property', Object.assign([1], { extra: 2 })],
    ['undefined property', { a: undefined }],
    ['symbol key', { [Symbol('k')]: 1 }],
    ['cycle', cyclic],
    ['cycle through an array', cyclicArray],
    ['deeply nested NaN', { ok: [1, 2, { no: [0, NaN] }] }],
  ];
}

// ---- the checks ----

/** Opens stores through the slot and closes whatever is still open when the check ends. */
export async function runConformanceCheck(check: ConformanceCheck, slot: StoreSlot): Promise<void> {
  const opened: Store[] = [];
  const tracking: StoreSlot = {
    open: async () => {
      const store = await slot.open();
      opened.push(store);
      return store;
    },
  };
  try {
    await check.run(tracking);
  } finally {
    for (const store of opened) await store.close().catch(() => undefined);
    await slot.dispose?.();
  }
}

export const STORE_CONFORMANCE: readonly ConformanceCheck[] = [
  {
    name: 'round-trips every kind of value',
    async run(slot) {
      const store = await slot.open();
      await store.commit(SAMPLE_VALUES.map(([key, value]) => put('wallet', key, value)));
      for (const [key, value] of SAMPLE_VALUES) {
        const read = await store.get('wallet', key);
        assertEqual(read, value, `get ${key}`);
        if (read instanceof Uint8Array) {
          assert(Object.getPrototypeOf(read) === Uint8Array.prototype, `${key} comes back as a plain Uint8Array`);
          assert(read.byteOffset === 0 && read.buffer.byteLength === read.byteLength, `${key} comes back as exactly its own bytes`);
        }
      }
      assertEqual(await store.get('wallet', 'missing'), undefined, 'a missing key');
      const listed = await store.list('wallet');
      const byKey = new Map(listed.map((e) => [e.key, e.value]));
      for (const [key, value] of SAMPLE_VALUES) assertEqual(byKey.get(key), value, `listed ${key}`);
    },
  },
  {
    name: 'rejects a value it cannot hold and writes nothing of that commit',
    async run(slot) {
      const store = await slot.open();
      await store.commit([put('meta', 'existing', 'kept')]);
      for (const [what, value] of invalidValues()) {
        const writes = [
          put('meta', 'before', 1),
          put('meta', 'existing', 'overwritten'),
          { op: 'put', collection: 'channels', key: 'bad', value } as Write,
          put('peers', 'after', 2),
        ];
        await assertRejects(store.commit(writes), 'invalid_value', `a commit holding ${what}`);
        assertEqual(await store.get('meta', 'before'), undefined, `after rejecting ${what}: the write before it`);
        assertEqual(await store.get('meta', 'existing'), 'kept', `after rejecting ${what}: the overwrite`);
        assertEqual(await store.get('channels', 'bad'), undefined, `after rejecting ${what}: the bad write`);
        assertEqual(await store.get('peers', 'after'), undefined, `after rejecting ${what}: the write after it`);
      }
      const badWrites: [string, unknown][] = [
        ['an unknown collection', { op: 'put', collection: 'nope', key: 'k', value: 1 }],
        ['a number key', { op: 'put', collection: 'meta', key: 1, value: 1 }],
        ['an unknown op', { op: 'upsert', collection: 'meta', key: 'k', value: 1 }],
        ['a delete from an unknown collection', { op: 'delete', collection: 'nope', key: 'k' }],
        ['a put without a value', { op: 'put', collection: 'meta', key: 'k' }],
        ['null', null],
      ];
      for (const [what, bad] of badWrites) {
        await assertRejects(store.commit([put('meta', 'before', 1), bad as Write]), 'invalid_value', `a commit with ${what}`);
        assertEqual(await store.get('meta', 'before'), undefined, `after rejecting ${what}`);
      }
      await assertRejects(store.get('nope' as Collection, 'k'), 'invalid_value', 'get from an unknown collection');
      await assertRejects(store.list('nope' as Collection), 'invalid_value', 'list of an unknown collection');
      await assertRejects(store.get('meta', 7 as unknown as string), 'invalid_value', 'get with a number key');
      await expectEntries(store, 'meta', [['existing', 'kept']], 'meta after all the rejected commits');
    },
  },
  {
    name: 'applies a commit across collections as a whole',
    async run(slot) {
      const store = await slot.open();
      await store.commit(COLLECTIONS.map((c) => put(c, 'k', c)));
      for (const c of COLLECTIONS) assertEqual(await store.get(c, 'k'), c, `${c}/k`);
      await store.commit([put('channels', 'c1', { n: 2n }), del('meta', 'k'), put('payments', 'p', 'done'), del('graph', 'k'), put('vault', 'k', 'v2')]);
      assertEqual(await store.get('channels', 'c1'), { n: 2n }, 'channels/c1');
      assertEqual(await store.get('meta', 'k'), undefined, 'meta/k deleted');
      assertEqual(await store.get('payments', 'p'), 'done', 'payments/p');
      assertEqual(await store.get('graph', 'k'), undefined, 'graph/k deleted');
      assertEqual(await store.get('vault', 'k'), 'v2', 'vault/k');
      assertEqual(await store.get('chain', 'k'), 'chain', 'chain/k untouched');
    },
  },
  {
    name: 'applies writes within a commit in order',
    async run(slot) {
      const store = await slot.open();
      await store.commit([put('meta', 'a', 1), put('meta', 'a', 2), del('meta', 'a'), put('meta', 'a', 3)]);
      await store.commit([put('meta', 'b', 1), del('meta', 'b')]);
      await store.commit([del('meta', 'c'), put('meta', 'c', 'after delete')]);
      await expectEntries(store, 'meta', [['a', 3], ['c', 'after delete']], 'meta');
    },
  },
  {
    name: 'applies commits in call order without waiting between them',
    async run(slot) {
      const store = await slot.open();
      const results: Promise<unknown>[] = [];
      for (let i = 0; i < 30; i++) {
        results.push(store.commit([put('meta', 'counter', i), put('payments', `p${String(i).padStart(2, '0')}`, i)]));
        if (i === 10) results.push(store.commit([put('meta', 'counter', 'bad'), put('meta', 'nan', NaN)]).then(() => 'no', (e: unknown) => e));
      }
      let earlierDone = false;
      void results[results.length - 1]!.then(() => (earlierDone = true));
      await store.commit([]);
      assert(earlierDone, 'an empty commit resolves only after the earlier ones');
      const settled = await Promise.all(results);
      const rejected = settled[11];
      assert(rejected instanceof StorageError && rejected.code === 'invalid_value', 'the bad commit in the middle was rejected');
      assertEqual(await store.get('meta', 'counter'), 29, 'the last commit wins');
      assertEqual(await store.get('meta', 'nan'), undefined, 'nothing of the rejected commit');
      assertEqual((await store.list('payments')).length, 30, 'every commit applied');
    },
  },
  {
    name: 'lists a collection by prefix in key order',
    async run(slot) {
      const store = await slot.open();
      const keys = ['chan/10', 'chan/2', 'chan/1', 'cha', 'chan', 'chan\uffff', 'chan\uffff\uffff', 'chao', 'b', '', 'é', '𝔘', '\uffff'];
      await store.commit(keys.map((k) => put('channels', k, k)));
      await store.commit([put('peers', 'chan/1', 'other collection')]);
      const all = [...keys].sort();
      await expectEntries(store, 'channels', all.map((k) => [k, k]), 'no prefix: everything in key order');
      await expectEntries(store, 'channels', all.map((k) => [k, k]), 'empty prefix', '');
      const chan = ['chan', 'chan/1', 'chan/10', 'chan/2', 'chan\uffff', 'chan\uffff\uffff'];
      await expectEntries(store, 'channels', chan.map((k) => [k, k]), 'prefix chan', 'chan');
      await expectEntries(store, 'channels', [['chan/1', 'chan/1'], ['chan/10', 'chan/10']], 'prefix chan/1', 'chan/1');
      await expectEntries(store, 'channels', [['chan\uffff', 'chan\uffff'], ['chan\uffff\uffff', 'chan\uffff\uffff']], 'prefix ending in U+FFFF', 'chan\uffff');
      await expectEntries(store, 'channels', [['\uffff', '\uffff']], 'prefix U+FFFF', '\uffff');
      await expectEntries(store, 'channels', [], 'no match', 'chan/3');
      await expectEntries(store, 'payments', [], 'an empty collection');
    },
  },
  {
    name: 'deletes keys, including ones that do not exist',
    async run(slot) {
      const store = await slot.open();
      await store.commit([put('peers', 'a', 1), put('peers', 'b', 2), put('peers', 'c', 3)]);
      await store.commit([del('peers', 'b'), del('peers', 'never-there')]);
      assertEqual(await store.get('peers', 'b'), undefined, 'deleted key');
      await expectEntries(store, 'peers', [['a', 1], ['c', 3]], 'peers after deletes');
    },
  },
  {
    name: 'keeps its data when closed and reopened',
    async run(slot) {
      const first = await slot.open();
      await first.commit(SAMPLE_VALUES.map(([key, value]) => put('chain', key, value)));
      await first.commit([put('channels', 'c', { state: 1n }), put('channels', 'gone', 1), put('meta', 'version', 1)]);
      await first.commit([del('channels', 'gone'), put('channels', 'c', { state: 2n })]);
      const before = await snapshot(first);
      await first.close();
      const second = await slot.open();
      assertEqual(await snapshot(second), before, 'everything after reopening');
      assertEqual(await second.get('channels', 'c'), { state: 2n }, 'the latest state');
      await second.commit([put('meta', 'version', 2)]);
      await second.close();
      const third = await slot.open();
      assertEqual(await third.get('meta', 'version'), 2, 'a commit made after reopening');
    },
  },
  {
    name: 'hands out copies, never its own objects',
    async run(slot) {
      const store = await slot.open();
      const value = { bytes: new Uint8Array([1, 2, 3]), list: [1] };
      const commit = store.commit([put('vault', 'v', value)]);
      value.bytes[0] = 9;
      value.list.push(2);
      await commit;
      const read = (await store.get('vault', 'v')) as { bytes: Uint8Array; list: number[] };
      assertEqual(read, { bytes: new Uint8Array([1, 2, 3]), list: [1] }, 'the value as committed');
      read.bytes[1] = 9;
      read.list.push(3);
      const listed = (await store.list('vault'))[0]!.value as { bytes: Uint8Array };
      listed.bytes[2] = 9;
      assertEqual(await store.get('vault', 'v'), { bytes: new Uint8Array([1, 2, 3]), list: [1] }, 'after mutating what was read');
    },
  },
  {
    name: 'refuses calls once closed',
    async run(slot) {
      const store = await slot.open();
      const pending = store.commit([put('meta', 'last', 'written before close')]);
      await store.close();
      await pending;
      await store.close();
      await assertRejects(store.get('meta', 'last'), 'closed', 'get after close');
      await assertRejects(store.list('meta'), 'closed', 'list after close');
      await assertRejects(store.commit([put('meta', 'x', 1)]), 'closed', 'commit after close');
      const reopened = await slot.open();
      assertEqual(await reopened.get('meta', 'last'), 'written before close', 'the commit pending at close');
      assertEqual(await reopened.get('meta', 'x'), undefined, 'the commit refused after close');
    },
  },
];
