import { describe, expect, it } from 'vitest';
import { createBase58check } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { NETWORK, TEST_NETWORK, p2wpkh as btcSignerP2wpkh } from '@scure/btc-signer';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, hex } from '../../protocol/codec/bytes.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { Bip84Account, coinType } from './bip84.ts';
import { mnemonicToSeed, parseMnemonic } from './mnemonic.ts';

const base58check = createBase58check(sha256);

/** Raw secret key of a compressed-key mainnet WIF. */
function fromWif(wif: string): string {
  const payload = base58check.decode(wif);
  expect(payload[0]).toBe(0x80);
  expect(payload[33]).toBe(0x01);
  return hex(payload.slice(1, 33));
}

// BIP84 "Test vectors", typed from the BIP.
const BIP84 = {
  mnemonic: 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  rootZprv: 'zprvAWgYBBk7JR8Gjrh4UJQ2uJdG1r3WNRRfURiABBE3RvMXYSrRJL62XuezvGdPvG6GFBZduosCc1YP5wixPox7zhZLfiUm8aunE96BBa4Kei5',
  accountZprv: 'zprvAdG4iTXWBoARxkkzNpNh8r6Qag3irQB8PzEMkAFeTRXxHpbF9z4QgEvBRmfvqWvGp42t42nvgGpNgYSJA9iefm1yYNZKEm7z6qUWCroSQnE',
  accountZpub: 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs',
  keys: [
    {
      chain: 'receive',
      index: 0,
      wif: 'KyZpNDKnfs94vbrwhJneDi77V6jF64PWPF8x5cdJb8ifgg2DUc9d',
      publicKey: '0330d54fd0dd420a6e5f8d3624f5f3482cae350f79d5f0753bf5beef9c2d91af3c',
      address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
    },
    {
      chain: 'receive',
      index: 1,
      wif: 'Kxpf5b8p3qX56DKEe5NqWbNUP9MnqoRFzZwHRtsFqhzuvUJsYZCy',
      publicKey: '03e775fd51f0dfb8cd865d9ff1cca2a158cf651fe997fdc9fee9c1d3b5e995ea77',
      address: 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g',
    },
    {
      chain: 'change',
      index: 0,
      wif: 'KxuoxufJL5csa1Wieb2kp29VNdn92Us8CoaUG3aGtPtcF3AzeXvF',
      publicKey: '03025324888e429ab8e3dbaf1f7802648b9cd01e9b418485c5fa4c1b9b5700e1a6',
      address: 'bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el',
    },
  ],
} as const;

const seed = await mnemonicToSeed(parseMnemonic(BIP84.mnemonic));

describe('BIP84 test vectors (mainnet, account 0)', () => {
  const account = Bip84Account.fromSeed(seed, 'mainnet');

  it('derives the account zprv and zpub', () => {
    expect(account.path).toBe("m/84'/0'/0'");
    expect(account.extendedPrivateKey()).toBe(BIP84.accountZprv);
    expect(account.zpub).toBe(BIP84.accountZpub);
  });

  it('shares the root with the BIP (root zprv) and reports its fingerprint', () => {
    const root = HDKey.fromMasterSeed(seed, { public: 0x04b24746, private: 0x04b2430c });
    expect(root.privateExtendedKey).toBe(BIP84.rootZprv);
    expect(account.masterFingerprint).toBe('73c5da0a');
  });

  it('gives the same account key as a plain xpub', () => {
    expect(account.xpub.startsWith('xpub')).toBe(true);
    const xpubNode = HDKey.fromExtendedKey(account.xpub);
    const zpubNode = HDKey.fromExtendedKey(account.zpub, { public: 0x04b24746, private: 0x04b2430c });
    expect(hex(xpubNode.publicKey!)).toBe(hex(zpubNode.publicKey!));
    expect(hex(xpubNode.chainCode!)).toBe(hex(zpubNode.chainCode!));
  });

  it.each(BIP84.keys)('derives $chain address $index', (vector) => {
    const key = account.key(vector.chain, vector.index);
    expect(key.address).toBe(vector.address);
    expect(hex(key.publicKey)).toBe(vector.publicKey);
    expect(hex(key.privateKey)).toBe(fromWif(vector.wif));
    expect(key.path).toBe(`m/84'/0'/0'/${vector.chain === 'receive' ? 0 : 1}/${vector.index}`);
    // OP_0 PUSH20 <HASH160(pubkey)>, the program the address encodes.
    expect(hex(key.scriptPubKey)).toBe(hex(btcSignerP2wpkh(fromHex(vector.publicKey), NETWORK).script));
    expect(key.scriptPubKey.slice(0, 2)).toEqual(Uint8Array.of(0x00, 0x14));
  });

  it('has receiveKey/changeKey shorthands on the right chains', () => {
    expect(account.receiveKey(1).address).toBe(BIP84.keys[1].address);
    expect(account.changeKey(0).address).toBe(BIP84.keys[2].address);
  });
});

describe('test networks', () => {
  const REGTEST = { ...TEST_NETWORK, bech32: 'bcrt' };

  it.each([
    ['testnet', TEST_NETWORK, 'tb1q'],
    ['testnet4', TEST_NETWORK, 'tb1q'],
    ['signet', TEST_NETWORK, 'tb1q'],
    ['regtest', REGTEST, 'bcrt1q'],
  ] as const)('%s uses coin type 1, vpub and the network HRP', (network, btcNetwork, prefix) => {
    const account = Bip84Account.fromSeed(seed, network as NetworkName);
    expect(coinType(network)).toBe(1);
    expect(account.path).toBe("m/84'/1'/0'");
    expect(account.zpub.startsWith('vpub')).toBe(true);
    expect(account.xpub.startsWith('tpub')).toBe(true);
    expect(account.extendedPrivateKey().startsWith('vprv')).toBe(true);
    const key = account.receiveKey(0);
    expect(key.address.startsWith(prefix)).toBe(true);
    expect(key.address).toBe(btcSignerP2wpkh(key.publicKey, btcNetwork).address);
    // Independent derivation of the same path.
    const expected = HDKey.fromMasterSeed(seed).derive("m/84'/1'/0'/0/0");
    expect(hex(key.privateKey)).toBe(hex(expected.privateKey!));
  });

  it('does not reuse mainnet keys on test networks', () => {
    const main = Bip84Account.fromSeed(seed, 'mainnet').receiveKey(0);
    const test = Bip84Account.fromSeed(seed, 'testnet').receiveKey(0);
    expect(hex(test.publicKey)).not.toBe(hex(main.publicKey));
  });
});

describe('accounts and indices', () => {
  it('derives account 1 on its own path', () => {
    const account = Bip84Account.fromSeed(seed, 'mainnet', 1);
    expect(account.path).toBe("m/84'/0'/1'");
    expect(hex(account.receiveKey(0).privateKey)).toBe(hex(HDKey.fromMasterSeed(seed).derive("m/84'/0'/1'/0/0").privateKey!));
  });

  it('rejects indices outside 0..2^31-1', () => {
    const account = Bip84Account.fromSeed(seed, 'mainnet');
    for (const bad of [-1, 2 ** 31, 1.5, Number.NaN]) expect(() => account.receiveKey(bad)).toThrow(RangeError);
    expect(account.receiveKey(2 ** 31 - 1).path).toBe("m/84'/0'/0'/0/2147483647");
    expect(() => Bip84Account.fromSeed(seed, 'mainnet', -1)).toThrow(RangeError);
  });

  it('hands out copies, so a caller wiping a key does not corrupt the account', () => {
    const account = Bip84Account.fromSeed(seed, 'mainnet');
    account.receiveKey(0).privateKey.fill(0);
    expect(hex(account.receiveKey(0).privateKey)).toBe(fromWif(BIP84.keys[0].wif));
  });
});
