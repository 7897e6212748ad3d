import { describe, expect, it } from 'vitest';
import { explorerTxUrl } from './explorer-link.ts';

const TXID = 'a'.repeat(64);

describe('explorerTxUrl', () => {
  it('prefers the configured explorer', () => {
    expect(explorerTxUrl({ explorerUrl: 'https://mempool.space/', esploraUrl: 'https://blockstream.info/api' }, TXID)).toBe(
      `https://mempool.space/tx/${TXID}`,
    );
    expect(explorerTxUrl({ explorerUrl: 'https://mempool.space/signet', esploraUrl: 'x' }, TXID)).toBe(`https://mempool.space/signet/tx/${TXID}`);
  });

  it('falls back to the Esplora API’s own site', () => {
    expect(explorerTxUrl({ esploraUrl: 'https://blockstream.info/api' }, TXID)).toBe(`https://blockstream.info/tx/${TXID}`);
    expect(explorerTxUrl({ esploraUrl: 'https://mempool.space/testnet/api/' }, TXID)).toBe(`https://mempool.space/testnet/tx/${TXID}`);
    expect(explorerTxUrl({ esploraUrl: 'http://127.0.0.1:3002' }, TXID)).toBe(`http://127.0.0.1:3002/tx/${TXID}`);
  });

  it('gives nothing for URLs that are not web pages', () => {
    expect(explorerTxUrl({ esploraUrl: '' }, TXID)).toBeUndefined();
    expect(explorerTxUrl({ esploraUrl: 'javascript:alert(1)' }, TXID)).toBeUndefined();
    expect(explorerTxUrl({ explorerUrl: 'not a url', esploraUrl: 'https://blockstream.info/api' }, TXID)).toBeUndefined();
  });
});
