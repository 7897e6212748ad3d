import type { Settings } from '../worker/wallet-api.ts';

/** The block explorer's page for a transaction, when the wallet knows an explorer (the worker decides which). */
export function explorerTxUrl(settings: Pick<Settings, 'explorerUrl'> | undefined, txid: string): string | undefined {
  return settings?.explorerUrl ? `${settings.explorerUrl.replace(/\/+$/, '')}/tx/${encodeURIComponent(txid)}` : undefined;
}
