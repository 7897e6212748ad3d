import { describe, expect, it } from 'vitest';
import { StorageError, type StorageErrorCode } from '../../engine/storage/storage-error.ts';
import { idbStorageError } from './idb-errors.ts';
import { assertWalletId } from './wallet-id.ts';

describe('idbStorageError', () => {
  const cases: [string, StorageErrorCode, RegExp][] = [
    ['QuotaExceededError', 'quota_exceeded', /free space/],
    ['VersionError', 'newer_version', /reload/],
    ['DataCloneError', 'invalid_value', /could not be stored/],
    ['InvalidStateError', 'closed', /reopen/],
    ['SecurityError', 'unavailable', /private mode/],
    ['UnknownError', 'io', /disk may be full/],
    ['AbortError', 'io', /try again/],
  ];
  for (const [name, code, advice] of cases) {
    it(`maps ${name} to ${code}`, () => {
      const cause = new DOMException('the browser said no', name);
      const error = idbStorageError(cause, 'saving to wallet-w');
      expect(error).toBeInstanceOf(StorageError);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/^saving to wallet-w: /);
      expect(error.message).toMatch(advice);
      expect(error.message).toContain(`${name}: the browser said no`);
      expect(error.cause).toBe(cause);
    });
  }

  it('passes a StorageError through and wraps anything else', () => {
    const original = new StorageError('invalid_value', 'bad');
    expect(idbStorageError(original, 'x')).toBe(original);
    expect(idbStorageError('weird', 'x').code).toBe('io');
  });
});

describe('assertWalletId', () => {
  it('accepts safe ids and refuses the rest', () => {
    for (const id of ['w', 'main-wallet_2', 'A'.repeat(64)]) expect(() => assertWalletId(id)).not.toThrow();
    for (const id of ['', 'a b', 'a:b', 'é', 'A'.repeat(65), '../x']) expect(() => assertWalletId(id), id).toThrow(StorageError);
  });
});
