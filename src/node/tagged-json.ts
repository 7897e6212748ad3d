/**
 * Lossless JSON for StoreValues. JSON lacks bytes, bigints and -0, so those become one-key
 * objects tagged with a `$` key; a plain object that has any `$` key is itself wrapped in
 * `{"$object": …}`, so an unwrapped `$` key always means a tag and decoding is unambiguous.
 *   Uint8Array → {"$bytes": "<base64>"}   bigint → {"$bigint": "<decimal>"}   -0 → {"$number": "-0"}
 */
import type { StoreValue } from '../engine/storage/store.ts';
import { StorageError } from '../engine/storage/storage-error.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function toTaggedJson(value: StoreValue): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Object.is(value, -0) ? { $number: '-0' } : value;
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(toTaggedJson);
  const keys = Object.keys(value);
  const plain = Object.fromEntries(keys.map((k) => [k, toTaggedJson((value as Record<string, StoreValue>)[k]!)])) as Json;
  return keys.some((k) => k.startsWith('$')) ? { $object: plain } : plain;
}

function corrupt(path: string, why: string): never {
  throw new StorageError('corrupt', `${path}: ${why}`);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)$/;

/** Decodes tagged JSON; anything that toTaggedJson could not have produced is StorageError('corrupt'). */
export function fromTaggedJson(json: unknown, path: string): StoreValue {
  if (json === null || typeof json === 'boolean' || typeof json === 'string') return json;
  if (typeof json === 'number') {
    if (!Number.isFinite(json)) corrupt(path, 'a non-finite number');
    return json;
  }
  if (Array.isArray(json)) return json.map((item, i) => fromTaggedJson(item, `${path}[${i}]`));
  if (typeof json !== 'object' || Object.getPrototypeOf(json) !== Object.prototype) corrupt(path, `unexpected ${typeof json}`);
  const record = json as Record<string, unknown>;
  const keys = Object.keys(record);
  const tag = keys.length === 1 && keys[0]!.startsWith('$') ? keys[0]! : undefined;
  if (tag === undefined) {
    if (keys.some((k) => k.startsWith('$'))) corrupt(path, 'a $ key outside a tag');
    return decodeEntries(record, keys, path);
  }
  const body = record[tag];
  switch (tag) {
    case '$bytes':
      if (typeof body !== 'string' || body.length % 4 !== 0 || !BASE64.test(body)) corrupt(path, 'bad $bytes');
      return new Uint8Array(Buffer.from(body, 'base64'));
    case '$bigint':
      if (typeof body !== 'string' || !DECIMAL.test(body)) corrupt(path, 'bad $bigint');
      return BigInt(body);
    case '$number':
      if (body !== '-0') corrupt(path, 'bad $number');
      return -0;
    case '$object': {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) corrupt(path, 'bad $object');
      return decodeEntries(body as Record<string, unknown>, Object.keys(body), path);
    }
    default:
      return corrupt(path, `unknown tag ${tag}`);
  }
}

function decodeEntries(record: Record<string, unknown>, keys: string[], path: string): StoreValue {
  return Object.fromEntries(keys.map((k) => [k, fromTaggedJson(record[k], `${path}.${k}`)])) as StoreValue;
}
