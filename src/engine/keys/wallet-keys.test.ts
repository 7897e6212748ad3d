import { describe, expect, it } from 'vitest';
import { parseMnemonic } from './mnemonic.ts';
import { deriveWalletKeys } from './wallet-keys.ts';

const ABANDON = parseMnemonic('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');

describe('wallet keys from a recovery phrase', () => {
  it('gives the BIP84 account and the Lightning node of the same seed', async () => {
    const keys = await deriveWalletKeys(ABANDON, 'mainnet');
    expect(keys.network).toBe('mainnet');
    expect(keys.onchain.receiveKey(0).address).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(keys.lightning.nodeId()).toBe('02ed0a95430a2078d79b92985624f16c843a2c9caaae37eeacc4acfd6ffb10ed67');
  });

  it('uses the network for both, and a BIP39 passphrase changes every key', async () => {
    const regtest = await deriveWalletKeys(ABANDON, 'regtest');
    expect(regtest.onchain.receiveKey(0).address.startsWith('bcrt1q')).toBe(true);
    expect(regtest.lightning.path).toBe("m/1017'/1'/0'");
    const withPassphrase = await deriveWalletKeys(ABANDON, 'mainnet', 'TREZOR');
    expect(withPassphrase.onchain.receiveKey(0).address).not.toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(withPassphrase.lightning.nodeId()).not.toBe('02ed0a95430a2078d79b92985624f16c843a2c9caaae37eeacc4acfd6ffb10ed67');
  });
});
