/**
 * BIP84 native-segwit accounts: m / 84' / coin' / account' / chain / index, chain 0 for
 * receive addresses and 1 for change, P2WPKH outputs. Coin type 0 on mainnet and 1 on every
 * test network, as BIP44 assigns them, so the recovery phrase restores the on-chain funds in
 * Electrum, Sparrow or any other BIP84 wallet.
 */
import { HDKey, HARDENED_OFFSET, type Versions } from '@scure/bip32';
import { bech32 } from '@scure/base';
import { p2wpkh } from '../../protocol/bitcoin/index.ts';
import { hash160 } from '../../protocol/crypto/index.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';

export const BIP84_PURPOSE = 84;

export type AddressChain = 'receive' | 'change';

/** One derived key of the account, with what it pays to and what it signs with. */
export interface OnchainKey {
  /** Full derivation path, e.g. m/84'/0'/0'/0/5. */
  path: string;
  chain: AddressChain;
  index: number;
  /** bech32 P2WPKH address with the network's HRP. */
  address: string;
  /** OP_0 <HASH160(publicKey)>. */
  scriptPubKey: Uint8Array;
  /** 33-byte compressed public key. */
  publicKey: Uint8Array;
  /** 32-byte secret key; it signs spends of `scriptPubKey`. */
  privateKey: Uint8Array;
}

/** BIP44 coin type: 0 for Bitcoin, 1 for all test networks. */
export function coinType(network: NetworkName): 0 | 1 {
  return network === 'mainnet' ? 0 : 1;
}

/** Extended-key version bytes: BIP32 (xpub/tpub) and SLIP-132 for P2WPKH (zpub/vpub). */
const VERSIONS: Record<'main' | 'test', { bip32: Versions; slip132: Versions }> = {
  main: { bip32: { public: 0x0488b21e, private: 0x0488ade4 }, slip132: { public: 0x04b24746, private: 0x04b2430c } },
  test: { bip32: { public: 0x043587cf, private: 0x04358394 }, slip132: { public: 0x045f1cf6, private: 0x045f18bc } },
};

function versionsFor(network: NetworkName): { bip32: Versions; slip132: Versions } {
  return VERSIONS[network === 'mainnet' ? 'main' : 'test'];
}

/** Index of a non-hardened child or of an account: 0 ≤ index < 2^31. */
export function checkChildIndex(index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED_OFFSET) {
    throw new RangeError(`${what} must be an integer from 0 to 2^31 - 1, got ${index}`);
  }
}

/** The segwit v0 address paying to P2WPKH of `publicKey` on `network`. */
export function p2wpkhAddress(publicKey: Uint8Array, network: NetworkName): string {
  return bech32.encode(NETWORKS[network].bech32, [0, ...bech32.toWords(hash160(publicKey))]);
}

export class Bip84Account {
  /** m/84'/coin'/account'. */
  readonly path: string;
  /** The master key's fingerprint as 8 hex digits, as descriptors and PSBTs show it. */
  readonly masterFingerprint: string;
  /** Account public key as xpub (mainnet) or tpub. */
  readonly xpub: string;
  /** Account public key as SLIP-132 zpub (mainnet) or vpub: what Electrum and Sparrow import as native segwit. */
  readonly zpub: string;
  private readonly chains: Record<AddressChain, HDKey>;

  private constructor(
    readonly network: NetworkName,
    readonly account: number,
    private readonly node: HDKey,
    masterFingerprint: number,
  ) {
    this.path = `m/${BIP84_PURPOSE}'/${coinType(network)}'/${account}'`;
    this.masterFingerprint = masterFingerprint.toString(16).padStart(8, '0');
    this.zpub = node.publicExtendedKey;
    this.xpub = new HDKey({
      versions: versionsFor(network).bip32,
      depth: node.depth,
      index: node.index,
      parentFingerprint: node.parentFingerprint,
      chainCode: node.chainCode ?? undefined,
      publicKey: node.publicKey ?? undefined,
    }).publicExtendedKey;
    this.chains = { receive: node.deriveChild(0), change: node.deriveChild(1) };
  }

  /** The account from a BIP39 seed (64 bytes). */
  static fromSeed(seed: Uint8Array, network: NetworkName, account = 0): Bip84Account {
    checkChildIndex(account, 'the account number');
    const root = HDKey.fromMasterSeed(seed, versionsFor(network).slip132);
    return new Bip84Account(network, account, root.derive(`m/${BIP84_PURPOSE}'/${coinType(network)}'/${account}'`), root.fingerprint);
  }

  /** The account private key as zprv (mainnet) or vprv. A secret: only for export to another wallet. */
  extendedPrivateKey(): string {
    return this.node.privateExtendedKey;
  }

  key(chain: AddressChain, index: number): OnchainKey {
    checkChildIndex(index, 'the address index');
    const child = this.chains[chain].deriveChild(index);
    const publicKey = child.publicKey;
    const privateKey = child.privateKey;
    // A private HD node always has both; the check keeps the types honest.
    if (!publicKey || !privateKey) throw new Error('BIP32 derivation returned no key');
    return {
      path: `${this.path}/${chain === 'receive' ? 0 : 1}/${index}`,
      chain,
      index,
      address: p2wpkhAddress(publicKey, this.network),
      scriptPubKey: p2wpkh(publicKey),
      publicKey: publicKey.slice(),
      privateKey: privateKey.slice(),
    };
  }

  receiveKey(index: number): OnchainKey {
    return this.key('receive', index);
  }

  changeKey(index: number): OnchainKey {
    return this.key('change', index);
  }
}
