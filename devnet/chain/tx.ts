import { ByteReader, concatBytes, hashToDisplay, sha256d, toHex } from './bytes.ts';

export interface TxInput {
  /** Previous txid in display order. */
  prevTxid: string;
  vout: number;
  scriptSig: Uint8Array;
  sequence: number;
  witness: Uint8Array[];
}

export interface TxOutput {
  value: bigint;
  script: Uint8Array;
}

export interface ParsedTx {
  raw: Uint8Array;
  txid: string;
  wtxid: string;
  version: number;
  lockTime: number;
  inputs: TxInput[];
  outputs: TxOutput[];
  /** Serialized size in bytes, witness included. */
  size: number;
  /** Size without the witness (what the txid commits to). */
  baseSize: number;
  weight: number;
  vsize: number;
  hasWitness: boolean;
  isCoinbase: boolean;
}

export class TxDecodeError extends Error {
  override readonly name = 'TxDecodeError';
}

const NULL_TXID = '00'.repeat(32);
export const COINBASE_VOUT = 0xffffffff;

export const outpointKey = (txid: string, vout: number): string => `${txid}:${vout}`;

/** Parses one transaction starting at `offset` of `bytes`; `raw` of the result is a view into `bytes`. */
export function parseTxAt(bytes: Uint8Array, offset: number): ParsedTx {
  const reader = new ByteReader(bytes.subarray(offset));
  try {
    return readTx(reader, bytes.subarray(offset));
  } catch (error) {
    if (error instanceof TxDecodeError) throw error;
    throw new TxDecodeError(error instanceof Error ? error.message : String(error));
  }
}

export function parseTx(raw: Uint8Array): ParsedTx {
  const tx = parseTxAt(raw, 0);
  if (tx.size !== raw.length) throw new TxDecodeError('trailing data after transaction');
  return tx;
}

function readTx(reader: ByteReader, bytes: Uint8Array): ParsedTx {
  const version = reader.u32();
  let hasWitness = false;
  if (reader.peekByte() === 0x00) {
    reader.u8();
    const flag = reader.u8();
    if (flag !== 0x01) throw new TxDecodeError(flag === 0 ? 'transaction has no inputs' : 'unknown transaction optional data');
    hasWitness = true;
  }
  const inputs: TxInput[] = [];
  const inputCount = reader.compactSize();
  for (let i = 0; i < inputCount; i++) {
    const prevTxid = hashToDisplay(reader.take(32));
    const vout = reader.u32();
    const scriptSig = reader.varBytes();
    const sequence = reader.u32();
    inputs.push({ prevTxid, vout, scriptSig, sequence, witness: [] });
  }
  const outputs: TxOutput[] = [];
  const outputCount = reader.compactSize();
  for (let i = 0; i < outputCount; i++) {
    const value = reader.u64();
    outputs.push({ value, script: reader.varBytes() });
  }
  const witnessStart = reader.position;
  if (hasWitness) {
    for (const input of inputs) {
      const items = reader.compactSize();
      for (let i = 0; i < items; i++) input.witness.push(reader.varBytes());
    }
    if (inputs.every((input) => input.witness.length === 0)) throw new TxDecodeError('superfluous witness record');
  }
  const witnessEnd = reader.position;
  const lockTime = reader.u32();
  const size = reader.position;
  const raw = bytes.subarray(0, size);

  const nonWitness = hasWitness
    ? concatBytes(raw.subarray(0, 4), raw.subarray(6, witnessStart), raw.subarray(witnessEnd))
    : raw;
  const baseSize = nonWitness.length;
  const weight = baseSize * 3 + size;
  const txid = hashToDisplay(sha256d(nonWitness));
  const first = inputs[0];
  return {
    raw,
    txid,
    wtxid: hasWitness ? hashToDisplay(sha256d(raw)) : txid,
    version,
    lockTime,
    inputs,
    outputs,
    size,
    baseSize,
    weight,
    vsize: Math.ceil(weight / 4),
    hasWitness,
    isCoinbase: inputs.length === 1 && first !== undefined && first.prevTxid === NULL_TXID && first.vout === COINBASE_VOUT,
  };
}

export const scriptKey = (script: Uint8Array): string => toHex(script);
