import { describe, expect, it } from 'vitest';
import { explorerTxUrl } from './explorer-link.ts';

const TXID = 'a'.repeat(64);

describe('explorerTxUrl', () => {
  it('links to the transaction on the explorer the settings name', () => {
    expect(explorerTxUrl({ explorerUrl: 'https://mempool.space/signet' }, TXID)).toBe(`https://mempool.space/signet/tx/${TXID}`);
    expect(explorerTxUrl({ explorerUrl: 'https://mempool.space/' }, TXID)).toBe(`https://mempool.space/tx/${TXID}`);
  });

  it('gives nothing without an explorer, or before the settings have loaded', () => {
    expect(explorerTxUrl({}, TXID)).toBeUndefined();
    expect(explorerTxUrl(undefined, TXID)).toBeUndefined();
  });
});
