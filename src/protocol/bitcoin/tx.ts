import { compare } from '../codec/bytes.ts';
import { doubleSha256 } from '../crypto/index.ts';
import { LeWriter, compactSizeLength, varBytesLength } from './encoding.ts';

export interface TxInput {
  /** Previous transaction id in internal byte order (the reverse of how explorers display it). */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly sequence: number;
  readonly scriptSig: Uint8Array;
  readonly witness: readonly Uint8Array[];
}

export interface TxOutput {
  /** Satoshis. */
  readonly value: bigint;
  readonly script: Uint8Array;
}

export interface Transaction {
  readonly version: number;
  readonly locktime: number;
  readonly inputs: readonly TxInput[];
  readonly outputs: readonly TxOutput[];
}

export function hasWitness(tx: Transaction): boolean {
  return tx.inputs.some((input) => input.witness.length > 0);
}

function outputLength(output: TxOutput): number {
  return 8 + varBytesLength(output.script);
}

function witnessLength(witness: readonly Uint8Array[]): number {
  let n = compactSizeLength(witness.length);
  for (const item of witness) n += varBytesLength(item);
  return n;
}

function encodedLength(tx: Transaction, withWitness: boolean): number {
  let n = 8 + compactSizeLength(tx.inputs.length) + compactSizeLength(tx.outputs.length);
  for (const input of tx.inputs) {
    n += 40 + varBytesLength(input.scriptSig);
    if (withWitness) n += witnessLength(input.witness);
  }
  for (const output of tx.outputs) n += outputLength(output);
  return withWitness ? n + 2 : n;
}

function writeOutput(w: LeWriter, output: TxOutput): void {
  w.u64(output.value);
  w.varBytes(output.script);
}

/** All outputs back to back, as BIP143's hashOutputs commits to them. */
export function encodeOutputs(outputs: readonly TxOutput[]): Uint8Array {
  let size = 0;
  for (const output of outputs) size += outputLength(output);
  const w = new LeWriter(size);
  for (const output of outputs) writeOutput(w, output);
  return w.finish();
}

/** Serialises a transaction; with the BIP144 witness form by default whenever any input has a witness. */
export function encodeTx(tx: Transaction, withWitness = hasWitness(tx)): Uint8Array {
  const w = new LeWriter(encodedLength(tx, withWitness));
  w.u32(tx.version);
  if (withWitness) {
    w.u8(0x00);
    w.u8(0x01);
  }
  w.compactSize(tx.inputs.length);
  for (const input of tx.inputs) {
    w.bytes(input.txid);
    w.u32(input.vout);
    w.varBytes(input.scriptSig);
    w.u32(input.sequence);
  }
  w.compactSize(tx.outputs.length);
  for (const output of tx.outputs) writeOutput(w, output);
  if (withWitness) {
    for (const input of tx.inputs) {
      w.compactSize(input.witness.length);
      for (const item of input.witness) w.varBytes(item);
    }
  }
  w.u32(tx.locktime);
  return w.finish();
}

/** BIP141 weight: the serialisation without witnesses counts four times, witness bytes once. */
export function txWeight(tx: Transaction): number {
  const withWitness = hasWitness(tx);
  const base = encodedLength(tx, false);
  return withWitness ? 3 * base + encodedLength(tx, true) : 4 * base;
}

/** Transaction id in internal byte order: double SHA256 of the serialisation without witnesses. */
export function txid(tx: Transaction): Uint8Array {
  return doubleSha256(encodeTx(tx, false));
}

/** Witness transaction id in internal byte order (equal to the txid when no input has a witness). */
export function wtxid(tx: Transaction): Uint8Array {
  return doubleSha256(encodeTx(tx));
}

/** BIP69 output order: amount, then scriptPubKey bytes (a shorter prefix first). */
export function compareOutputs(a: TxOutput, b: TxOutput): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return compare(a.script, b.script);
}
