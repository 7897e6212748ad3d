/**
 * Lightning keys, derived by BIP32 from the same BIP39 seed as the on-chain wallet so the
 * recovery phrase alone is enough to find every channel's keys again.
 *
 * Path scheme (every level hardened):
 *
 *     m / 1017' / coin' / account' / family' / index'
 *
 * - 1017' is the purpose LND uses for its Lightning keys. It is none of the BIP43 purposes
 *   on-chain wallets derive from (44', 45', 48', 49', 84', 86'), so no Lightning key can ever
 *   be an address key of the same phrase in this or another wallet.
 * - coin' is 0' on mainnet and 1' on every test network, as in BIP44/BIP84.
 * - account' is 0' for now; another account is a fully separate Lightning node.
 * - family' says what the key is for (numbers follow LND's key families):
 *     0' funding (the channel's 2-of-2 multisig key)
 *     1' revocation basepoint
 *     2' HTLC basepoint
 *     3' payment basepoint
 *     4' delayed payment basepoint
 *     5' per-commitment seed (the shachain root; the 32 bytes of the derived secret key)
 *     6' node key (index 0' only): its public key is the node id
 * - index' is the channel index for families 0'–5': channel n uses index n in every family.
 *   Channels are numbered 0, 1, 2, ... in the order they are opened, so recovery can walk the
 *   indices upwards.
 *
 * Hardened derivation at every level means a leaked secret of one channel reveals nothing
 * about another channel, the node key or the family's parent (LND's non-hardened last levels
 * would let one child secret plus the parent public key expose the whole family).
 */
import { HDKey, HARDENED_OFFSET } from '@scure/bip32';
import { hex } from '../../protocol/codec/bytes.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { checkChildIndex, coinType } from './bip84.ts';

export const LIGHTNING_PURPOSE = 1017;

export const KEY_FAMILY = {
  funding: 0,
  revocationBasepoint: 1,
  htlcBasepoint: 2,
  paymentBasepoint: 3,
  delayedPaymentBasepoint: 4,
  perCommitmentSeed: 5,
  node: 6,
} as const;

export type KeyFamily = keyof typeof KEY_FAMILY;

export interface KeyPair {
  /** 32-byte secret key. */
  secret: Uint8Array;
  /** 33-byte compressed public key (a "point" or "basepoint" in BOLT 3). */
  publicKey: Uint8Array;
}

/** Everything BOLT 2/3 needs from our side of channel `channelIndex`. */
export interface ChannelKeys {
  channelIndex: number;
  funding: KeyPair;
  revocationBasepoint: KeyPair;
  paymentBasepoint: KeyPair;
  delayedPaymentBasepoint: KeyPair;
  htlcBasepoint: KeyPair;
  /** 32-byte shachain seed from which the per-commitment secrets are generated (BOLT 3). */
  perCommitmentSeed: Uint8Array;
}

export class LightningKeys {
  /** m/1017'/coin'/account'. */
  readonly path: string;
  private cachedNodeKey: KeyPair | undefined;
  private readonly familyNodes = new Map<KeyFamily, HDKey>();

  private constructor(
    readonly network: NetworkName,
    readonly account: number,
    private readonly accountNode: HDKey,
  ) {
    this.path = `m/${LIGHTNING_PURPOSE}'/${coinType(network)}'/${account}'`;
  }

  /** The Lightning keys of a BIP39 seed (64 bytes). */
  static fromSeed(seed: Uint8Array, network: NetworkName, account = 0): LightningKeys {
    checkChildIndex(account, 'the account number');
    const root = HDKey.fromMasterSeed(seed);
    return new LightningKeys(network, account, root.derive(`m/${LIGHTNING_PURPOSE}'/${coinType(network)}'/${account}'`));
  }

  /** Derivation path of a key, e.g. m/1017'/0'/0'/6'/0' for the node key. */
  keyPath(family: KeyFamily, index: number): string {
    return `${this.path}/${KEY_FAMILY[family]}'/${index}'`;
  }

  /** The node's identity key; its public key is the node id peers and invoices know us by. */
  nodeKey(): KeyPair {
    this.cachedNodeKey ??= this.derive('node', 0);
    return copy(this.cachedNodeKey);
  }

  /** The node id: the node key's public key in hex. */
  nodeId(): string {
    return hex(this.nodeKey().publicKey);
  }

  channelKeys(channelIndex: number): ChannelKeys {
    checkChildIndex(channelIndex, 'the channel index');
    return {
      channelIndex,
      funding: this.derive('funding', channelIndex),
      revocationBasepoint: this.derive('revocationBasepoint', channelIndex),
      paymentBasepoint: this.derive('paymentBasepoint', channelIndex),
      delayedPaymentBasepoint: this.derive('delayedPaymentBasepoint', channelIndex),
      htlcBasepoint: this.derive('htlcBasepoint', channelIndex),
      perCommitmentSeed: this.derive('perCommitmentSeed', channelIndex).secret,
    };
  }

  private derive(family: KeyFamily, index: number): KeyPair {
    let familyNode = this.familyNodes.get(family);
    if (!familyNode) {
      familyNode = this.accountNode.deriveChild(HARDENED_OFFSET + KEY_FAMILY[family]);
      this.familyNodes.set(family, familyNode);
    }
    const node = familyNode.deriveChild(HARDENED_OFFSET + index);
    // A private HD node always has both; the check keeps the types honest.
    if (!node.privateKey || !node.publicKey) throw new Error('BIP32 derivation returned no key');
    return { secret: node.privateKey.slice(), publicKey: node.publicKey.slice() };
  }
}

function copy(pair: KeyPair): KeyPair {
  return { secret: pair.secret.slice(), publicKey: pair.publicKey.slice() };
}
