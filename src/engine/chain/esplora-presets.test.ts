import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-error.ts';
import { ESPLORA_PRESETS, LOCAL_REGTEST_ESPLORA, defaultEsploraUrl, esploraBaseUrl, presetsFor } from './esplora-presets.ts';

describe('Esplora presets', () => {
  it('offers both public explorers for mainnet, testnet and signet, and none for regtest', () => {
    for (const network of ['mainnet', 'testnet', 'signet'] as const) {
      expect(presetsFor(network).map((p) => p.provider).sort()).toEqual(['blockstream.info', 'mempool.space']);
    }
    expect(presetsFor('regtest')).toEqual([]);
    expect(ESPLORA_PRESETS.every((p) => p.url.startsWith('https://') && !p.url.endsWith('/'))).toBe(true);
  });

  it('resolves a preset to its base URL', () => {
    expect(esploraBaseUrl('mainnet', { kind: 'preset', provider: 'mempool.space' })).toBe('https://mempool.space/api');
    expect(esploraBaseUrl('signet', { kind: 'preset', provider: 'blockstream.info' })).toBe('https://blockstream.info/signet/api');
  });

  it('explains which presets exist when one is missing for the network', () => {
    expect(() => esploraBaseUrl('testnet4', { kind: 'preset', provider: 'blockstream.info' })).toThrow(/choose mempool.space/);
    expect(() => esploraBaseUrl('regtest', { kind: 'preset', provider: 'mempool.space' })).toThrow(/enter your own server/);
  });

  it('normalises a custom URL and refuses what cannot be an API base', () => {
    expect(esploraBaseUrl('regtest', { kind: 'custom', url: ' http://127.0.0.1:3002/ ' })).toBe('http://127.0.0.1:3002');
    expect(esploraBaseUrl('mainnet', { kind: 'custom', url: 'https://example.org/api//' })).toBe('https://example.org/api');
    for (const url of ['example.org', 'ftp://example.org', 'https://user:pw@example.org', 'https://example.org/api?x=1']) {
      expect(() => esploraBaseUrl('mainnet', { kind: 'custom', url })).toThrow(EngineError);
    }
  });
});

describe('defaultEsploraUrl', () => {
  it('is mempool.space for public networks and the local devnet on regtest', () => {
    expect(defaultEsploraUrl('mainnet')).toBe('https://mempool.space/api');
    expect(defaultEsploraUrl('signet')).toBe('https://mempool.space/signet/api');
    expect(defaultEsploraUrl('regtest')).toBe(LOCAL_REGTEST_ESPLORA);
  });
});
