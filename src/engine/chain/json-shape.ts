/**
 * Hand-written shape checks for untrusted JSON. Each returns the typed value or throws
 * EsploraError('malformed') naming the field and what was wrong with it.
 */
import { EsploraError } from './esplora-error.ts';

export const MAX_U32 = 0xffff_ffff;
/** 21 million BTC in satoshis; exact as a JS number (below 2^53). */
export const MAX_SATS = 2_100_000_000_000_000;

export function malformed(field: string, expected: string, value: unknown): never {
  throw new EsploraError('malformed', `${field} should be ${expected}, got ${describeValue(value)}`);
}

/** For values that are well-formed but not the ones asked for: `actual` is already a description. */
export function mismatch(field: string, expected: string, actual: string): never {
  throw new EsploraError('malformed', `${field} should be ${expected}, got ${actual}`);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null || typeof value !== 'object') {
    const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
    return `${text} (${value === null ? 'null' : typeof value})`;
  }
  return 'an object';
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function objectAt(value: unknown, field: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(field, 'an object', value);
  return value as JsonObject;
}

/** An own property only: `{}` has no "constructor" as far as hostile input goes. */
export function prop(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function arrayAt(value: unknown, field: string, min: number, max: number): readonly unknown[] {
  if (!Array.isArray(value)) malformed(field, 'an array', value);
  if (value.length < min || value.length > max) malformed(field, `an array of ${min}..${max} entries`, value);
  // Holes (never from JSON.parse, but possible from a caller) become undefined, which the element checks refuse.
  return Array.from(value as unknown[]);
}

export function integerAt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    malformed(field, `an integer in ${min}..${max}`, value);
  }
  return value;
}

export function numberAt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    malformed(field, `a number in ${min}..${max}`, value);
  }
  return value;
}

export function booleanAt(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') malformed(field, 'true or false', value);
  return value;
}

export function stringAt(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) malformed(field, `a string of at most ${maxLength} characters`, value);
  return value;
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Lower-case hex of `bytes` bytes exactly, or of at most `maxBytes`. */
export function hexAt(value: unknown, field: string, size: { bytes: number } | { maxBytes: number }): string {
  const ok =
    typeof value === 'string' &&
    ('bytes' in size ? value.length === size.bytes * 2 : value.length <= size.maxBytes * 2) &&
    HEX.test(value);
  if (!ok) malformed(field, 'bytes' in size ? `${size.bytes} bytes of hex` : `hex of at most ${size.maxBytes} bytes`, value);
  return value.toLowerCase();
}

export const hashAt = (value: unknown, field: string): string => hexAt(value, field, { bytes: 32 });
