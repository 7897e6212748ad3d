import type { Settings } from '../worker/wallet-api.ts';

/**
 * The web page for a transaction: the configured explorer, or else the site the Esplora API
 * belongs to (https://mempool.space/testnet/api → https://mempool.space/testnet).
 */
export function explorerTxUrl(settings: Pick<Settings, 'explorerUrl' | 'esploraUrl'>, txid: string): string | undefined {
  const base = settings.explorerUrl ? siteOf(settings.explorerUrl, false) : siteOf(settings.esploraUrl, true);
  return base === undefined ? undefined : `${base}/tx/${encodeURIComponent(txid)}`;
}

function siteOf(url: string, dropApi: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  let path = parsed.pathname.replace(/\/+$/, '');
  if (dropApi) path = path.replace(/\/api$/, '');
  return `${parsed.origin}${path}`;
}
