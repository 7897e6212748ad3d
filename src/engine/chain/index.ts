/** Chain access for the wallet engine: a typed Esplora client, wallet sync, and a chain watcher. */
export { EsploraError, isEsploraError, type EsploraErrorCode, type EsploraErrorDetails } from './esplora-error.ts';
export { ESPLORA_PRESETS, LOCAL_REGTEST_ESPLORA, defaultEsploraUrl, esploraBaseUrl, presetsFor, type EsploraEndpoint, type EsploraPreset, type EsploraProvider } from './esplora-presets.ts';
export { EsploraClient, type EsploraClientOptions } from './esplora-client.ts';
export type { FetchFn } from './esplora-http.ts';
export type * from './esplora-types.ts';
export { CHANGE, RECEIVE, emptySyncState, type AddressChain, type OwnedInput, type OwnedOutput, type SyncState, type WalletAddress, type WalletTx } from './sync-state.ts';
export { WalletSync, type DerivedScript, type ScriptAt, type SyncOptions, type SyncOutcome, type WalletSyncOptions } from './wallet-sync.ts';
export { nextUnusedIndex, walletBalance, walletHistory, walletUtxos, type HistoryEntry, type WalletBalance, type WalletUtxo } from './wallet-view.ts';
export { ChainWatcher, type ChainWatchEvent, type ChainWatcherOptions, type Outpoint, type PollResult } from './chain-watcher.ts';
