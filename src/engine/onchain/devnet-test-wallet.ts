/** A BIP84 wallet on the in-process devnet chain, for the integration tests (Node only: the chain uses node:fs). */
import { HDKey } from '@scure/bip32';
import { Chain, Faucet, openDevnetChain } from '../../../devnet/chain/index.ts';
import { p2wpkh } from '../../protocol/bitcoin/index.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { addressFromScript } from './address.ts';
import type { AddressChain, KeyPath, OnchainSigner, WalletUtxo } from './wallet-utxo.ts';

const SCAN_DEPTH = 10;

export class DevnetTestWallet implements OnchainSigner {
  private readonly account: HDKey;

  constructor(
    readonly chain: Chain,
    readonly faucet: Faucet,
    seedLabel = 'onchain test wallet',
  ) {
    const seed = sha256(new TextEncoder().encode(seedLabel));
    this.account = HDKey.fromMasterSeed(seed).derive("m/84'/1'/0'");
  }

  static open(seedLabel?: string): DevnetTestWallet {
    const { chain, faucet } = openDevnetChain();
    return new DevnetTestWallet(chain, faucet, seedLabel);
  }

  private key(path: KeyPath): HDKey {
    return this.account.deriveChild(path.chain === 'receive' ? 0 : 1).deriveChild(path.index);
  }

  privateKeyFor(path: KeyPath): Uint8Array {
    return this.key(path).privateKey!;
  }

  script(chain: AddressChain, index: number): Uint8Array {
    return p2wpkh(this.key({ chain, index }).publicKey!);
  }

  address(chain: AddressChain, index: number): string {
    return addressFromScript(this.script(chain, index), 'regtest')!;
  }

  /** Pays `sats` from the faucet to receive address `index`, confirming it unless told otherwise. */
  fund(index: number, sats: bigint, confirm = true): string {
    const txid = this.faucet.send(this.address('receive', index), sats);
    if (confirm) this.chain.mine(1);
    return txid;
  }

  /** The wallet's unspent coins as the chain (mempool included) sees them. */
  utxos(): WalletUtxo[] {
    const found: WalletUtxo[] = [];
    for (const chain of ['receive', 'change'] as const) {
      for (let index = 0; index < SCAN_DEPTH; index++) {
        for (const utxo of this.chain.utxosForScript(this.script(chain, index))) {
          found.push({ txid: utxo.txid, vout: utxo.vout, value: utxo.value, script: utxo.script, height: utxo.height, keyPath: { chain, index } });
        }
      }
    }
    return found;
  }

  get tipHeight(): number {
    return this.chain.tip().height;
  }

  /** Fee and vsize as the chain computed them, for a transaction in its mempool or blocks. */
  chainView(txid: string): { fee: bigint; vsize: number; confirmed: boolean } | undefined {
    const found = this.chain.lookupTransaction(txid);
    return found && { fee: found.fee, vsize: found.tx.vsize, confirmed: found.block !== undefined };
  }
}
