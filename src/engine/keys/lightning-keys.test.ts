import { describe, expect, it } from 'vitest';
import { HDKey } from '@scure/bip32';
import { hex } from '../../protocol/codec/bytes.ts';
import { isValidSecretKey, publicKey } from '../../protocol/crypto/index.ts';
import { generateFromSeed, MAX_SECRET_INDEX } from '../../protocol/shachain/index.ts';
import { Bip84Account } from './bip84.ts';
import { KEY_FAMILY, LightningKeys, type ChannelKeys, type KeyPair } from './lightning-keys.ts';
import { createMnemonic, mnemonicToSeed, parseMnemonic } from './mnemonic.ts';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const seed = await mnemonicToSeed(parseMnemonic(ABANDON));

function pairsOf(keys: ChannelKeys): KeyPair[] {
  return [keys.funding, keys.revocationBasepoint, keys.paymentBasepoint, keys.delayedPaymentBasepoint, keys.htlcBasepoint];
}

describe('Lightning key derivation', () => {
  const keys = LightningKeys.fromSeed(seed, 'mainnet');

  it('keeps the documented paths (these values must never change: they are where funds are)', () => {
    // Pinned so that any change to the path scheme fails here rather than losing channels.
    expect(keys.nodeId()).toBe('02ed0a95430a2078d79b92985624f16c843a2c9caaae37eeacc4acfd6ffb10ed67');
    expect(hex(keys.channelKeys(0).funding.publicKey)).toBe('02e1b7c8189dc082e8282c0215330e45326eb55e74e7431f21061053a56674e483');
    expect(hex(keys.channelKeys(0).perCommitmentSeed)).toBe('5a2938a00655e0a65ebefb8b22d16ab09a4e15d07f9689317d9f98c8a109c73f');
    expect(LightningKeys.fromSeed(seed, 'regtest').nodeId()).toBe('029ced5d41805d50a0b02acc62738d4c8731e84c2aaf02a94fe0998be5302c2eab');
  });

  it('derives each key at m/1017\'/coin\'/account\'/family\'/index\'', () => {
    const root = HDKey.fromMasterSeed(seed);
    expect(keys.keyPath('node', 0)).toBe("m/1017'/0'/0'/6'/0'");
    expect(hex(keys.nodeKey().secret)).toBe(hex(root.derive("m/1017'/0'/0'/6'/0'").privateKey!));
    const channel = keys.channelKeys(7);
    const expected: [keyof typeof KEY_FAMILY, Uint8Array][] = [
      ['funding', channel.funding.secret],
      ['revocationBasepoint', channel.revocationBasepoint.secret],
      ['htlcBasepoint', channel.htlcBasepoint.secret],
      ['paymentBasepoint', channel.paymentBasepoint.secret],
      ['delayedPaymentBasepoint', channel.delayedPaymentBasepoint.secret],
      ['perCommitmentSeed', channel.perCommitmentSeed],
    ];
    for (const [family, secret] of expected) {
      expect(hex(secret)).toBe(hex(root.derive(`m/1017'/0'/0'/${KEY_FAMILY[family]}'/7'`).privateKey!));
    }
    const testnet = LightningKeys.fromSeed(seed, 'signet', 2);
    expect(testnet.keyPath('funding', 3)).toBe("m/1017'/1'/2'/0'/3'");
    expect(hex(testnet.channelKeys(3).funding.secret)).toBe(hex(root.derive("m/1017'/1'/2'/0'/3'").privateKey!));
  });

  it('is deterministic: the same seed gives the same keys in a fresh instance', () => {
    const again = LightningKeys.fromSeed(seed, 'mainnet');
    expect(again.nodeKey()).toEqual(keys.nodeKey());
    expect(again.channelKeys(3)).toEqual(keys.channelKeys(3));
  });

  it('pairs every secret with its public point', () => {
    const node = keys.nodeKey();
    expect(hex(publicKey(node.secret))).toBe(hex(node.publicKey));
    for (const pair of pairsOf(keys.channelKeys(1))) {
      expect(isValidSecretKey(pair.secret)).toBe(true);
      expect(hex(publicKey(pair.secret))).toBe(hex(pair.publicKey));
    }
  });

  it('gives distinct keys across families, channels, networks and accounts', () => {
    const seen = new Set<string>([hex(keys.nodeKey().secret)]);
    let count = 1;
    for (const lightning of [keys, LightningKeys.fromSeed(seed, 'testnet'), LightningKeys.fromSeed(seed, 'mainnet', 1)]) {
      if (lightning !== keys) {
        seen.add(hex(lightning.nodeKey().secret));
        count++;
      }
      for (let channel = 0; channel < 20; channel++) {
        const channelKeys = lightning.channelKeys(channel);
        expect(channelKeys.channelIndex).toBe(channel);
        for (const secret of [...pairsOf(channelKeys).map((p) => p.secret), channelKeys.perCommitmentSeed]) {
          seen.add(hex(secret));
          count++;
        }
      }
    }
    expect(seen.size).toBe(count);
  });

  it('never derives the node key or a channel key as one of the BIP84 keys', () => {
    const lightning = new Set<string>([hex(keys.nodeKey().secret)]);
    for (let channel = 0; channel < 10; channel++) {
      const channelKeys = keys.channelKeys(channel);
      for (const pair of pairsOf(channelKeys)) lightning.add(hex(pair.secret));
      lightning.add(hex(channelKeys.perCommitmentSeed));
    }
    const onchain = Bip84Account.fromSeed(seed, 'mainnet');
    for (let i = 0; i < 50; i++) {
      expect(lightning.has(hex(onchain.receiveKey(i).privateKey))).toBe(false);
      expect(lightning.has(hex(onchain.changeKey(i).privateKey))).toBe(false);
    }
    expect(keys.nodeId()).not.toBe(hex(HDKey.fromMasterSeed(seed).derive("m/84'/0'/0'").publicKey!));
  });

  it('depends on the seed', async () => {
    const other = LightningKeys.fromSeed(await mnemonicToSeed(parseMnemonic(createMnemonic())), 'mainnet');
    expect(other.nodeId()).not.toBe(keys.nodeId());
    expect(hex(other.channelKeys(0).perCommitmentSeed)).not.toBe(hex(keys.channelKeys(0).perCommitmentSeed));
  });

  it('feeds the per-commitment seed to BOLT 3 shachain', () => {
    const { perCommitmentSeed } = keys.channelKeys(0);
    expect(perCommitmentSeed).toHaveLength(32);
    const first = generateFromSeed(perCommitmentSeed, MAX_SECRET_INDEX);
    expect(first).toHaveLength(32);
    expect(hex(first)).not.toBe(hex(generateFromSeed(perCommitmentSeed, MAX_SECRET_INDEX - 1)));
  });

  it('hands out copies, so wiping a returned secret does not change later answers', () => {
    const node = keys.nodeKey();
    node.secret.fill(0);
    expect(hex(keys.nodeKey().secret)).not.toBe('00'.repeat(32));
  });

  it('rejects channel indices outside 0..2^31-1', () => {
    for (const bad of [-1, 2 ** 31, 0.5]) expect(() => keys.channelKeys(bad)).toThrow(RangeError);
    expect(keys.channelKeys(2 ** 31 - 1).channelIndex).toBe(2 ** 31 - 1);
  });
});
