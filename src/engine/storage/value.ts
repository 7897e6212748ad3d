import { isCollection, type StoreValue, type Write } from './store.ts';
import { StorageError } from './storage-error.ts';

function invalid(path: string, why: string): never {
  throw new StorageError('invalid_value', `${path}: ${why}`);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.getPrototypeOf(value)?.constructor?.name ?? 'object';
}

/**
 * Checks that `value` is a StoreValue and returns a deep copy of it, so the caller may go on
 * mutating its own objects. Uint8Array views (and Buffers) become plain, compact Uint8Arrays.
 * Throws StorageError('invalid_value') naming the offending path.
 */
export function copyStoreValue(value: unknown, path = 'value'): StoreValue {
  return copy(value, path, new Set());
}

function copy(value: unknown, path: string, ancestors: Set<object>): StoreValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      if (!Number.isFinite(value)) invalid(path, `${value} is not storable (numbers must be finite)`);
      return value;
    case 'object':
      break;
    case 'undefined':
      invalid(path, 'undefined is not storable (leave the property out, or use null)');
    // falls through: invalid() never returns
    default:
      invalid(path, `a ${typeof value} is not storable`);
  }
  if (value === null) return null;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (ancestors.has(value)) invalid(path, 'the value contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return copyArray(value, path, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) invalid(path, `a ${kindOf(value)} is not storable (only plain objects)`);
    if (Object.getOwnPropertySymbols(value).length > 0) invalid(path, 'symbol keys are not storable');
    const entries = Object.keys(value).map((key): [string, StoreValue] => {
      const child = (value as Record<string, unknown>)[key];
      return [key, copy(child, `${path}.${key}`, ancestors)];
    });
    // fromEntries defines own properties, so a key named "__proto__" stays data.
    return Object.fromEntries(entries) as StoreValue;
  } finally {
    ancestors.delete(value);
  }
}

function copyArray(value: unknown[], path: string, ancestors: Set<object>): StoreValue[] {
  if (Object.getPrototypeOf(value) !== Array.prototype) invalid(path, `a ${kindOf(value)} is not storable (only plain arrays)`);
  if (Object.keys(value).length !== value.length) invalid(path, 'arrays must be dense, without extra properties');
  return value.map((item, i) => copy(item, `${path}[${i}]`, ancestors));
}

/**
 * Validates a commit's writes and copies their values; throws StorageError('invalid_value')
 * before a back-end writes anything, which is what keeps a bad commit from applying in part.
 */
export function checkWrites(writes: readonly Write[]): Write[] {
  if (!Array.isArray(writes)) invalid('writes', 'commit takes an array of writes');
  return writes.map((write: unknown, i): Write => {
    const at = `writes[${i}]`;
    if (typeof write !== 'object' || write === null) invalid(at, 'not a write');
    const { op, collection, key } = write as Record<string, unknown>;
    if (!isCollection(collection)) invalid(at, `unknown collection ${JSON.stringify(collection)}`);
    if (typeof key !== 'string') invalid(at, `keys are strings, got ${kindOf(key)}`);
    if (op === 'delete') return { op, collection, key };
    if (op !== 'put') invalid(at, `unknown op ${JSON.stringify(op)}`);
    return { op, collection, key, value: copyStoreValue((write as { value?: unknown }).value, `${collection}/${key}`) };
  });
}

/** Checks a read's arguments the same way a write's are checked. */
export function checkKey(collection: unknown, key: unknown): void {
  if (!isCollection(collection)) invalid('collection', `unknown collection ${JSON.stringify(collection)}`);
  if (typeof key !== 'string') invalid('key', `keys are strings, got ${kindOf(key)}`);
}

/**
 * The smallest string greater than every string that starts with `prefix` (comparing UTF-16
 * code units), or undefined if there is none (the prefix is empty or all U+FFFF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}

/** Compares keys the way IndexedDB orders strings: by UTF-16 code unit. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
