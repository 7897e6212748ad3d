/** Every key of the wallet from its recovery phrase: the BIP84 account and the Lightning node. */
import type { NetworkName } from '../../protocol/networks.ts';
import { Bip84Account } from './bip84.ts';
import { LightningKeys } from './lightning-keys.ts';
import { mnemonicToSeed, type Mnemonic } from './mnemonic.ts';

export interface WalletKeys {
  network: NetworkName;
  onchain: Bip84Account;
  lightning: LightningKeys;
}

/** Account 0 on-chain and Lightning keys; `bip39Passphrase` is the optional BIP39 "25th word". */
export async function deriveWalletKeys(mnemonic: Mnemonic, network: NetworkName, bip39Passphrase = ''): Promise<WalletKeys> {
  const seed = await mnemonicToSeed(mnemonic, bip39Passphrase);
  try {
    return { network, onchain: Bip84Account.fromSeed(seed, network), lightning: LightningKeys.fromSeed(seed, network) };
  } finally {
    seed.fill(0);
  }
}
