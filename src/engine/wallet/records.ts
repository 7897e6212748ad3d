/** How the wallet's state maps onto the store: one record per thing that changes as a whole. */
import type { SyncState } from '../chain/index.ts';
import type { SentTransaction } from '../onchain/index.ts';
import { put, type Store, type StoreValue } from '../storage/store.ts';

export const VAULT_KEY = 'seed';
export const SYNC_KEY = 'sync';
export const SETTINGS_KEY = 'settings';
export const RECEIVE_CURSOR_KEY = 'receive-cursor';
const SENT_PREFIX = 'sent:';

/** What a fee bump needs to rebuild one of our sends. */
export type SentRecord = SentTransaction;

export interface WalletSettings {
  esploraUrl?: string;
}

export async function loadVault(store: Store): Promise<unknown> {
  return store.get('vault', VAULT_KEY);
}

export async function loadSyncState(store: Store): Promise<SyncState | undefined> {
  return (await store.get('chain', SYNC_KEY)) as SyncState | undefined;
}

export async function loadSettings(store: Store): Promise<WalletSettings | undefined> {
  return (await store.get('meta', SETTINGS_KEY)) as WalletSettings | undefined;
}

export async function loadReceiveCursor(store: Store): Promise<number> {
  const value = await store.get('wallet', RECEIVE_CURSOR_KEY);
  return typeof value === 'number' ? value : 0;
}

export async function loadSent(store: Store, txid: string): Promise<SentRecord | undefined> {
  return (await store.get('wallet', SENT_PREFIX + txid)) as SentRecord | undefined;
}

export async function saveSent(store: Store, txid: string, record: SentRecord): Promise<void> {
  await store.commit([put('wallet', SENT_PREFIX + txid, record as unknown as StoreValue)]);
}
