import { StorageError } from '../../engine/storage/storage-error.ts';

const WALLET_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Wallet ids name databases and locks, so they are restricted to a safe alphabet. */
export function assertWalletId(walletId: string): void {
  if (typeof walletId !== 'string' || !WALLET_ID.test(walletId)) {
    throw new StorageError('invalid_value', `wallet id ${JSON.stringify(walletId)} must be 1–64 letters, digits, "-" or "_"`);
  }
}
