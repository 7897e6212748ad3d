/**
 * One engine per wallet across tabs: the engine that runs a wallet holds the Web Lock
 * `wallet:<id>`. A second tab learns at once that the wallet is open elsewhere and may take it
 * over; the first holder is then told (onStolen) so it can stop its engine. The browser releases
 * the lock by itself when the holding tab or worker goes away.
 */
import { StorageError } from '../../engine/storage/storage-error.ts';
import { assertWalletId } from './wallet-id.ts';

export type LockEnd = 'released' | 'stolen';

export interface WalletLock {
  readonly walletId: string;
  /** Settles when this lock is no longer held: 'released' after release(), 'stolen' after another tab's takeOver(). */
  readonly ended: Promise<LockEnd>;
  /** Lets the lock go and resolves once another tab can take it; does nothing once it has ended. */
  release(): Promise<void>;
}

export type AcquireResult =
  | { readonly acquired: true; readonly lock: WalletLock }
  /** The wallet is open in another tab or worker. takeOver() steals the lock from it. */
  | { readonly acquired: false; takeOver(): Promise<WalletLock> };

export interface WalletLockOptions {
  /**
   * Called once if another tab takes the wallet over. Stop the engine without writing anything
   * more: the other tab's engine now owns the wallet's state.
   */
  readonly onStolen?: () => void;
  /** The LockManager to use; defaults to navigator.locks (windows and workers). */
  readonly locks?: LockManager;
}

export function walletLockName(walletId: string): string {
  assertWalletId(walletId);
  return `wallet:${walletId}`;
}

function lockManager(options: WalletLockOptions): LockManager {
  const locks = options.locks ?? (typeof navigator === 'undefined' ? undefined : navigator.locks);
  if (!locks) throw new StorageError('unavailable', 'this browser lacks the Web Locks API, so it cannot keep the wallet to one tab; update the browser');
  return locks;
}

/** Takes the wallet's lock if no one holds it, without waiting. */
export async function acquireWalletLock(walletId: string, options: WalletLockOptions = {}): Promise<AcquireResult> {
  const lock = await hold(walletId, options, false);
  if (lock) return { acquired: true, lock };
  return { acquired: false, takeOver: () => takeOverWalletLock(walletId, options) };
}

/** Takes the wallet's lock even if another tab holds it; that holder's onStolen is called. */
export async function takeOverWalletLock(walletId: string, options: WalletLockOptions = {}): Promise<WalletLock> {
  const lock = await hold(walletId, options, true);
  if (!lock) throw new Error('a steal request was not granted');
  return lock;
}

function hold(walletId: string, options: WalletLockOptions, steal: boolean): Promise<WalletLock | null> {
  const name = walletLockName(walletId);
  const locks = lockManager(options);
  return new Promise((resolve, reject) => {
    let letGo!: () => void;
    const held = new Promise<void>((r) => (letGo = r));
    let endWith!: (end: LockEnd) => void;
    const ended = new Promise<LockEnd>((r) => (endWith = r));
    let granted = false;
    let isEnded = false;
    const finish = (end: LockEnd) => {
      if (isEnded) return;
      isEnded = true;
      endWith(end);
      if (end === 'stolen') options.onStolen?.();
    };
    const request = locks.request(name, steal ? { mode: 'exclusive', steal: true } : { mode: 'exclusive', ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return undefined;
      }
      granted = true;
      resolve({
        walletId,
        ended,
        async release() {
          letGo();
          await request.catch(() => undefined);
        },
      });
      // The lock is held until this promise settles.
      return held;
    });
    // When another request steals the lock, this request's promise rejects with an AbortError.
    request.then(
      () => finish('released'),
      (e: unknown) => {
        if (!granted) reject(e);
        else finish((e as { name?: unknown } | null)?.name === 'AbortError' ? 'stolen' : 'released');
      },
    );
  });
}
