/** The wallet's coins as the on-chain sender sees them, and the key source that signs for them. */

/** BIP84 chain: 0 = receive addresses (handed out), 1 = change addresses (used only by our own transactions). */
export type AddressChain = 'receive' | 'change';

export interface KeyPath {
  chain: AddressChain;
  index: number;
}

/** An unspent P2WPKH output of the wallet. */
export interface WalletUtxo {
  /** Funding transaction id as explorers display it. */
  txid: string;
  vout: number;
  /** Satoshis. */
  value: bigint;
  /** The P2WPKH scriptPubKey of the key at `keyPath`. */
  script: Uint8Array;
  /** Block height of the funding transaction; undefined while unconfirmed. */
  height?: number;
  keyPath: KeyPath;
}

/** Supplies the 32-byte private key of a BIP84 key path (e.g. `Bip84Account.key(chain, index).privateKey`). */
export interface OnchainSigner {
  privateKeyFor(keyPath: KeyPath): Uint8Array;
}

export interface SpendabilityOptions {
  /**
   * Also spend unconfirmed coins paid to receive addresses. Off by default: the sender can still
   * double-spend them, and our transaction would vanish with theirs.
   */
  includeUnconfirmedReceives?: boolean;
}

/**
 * Confirmed coins, plus unconfirmed ones on change addresses: change addresses are never handed
 * out, so only our own transactions pay them, and we will not double-spend ourselves.
 */
export function isSpendable(utxo: WalletUtxo, options: SpendabilityOptions = {}): boolean {
  return utxo.height !== undefined || utxo.keyPath.chain === 'change' || options.includeUnconfirmedReceives === true;
}

export function outpointKey(coin: { txid: string; vout: number }): string {
  return `${coin.txid}:${coin.vout}`;
}

export function sumValues(items: readonly { value: bigint }[]): bigint {
  return items.reduce((sum, item) => sum + item.value, 0n);
}
