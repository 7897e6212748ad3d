import { fail } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { readCompactSize, readU32LE, readU64LE } from './encoding.ts';
import type { Transaction, TxInput, TxOutput } from './tx.ts';

/** 21 million BTC in satoshis: no output may carry more (consensus rule). */
export const MAX_MONEY = 2_100_000_000_000_000n;

/** Smallest possible encodings, used to reject counts the remaining bytes cannot possibly hold. */
const MIN_INPUT_BYTES = 41;
const MIN_OUTPUT_BYTES = 9;
const MIN_WITNESS_ITEM_BYTES = 1;

function readCount(r: Reader, what: string, minBytesEach: number): number {
  const count = readCompactSize(r, `${what} count`);
  if (count * minBytesEach > r.remaining) {
    fail('truncated', `${count} ${what} cannot fit in the remaining ${r.remaining} bytes`);
  }
  return count;
}

function readVarBytes(r: Reader, what: string): Uint8Array {
  return r.bytes(readCompactSize(r, `${what} length`), what);
}

function readInput(r: Reader): Omit<TxInput, 'witness'> {
  return {
    txid: r.bytes(32, 'input txid'),
    vout: readU32LE(r, 'input vout'),
    scriptSig: readVarBytes(r, 'scriptSig'),
    sequence: readU32LE(r, 'input sequence'),
  };
}

function readOutput(r: Reader): TxOutput {
  const value = readU64LE(r, 'output value');
  if (value > MAX_MONEY) fail('invalid_value', `output value ${value} exceeds 21 million BTC`);
  return { value, script: readVarBytes(r, 'scriptPubKey') };
}

function readWitness(r: Reader): Uint8Array[] {
  const count = readCount(r, 'witness items', MIN_WITNESS_ITEM_BYTES);
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) items.push(readVarBytes(r, 'witness item'));
  return items;
}

/**
 * Parses a raw transaction in legacy or BIP144 witness form. Rejects anything that would not
 * re-serialise to the same bytes: non-canonical sizes, a witness flag with only empty
 * witnesses, trailing bytes. Returned byte fields are views of a private copy of `raw`.
 */
export function parseTx(raw: Uint8Array): Transaction {
  const bytes = raw.slice();
  const r = new Reader(bytes);
  const version = readU32LE(r, 'version');
  let segwit = false;
  if (bytes[r.offset] === 0x00) {
    r.u8('segwit marker');
    const flag = r.u8('segwit flag');
    if (flag !== 0x01) fail('invalid_encoding', `unknown transaction flag ${flag}`);
    segwit = true;
  }
  const inputCount = readCount(r, 'inputs', MIN_INPUT_BYTES);
  if (inputCount === 0) fail('invalid_value', 'transaction has no inputs');
  const partialInputs: Omit<TxInput, 'witness'>[] = [];
  for (let i = 0; i < inputCount; i++) partialInputs.push(readInput(r));

  const outputCount = readCount(r, 'outputs', MIN_OUTPUT_BYTES);
  if (outputCount === 0) fail('invalid_value', 'transaction has no outputs');
  const outputs: TxOutput[] = [];
  for (let i = 0; i < outputCount; i++) outputs.push(readOutput(r));

  const inputs: TxInput[] = [];
  for (const input of partialInputs) inputs.push({ ...input, witness: segwit ? readWitness(r) : [] });
  if (segwit && inputs.every((input) => input.witness.length === 0)) {
    fail('non_minimal', 'witness flag set but every witness is empty');
  }
  const locktime = readU32LE(r, 'locktime');
  r.expectEnd('transaction');
  return { version, locktime, inputs, outputs };
}
