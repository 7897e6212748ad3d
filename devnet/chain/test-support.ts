/** Helpers for the devnet tests: keys, funding, and real signed transactions built with @scure/btc-signer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as btc from '@scure/btc-signer';
import { expect } from 'vitest';
import { REGTEST_NETWORK } from './address.ts';
import type { Chain } from './chain.ts';
import type { Faucet } from './faucet.ts';
import { openDevnetChain, type DevnetChainOptions } from './index.ts';
import { ChainRejection } from './source.ts';

export interface Key {
  priv: Uint8Array;
  pub: Uint8Array;
  xonly: Uint8Array;
}

export function makeKey(label: string): Key {
  const priv = sha256(new TextEncoder().encode(`devnet test key ${label}`));
  return { priv, pub: secp256k1.getPublicKey(priv, true), xonly: schnorr.getPublicKey(priv) };
}

export const p2wpkhOf = (key: Key) => btc.p2wpkh(key.pub, REGTEST_NETWORK);
export const p2trOf = (key: Key) => btc.p2tr(key.xonly, undefined, REGTEST_NETWORK);
export const p2wshOf = (witnessScript: Uint8Array) => btc.p2wsh({ type: 'unknown', script: witnessScript }, REGTEST_NETWORK);

/** `<value> OP_CHECKSEQUENCEVERIFY OP_DROP <pub> OP_CHECKSIG` */
export const csvScript = (value: number, key: Key): Uint8Array =>
  btc.Script.encode([value, 'CHECKSEQUENCEVERIFY', 'DROP', key.pub, 'CHECKSIG']);

/** `<locktime> OP_CHECKLOCKTIMEVERIFY OP_DROP <pub> OP_CHECKSIG` */
export const cltvScript = (lockTime: number, key: Key): Uint8Array =>
  btc.Script.encode([lockTime, 'CHECKLOCKTIMEVERIFY', 'DROP', key.pub, 'CHECKSIG']);

export interface Coin {
  txid: string;
  vout: number;
  value: bigint;
  script: Uint8Array;
}

export interface Output {
  script: Uint8Array;
  amount: bigint;
}

export interface TxShape {
  version?: number;
  lockTime?: number;
  sequence?: number;
}

/** A fresh in-memory devnet chain at height 101 (or `startupHeight`). */
export function newChain(options: DevnetChainOptions = {}): { chain: Chain; faucet: Faucet } {
  return openDevnetChain(options);
}

export function temporaryDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'devnet-chain-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Pays `amount` from the faucet to `script`, optionally mines a block, and returns the new coin. */
export function fund(chain: Chain, faucet: Faucet, script: Uint8Array, amount: bigint, confirm = true): Coin {
  const txid = faucet.send(script, amount);
  if (confirm) chain.mine(1);
  const found = chain.lookupTransaction(txid);
  const vout = found?.tx.outputs.findIndex((output) => output.value === amount && btc.utils.compareBytes(output.script, script) === 0) ?? -1;
  if (vout < 0) throw new Error('funding output not found');
  return { txid, vout, value: amount, script };
}

function newTx(shape: TxShape): btc.Transaction {
  return new btc.Transaction({
    version: shape.version ?? 2,
    lockTime: shape.lockTime ?? 0,
    allowUnknownOutputs: true,
    allowUnknownInputs: true,
  });
}

function addOutputs(tx: btc.Transaction, outputs: Output[]): void {
  for (const output of outputs) tx.addOutput({ script: output.script, amount: output.amount });
}

export function spendP2wpkh(coin: Coin, key: Key, outputs: Output[], shape: TxShape = {}): Uint8Array {
  const tx = newTx(shape);
  tx.addInput({ txid: coin.txid, index: coin.vout, sequence: shape.sequence ?? 0xfffffffd, witnessUtxo: { script: coin.script, amount: coin.value } });
  addOutputs(tx, outputs);
  tx.sign(key.priv);
  tx.finalize();
  return tx.extract();
}

export function spendP2tr(coin: Coin, key: Key, outputs: Output[], shape: TxShape = {}): Uint8Array {
  const tx = newTx(shape);
  tx.addInput({
    txid: coin.txid,
    index: coin.vout,
    sequence: shape.sequence ?? 0xfffffffd,
    witnessUtxo: { script: coin.script, amount: coin.value },
    tapInternalKey: key.xonly,
  });
  addOutputs(tx, outputs);
  tx.sign(key.priv);
  tx.finalize();
  return tx.extract();
}

/** Spends a P2WSH coin whose witness script needs one signature: witness = [sig, witnessScript]. */
export function spendWitnessScript(coin: Coin, witnessScript: Uint8Array, key: Key, outputs: Output[], shape: TxShape = {}): Uint8Array {
  const tx = newTx(shape);
  tx.addInput({ txid: coin.txid, index: coin.vout, sequence: shape.sequence ?? 0xfffffffd, witnessUtxo: { script: coin.script, amount: coin.value } });
  addOutputs(tx, outputs);
  const digest = tx.preimageWitnessV0(0, witnessScript, btc.SigHash.ALL, coin.value);
  const signature = secp256k1.sign(digest, key.priv, { prehash: false, lowS: true, format: 'der' });
  tx.updateInput(0, { finalScriptWitness: [Uint8Array.of(...signature, btc.SigHash.ALL), witnessScript] }, true);
  return tx.extract();
}

/** Re-encodes `raw` with a different output value (signatures become invalid, structure stays valid). */
export function withOutputValue(raw: Uint8Array, index: number, value: bigint): Uint8Array {
  const decoded = btc.RawTx.decode(raw);
  const outputs = decoded.outputs.map((output, i) => (i === index ? { ...output, amount: value } : output));
  return btc.RawTx.encode({ ...decoded, outputs });
}

/** Copies `raw` with one byte changed, `fromEnd` bytes before its end. */
export function flipByte(raw: Uint8Array, fromEnd: number): Uint8Array {
  const copy = Uint8Array.from(raw);
  const index = copy.length - fromEnd;
  copy[index] = (copy[index] as number) ^ 0x01;
  return copy;
}

export function rejectionOf(action: () => unknown): ChainRejection {
  try {
    action();
  } catch (error) {
    if (error instanceof ChainRejection) return error;
    throw error;
  }
  throw new Error('expected a ChainRejection, but the action succeeded');
}

export function expectRejected(action: () => unknown, reason: string | RegExp): ChainRejection {
  const rejection = rejectionOf(action);
  if (typeof reason === 'string') expect(rejection.reason).toBe(reason);
  else expect(rejection.reason).toMatch(reason);
  return rejection;
}
