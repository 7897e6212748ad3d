/**
 * The devnet's faucet: a fixed, publicly known key (devnet only!) whose P2WPKH address receives every
 * coinbase by default, and which pays anyone from its mature coins with change back to itself.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as btc from '@scure/btc-signer';
import { REGTEST_NETWORK, addressToScript } from './address.ts';
import { COINBASE_MATURITY } from './consensus.ts';
import { dustThreshold } from './policy.ts';
import type { BlockInfo, Utxo } from './source.ts';
import { encodeCompactSize } from './bytes.ts';

export const FAUCET_PRIVATE_KEY: Uint8Array = sha256(new TextEncoder().encode('lightning-browser-wallet devnet faucet'));
const FAUCET_PAYMENT = btc.p2wpkh(secp256k1.getPublicKey(FAUCET_PRIVATE_KEY, true), REGTEST_NETWORK);
export const FAUCET_SCRIPT: Uint8Array = FAUCET_PAYMENT.script;
export const FAUCET_ADDRESS: string = FAUCET_PAYMENT.address as string;

export const DEFAULT_FAUCET_FEE_RATE = 2;
// Virtual sizes of the pieces of a P2WPKH-only transaction, rounded up (72-byte signatures assumed).
const TX_OVERHEAD_VBYTES = 11;
const P2WPKH_INPUT_VBYTES = 69;

export interface FaucetChain {
  tip(): BlockInfo;
  utxosForScript(script: Uint8Array): Utxo[];
  submitTransaction(raw: Uint8Array): string;
}

export interface SendOptions {
  /** sat/vB, default 2. */
  feeRate?: number;
}

export class Faucet {
  readonly script = FAUCET_SCRIPT;
  readonly address = FAUCET_ADDRESS;

  constructor(private readonly chain: FaucetChain) {}

  /** Coins the faucet can spend now: confirmed or unconfirmed change, and coinbases with 100 confirmations. */
  spendableUtxos(): Utxo[] {
    const nextHeight = this.chain.tip().height + 1;
    return this.chain
      .utxosForScript(this.script)
      .filter((utxo) => !utxo.coinbase || (utxo.height !== undefined && nextHeight - utxo.height >= COINBASE_MATURITY));
  }

  balance(): bigint {
    return this.spendableUtxos().reduce((sum, utxo) => sum + utxo.value, 0n);
  }

  /** Pays `sats` to an address or output script; returns the txid. */
  send(destination: string | Uint8Array, sats: bigint | number, options: SendOptions = {}): string {
    const amount = BigInt(sats);
    if (amount <= 0n) throw new RangeError('amount must be positive');
    const feeRate = options.feeRate ?? DEFAULT_FAUCET_FEE_RATE;
    if (!Number.isFinite(feeRate) || feeRate < 1) throw new RangeError('fee rate must be at least 1 sat/vB');
    const script = typeof destination === 'string' ? addressToScript(destination) : Uint8Array.from(destination);

    // Confirmed coins first, largest first, so unconfirmed chains stay short.
    const candidates = this.spendableUtxos().sort(
      (a, b) => Number(a.height === undefined) - Number(b.height === undefined) || (b.value > a.value ? 1 : b.value < a.value ? -1 : 0),
    );
    const outputVbytes = (outputScript: Uint8Array): number => 8 + encodeCompactSize(outputScript.length).length + outputScript.length;
    const feeFor = (inputs: number, withChange: boolean): bigint =>
      BigInt(Math.ceil(feeRate * (TX_OVERHEAD_VBYTES + inputs * P2WPKH_INPUT_VBYTES + outputVbytes(script) + (withChange ? outputVbytes(this.script) : 0))));

    const chosen: Utxo[] = [];
    let total = 0n;
    for (const utxo of candidates) {
      chosen.push(utxo);
      total += utxo.value;
      if (total >= amount + feeFor(chosen.length, true)) break;
    }
    const feeWithChange = feeFor(chosen.length, true);
    const feeWithoutChange = feeFor(chosen.length, false);
    if (total < amount + feeWithoutChange) {
      throw new Error(`faucet has ${total} spendable sats, needs ${amount + feeWithoutChange}`);
    }
    const change = total - amount - feeWithChange;

    const tx = new btc.Transaction({ version: 2, allowUnknownOutputs: true });
    for (const utxo of chosen) {
      tx.addInput({ txid: utxo.txid, index: utxo.vout, witnessUtxo: { script: utxo.script, amount: utxo.value } });
    }
    tx.addOutput({ script, amount });
    if (change >= dustThreshold({ value: change, script: this.script })) tx.addOutput({ script: this.script, amount: change });
    tx.sign(FAUCET_PRIVATE_KEY);
    tx.finalize();
    return this.chain.submitTransaction(tx.extract());
  }
}
