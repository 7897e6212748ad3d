/**
 * A node's on-chain wallet: one P2WPKH key derived (BIP 84 path, regtest coin type) from the
 * node seed, with its coins read from the chain. It funds channels and receives sweeps and change.
 */
import { HDKey } from '@scure/bip32';
import { Address, OutScript, p2wpkh, Transaction } from '@scure/btc-signer';
import type { ChainSource, Utxo } from '../chain/source.ts';
import { outpointKey } from '../chain/tx.ts';

export const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };

const WALLET_PATH = "m/84'/1'/0'/0/0";
const COINBASE_MATURITY = 100;
const DUST_LIMIT = 546n;
// Virtual sizes used to price a transaction before it is signed.
const TX_OVERHEAD_VBYTES = 11;
const P2WPKH_INPUT_VBYTES = 68;

export interface WalletBalance {
  confirmedSat: string;
  unconfirmedSat: string;
  /** Coinbase outputs not yet spendable. */
  immatureSat: string;
  /** Coins set aside for funding transactions not yet broadcast. */
  reservedSat: string;
}

export interface SignedTransaction {
  txid: string;
  raw: Uint8Array;
  feeSat: bigint;
}

export class InsufficientFunds extends Error {
  override readonly name = 'InsufficientFunds';
}

export class OnchainWallet {
  readonly script: Uint8Array;
  readonly address: string;
  private readonly privateKey: Uint8Array;
  /** Outpoint → txid of the unbroadcast transaction it is reserved for. */
  private readonly reserved = new Map<string, string>();

  constructor(
    private readonly chain: ChainSource,
    seed: Uint8Array,
  ) {
    const key = HDKey.fromMasterSeed(seed).derive(WALLET_PATH);
    if (!key.privateKey || !key.publicKey) throw new Error('wallet key derivation failed');
    this.privateKey = key.privateKey;
    const payment = p2wpkh(key.publicKey, REGTEST);
    this.script = payment.script;
    this.address = payment.address as string;
  }

  balance(): WalletBalance {
    let confirmed = 0n;
    let unconfirmed = 0n;
    let immature = 0n;
    let reserved = 0n;
    for (const utxo of this.chain.utxosForScript(this.script)) {
      if (this.reserved.has(outpointKey(utxo.txid, utxo.vout))) reserved += utxo.value;
      else if (!this.isMature(utxo)) immature += utxo.value;
      else if (utxo.height === undefined) unconfirmed += utxo.value;
      else confirmed += utxo.value;
    }
    return {
      confirmedSat: confirmed.toString(),
      unconfirmedSat: unconfirmed.toString(),
      immatureSat: immature.toString(),
      reservedSat: reserved.toString(),
    };
  }

  /** Spendable coins: mature and not reserved; confirmed first, then largest first. */
  spendable(): Utxo[] {
    this.forgetSpentReservations();
    return this.chain
      .utxosForScript(this.script)
      .filter((utxo) => this.isMature(utxo) && !this.reserved.has(outpointKey(utxo.txid, utxo.vout)))
      .sort((a, b) => Number(a.height === undefined) - Number(b.height === undefined) || (a.value > b.value ? -1 : a.value < b.value ? 1 : 0));
  }

  /**
   * Builds and signs a transaction paying `outputs`, change back to the wallet. Its coins stay
   * reserved until it is seen in the chain or `release` is called.
   */
  createTransaction(outputs: { script: Uint8Array; value: bigint }[], feeRateSatPerKw: number): SignedTransaction {
    const outputsVbytes = outputs.reduce((sum, output) => sum + outputVbytes(output.script), 0);
    const target = outputs.reduce((sum, output) => sum + output.value, 0n);
    const selected: Utxo[] = [];
    let selectedValue = 0n;
    let fee = 0n;
    for (const utxo of this.spendable()) {
      selected.push(utxo);
      selectedValue += utxo.value;
      fee = feeFor(TX_OVERHEAD_VBYTES + selected.length * P2WPKH_INPUT_VBYTES + outputsVbytes + outputVbytes(this.script), feeRateSatPerKw);
      if (selectedValue >= target + fee) break;
    }
    if (selectedValue < target + fee) {
      throw new InsufficientFunds(`need ${target + fee} sat, wallet has ${selectedValue} spendable`);
    }

    const tx = new Transaction();
    for (const utxo of selected) {
      tx.addInput({ txid: utxo.txid, index: utxo.vout, witnessUtxo: { script: utxo.script, amount: utxo.value } });
    }
    for (const output of outputs) tx.addOutput({ script: output.script, amount: output.value });
    const change = selectedValue - target - fee;
    if (change >= DUST_LIMIT) tx.addOutput({ script: this.script, amount: change });
    tx.sign(this.privateKey);
    tx.finalize();

    const txid = tx.id;
    for (const utxo of selected) this.reserved.set(outpointKey(utxo.txid, utxo.vout), txid);
    return { txid, raw: tx.extract(), feeSat: change >= DUST_LIMIT ? fee : selectedValue - target };
  }

  /** Frees the coins of a transaction that will not be broadcast after all. */
  release(txid: string): void {
    for (const [outpoint, reservedFor] of this.reserved) if (reservedFor === txid) this.reserved.delete(outpoint);
  }

  /** Pays `sats` to an address or output script; returns the txid. */
  send(destination: string | Uint8Array, sats: bigint, feeRateSatPerKw: number): string {
    const script = typeof destination === 'string' ? OutScript.encode(Address(REGTEST).decode(destination)) : destination;
    const signed = this.createTransaction([{ script, value: sats }], feeRateSatPerKw);
    try {
      return this.chain.submitTransaction(signed.raw);
    } catch (error) {
      this.release(signed.txid);
      throw error;
    }
  }

  /** Coinbase outputs may be spent in the block 100 blocks after theirs. */
  private isMature(utxo: Utxo): boolean {
    if (!utxo.coinbase) return true;
    return utxo.height !== undefined && this.chain.tip().height + 1 - utxo.height >= COINBASE_MATURITY;
  }

  /** A reservation ends once its coin is spent (the transaction reached the mempool). */
  private forgetSpentReservations(): void {
    if (this.reserved.size === 0) return;
    const unspent = new Set(this.chain.utxosForScript(this.script).map((utxo) => outpointKey(utxo.txid, utxo.vout)));
    for (const outpoint of this.reserved.keys()) if (!unspent.has(outpoint)) this.reserved.delete(outpoint);
  }
}

function outputVbytes(script: Uint8Array): number {
  return 8 + 1 + script.length;
}

function feeFor(vbytes: number, feeRateSatPerKw: number): bigint {
  return BigInt(Math.ceil((vbytes * feeRateSatPerKw) / 250));
}
