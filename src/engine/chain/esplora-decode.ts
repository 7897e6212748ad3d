/** Validators for every Esplora answer the client uses: untrusted JSON or text in, typed value or EsploraError out. */
import { DecodeError } from '../../protocol/codec/errors.ts';
import { fromHex, hex, reversed } from '../../protocol/codec/bytes.ts';
import { parseTx, txid as computeTxid } from '../../protocol/bitcoin/index.ts';
import { doubleSha256 } from '../../protocol/crypto/index.ts';
import {
  MAX_SATS,
  MAX_U32,
  arrayAt,
  booleanAt,
  hashAt,
  hexAt,
  integerAt,
  malformed,
  mismatch,
  numberAt,
  objectAt,
  prop,
  stringAt,
  type JsonObject,
} from './json-shape.ts';
import type {
  AddressStats,
  BlockHeader,
  BlockStatus,
  BlockSummary,
  EsploraTx,
  FeeEstimate,
  Outspend,
  ScriptStats,
  TxIn,
  TxOut,
  TxStatus,
  Utxo,
} from './esplora-types.ts';

/** Far beyond any real chain (about 190 years of blocks), small enough to catch nonsense. */
export const MAX_HEIGHT = 10_000_000;
const MAX_BLOCK_WEIGHT = 4_000_000;
/** The most inputs/outputs a transaction within one block's weight can have (41- and 9-byte minimums). */
const MAX_TX_INPUTS = Math.floor(MAX_BLOCK_WEIGHT / (41 * 4));
const MAX_TX_OUTPUTS = Math.floor(MAX_BLOCK_WEIGHT / (9 * 4));
const MAX_SCRIPT_BYTES = 100_000;
const MAX_ADDRESS_LENGTH = 200;
const MAX_COUNT = 1_000_000_000;
/** Esplora pages: 25 confirmed per page, up to 50 mempool transactions first; anything far beyond is not Esplora. */
export const MAX_TXS_PER_PAGE = 100;
export const MAX_UTXOS = 100_000;
/** A generous ceiling for fee rates (sat/vB); real ones are below 10^4. */
const MAX_FEE_RATE = 10_000_000;

export function decodeTxStatus(value: unknown, field = 'status'): TxStatus {
  const object = objectAt(value, field);
  if (!booleanAt(prop(object, 'confirmed'), `${field}.confirmed`)) return { confirmed: false };
  return {
    confirmed: true,
    blockHeight: integerAt(prop(object, 'block_height'), `${field}.block_height`, 0, MAX_HEIGHT),
    blockHash: hashAt(prop(object, 'block_hash'), `${field}.block_hash`),
    blockTime: integerAt(prop(object, 'block_time'), `${field}.block_time`, 0, MAX_U32),
  };
}

function decodeTxOut(value: unknown, field: string): TxOut {
  const object = objectAt(value, field);
  const address = prop(object, 'scriptpubkey_address');
  return {
    script: hexAt(prop(object, 'scriptpubkey'), `${field}.scriptpubkey`, { maxBytes: MAX_SCRIPT_BYTES }),
    ...(address === undefined ? {} : { address: stringAt(address, `${field}.scriptpubkey_address`, MAX_ADDRESS_LENGTH) }),
    value: integerAt(prop(object, 'value'), `${field}.value`, 0, MAX_SATS),
  };
}

function decodeTxIn(value: unknown, field: string): TxIn {
  const object = objectAt(value, field);
  const isCoinbase = booleanAt(prop(object, 'is_coinbase'), `${field}.is_coinbase`);
  const prevout = prop(object, 'prevout');
  if (isCoinbase !== (prevout === null)) malformed(`${field}.prevout`, isCoinbase ? 'null for a coinbase input' : 'the spent output', prevout);
  return {
    txid: hashAt(prop(object, 'txid'), `${field}.txid`),
    vout: integerAt(prop(object, 'vout'), `${field}.vout`, 0, MAX_U32),
    sequence: integerAt(prop(object, 'sequence'), `${field}.sequence`, 0, MAX_U32),
    isCoinbase,
    prevout: prevout === null ? null : decodeTxOut(prevout, `${field}.prevout`),
  };
}

export function decodeTx(value: unknown, field = 'tx'): EsploraTx {
  const object = objectAt(value, field);
  const vin = arrayAt(prop(object, 'vin'), `${field}.vin`, 1, MAX_TX_INPUTS).map((input, i) => decodeTxIn(input, `${field}.vin[${i}]`));
  const vout = arrayAt(prop(object, 'vout'), `${field}.vout`, 1, MAX_TX_OUTPUTS).map((output, i) => decodeTxOut(output, `${field}.vout[${i}]`));
  const tx: EsploraTx = {
    txid: hashAt(prop(object, 'txid'), `${field}.txid`),
    version: integerAt(prop(object, 'version'), `${field}.version`, -0x8000_0000, MAX_U32),
    locktime: integerAt(prop(object, 'locktime'), `${field}.locktime`, 0, MAX_U32),
    vin,
    vout,
    size: integerAt(prop(object, 'size'), `${field}.size`, 1, MAX_BLOCK_WEIGHT),
    weight: integerAt(prop(object, 'weight'), `${field}.weight`, 4, MAX_BLOCK_WEIGHT),
    fee: integerAt(prop(object, 'fee'), `${field}.fee`, 0, MAX_SATS),
    status: decodeTxStatus(prop(object, 'status'), `${field}.status`),
  };
  checkFee(tx, field);
  return tx;
}

/** For a non-coinbase transaction the fee is exactly inputs minus outputs: a cheap check against invented amounts. */
function checkFee(tx: EsploraTx, field: string): void {
  if (tx.vin.some((input) => input.isCoinbase)) return;
  const inputs = tx.vin.reduce((sum, input) => sum + (input.prevout?.value ?? 0), 0);
  const outputs = tx.vout.reduce((sum, output) => sum + output.value, 0);
  if (inputs - outputs !== tx.fee) mismatch(`${field}.fee`, `inputs minus outputs (${inputs - outputs})`, String(tx.fee));
}

export function decodeTxList(value: unknown, field: string): EsploraTx[] {
  const list = arrayAt(value, field, 0, MAX_TXS_PER_PAGE).map((tx, i) => decodeTx(tx, `${field}[${i}]`));
  const seen = new Set<string>();
  for (const tx of list) {
    if (seen.has(tx.txid)) mismatch(field, 'distinct transactions', `${tx.txid} twice`);
    seen.add(tx.txid);
  }
  return list;
}

export function decodeOutspend(value: unknown, field = 'outspend'): Outspend {
  const object = objectAt(value, field);
  if (!booleanAt(prop(object, 'spent'), `${field}.spent`)) return { spent: false };
  return {
    spent: true,
    txid: hashAt(prop(object, 'txid'), `${field}.txid`),
    vin: integerAt(prop(object, 'vin'), `${field}.vin`, 0, MAX_TX_INPUTS),
    status: decodeTxStatus(prop(object, 'status'), `${field}.status`),
  };
}

export function decodeOutspends(value: unknown, field = 'outspends'): Outspend[] {
  return arrayAt(value, field, 1, MAX_TX_OUTPUTS).map((entry, i) => decodeOutspend(entry, `${field}[${i}]`));
}

function decodeScriptStats(value: unknown, field: string): ScriptStats {
  const object = objectAt(value, field);
  const count = (key: string): number => integerAt(prop(object, key), `${field}.${key}`, 0, MAX_COUNT);
  const sum = (key: string): number => integerAt(prop(object, key), `${field}.${key}`, 0, MAX_SATS);
  return {
    txCount: count('tx_count'),
    fundedCount: count('funded_txo_count'),
    fundedSum: sum('funded_txo_sum'),
    spentCount: count('spent_txo_count'),
    spentSum: sum('spent_txo_sum'),
  };
}

export function decodeAddressStats(value: unknown, field = 'address'): AddressStats {
  const object = objectAt(value, field);
  const chain = decodeScriptStats(prop(object, 'chain_stats'), `${field}.chain_stats`);
  // Only confirmed outputs can have been spent by confirmed transactions.
  if (chain.spentCount > chain.fundedCount) malformed(`${field}.chain_stats.spent_txo_count`, `at most funded_txo_count (${chain.fundedCount})`, chain.spentCount);
  if (chain.spentSum > chain.fundedSum) malformed(`${field}.chain_stats.spent_txo_sum`, `at most funded_txo_sum (${chain.fundedSum})`, chain.spentSum);
  return { chain, mempool: decodeScriptStats(prop(object, 'mempool_stats'), `${field}.mempool_stats`) };
}

export function decodeUtxos(value: unknown, field = 'utxos'): Utxo[] {
  return arrayAt(value, field, 0, MAX_UTXOS).map((entry, i) => {
    const object = objectAt(entry, `${field}[${i}]`);
    return {
      txid: hashAt(prop(object, 'txid'), `${field}[${i}].txid`),
      vout: integerAt(prop(object, 'vout'), `${field}[${i}].vout`, 0, MAX_U32),
      value: integerAt(prop(object, 'value'), `${field}[${i}].value`, 0, MAX_SATS),
      status: decodeTxStatus(prop(object, 'status'), `${field}[${i}].status`),
    };
  });
}

export function decodeFeeEstimates(value: unknown, field = 'fee-estimates'): FeeEstimate[] {
  const object = objectAt(value, field);
  const keys = Object.keys(object);
  if (keys.length > 1008) mismatch(field, 'at most 1008 targets', `${keys.length} keys`);
  return keys
    .map((key) => {
      if (!/^[1-9]\d{0,3}$/.test(key) || Number(key) > 1008) malformed(`${field} key`, 'a block target in 1..1008', key);
      return { target: Number(key), satPerVbyte: numberAt(object[key], `${field}["${key}"]`, 0, MAX_FEE_RATE) };
    })
    .sort((a, b) => a.target - b.target);
}

export function decodeBlockSummary(value: unknown, field = 'block'): BlockSummary {
  const object: JsonObject = objectAt(value, field);
  const height = integerAt(prop(object, 'height'), `${field}.height`, 0, MAX_HEIGHT);
  const previous = prop(object, 'previousblockhash');
  if ((height === 0) !== (previous === null)) malformed(`${field}.previousblockhash`, height === 0 ? 'null for the genesis block' : 'a block hash', previous);
  return {
    hash: hashAt(prop(object, 'id'), `${field}.id`),
    height,
    previousHash: previous === null ? null : hashAt(previous, `${field}.previousblockhash`),
    time: integerAt(prop(object, 'timestamp'), `${field}.timestamp`, 0, MAX_U32),
    txCount: integerAt(prop(object, 'tx_count'), `${field}.tx_count`, 1, MAX_BLOCK_WEIGHT),
  };
}

export function decodeBlockStatus(value: unknown, field = 'block status'): BlockStatus {
  const object = objectAt(value, field);
  const inBestChain = booleanAt(prop(object, 'in_best_chain'), `${field}.in_best_chain`);
  const height = prop(object, 'height');
  const nextBest = prop(object, 'next_best');
  if (inBestChain && (height === null || height === undefined)) malformed(`${field}.height`, 'the height of a block in the best chain', height);
  return {
    inBestChain,
    height: height === null || height === undefined ? null : integerAt(height, `${field}.height`, 0, MAX_HEIGHT),
    nextBest: nextBest === null || nextBest === undefined ? null : hashAt(nextBest, `${field}.next_best`),
  };
}

// Plain-text answers

export function decodeHeightText(text: string, field = 'height'): number {
  const trimmed = text.trim();
  if (!/^\d{1,8}$/.test(trimmed)) malformed(field, 'a block height', trimmed);
  return integerAt(Number(trimmed), field, 0, MAX_HEIGHT);
}

export function decodeHashText(text: string, field = 'hash'): string {
  return hashAt(text.trim(), field);
}

/** Raw transaction bytes, checked to hash to the txid we asked for. */
export function decodeTxHexText(text: string, expectedTxid: string, field = 'tx hex'): Uint8Array {
  const trimmed = hexAt(text.trim(), field, { maxBytes: MAX_BLOCK_WEIGHT });
  const raw = fromHex(trimmed);
  try {
    const actual = hex(reversed(computeTxid(parseTx(raw))));
    if (actual !== expectedTxid) mismatch(field, `the transaction ${expectedTxid}`, `one with txid ${actual}`);
  } catch (error) {
    if (error instanceof DecodeError) mismatch(field, 'a valid serialized transaction', `undecodable bytes (${error.message})`);
    throw error;
  }
  return raw;
}

/** An 80-byte header, checked to hash to the block hash we asked for. */
export function decodeHeaderText(text: string, expectedHash: string, field = 'block header'): BlockHeader {
  const headerHex = hexAt(text.trim(), field, { bytes: 80 });
  const bytes = fromHex(headerHex);
  const hash = hex(reversed(doubleSha256(bytes)));
  if (hash !== expectedHash) mismatch(field, `the header of block ${expectedHash}`, `a header hashing to ${hash}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    hash,
    version: view.getInt32(0, true),
    prevHash: hex(reversed(bytes.subarray(4, 36))),
    merkleRoot: hex(reversed(bytes.subarray(36, 68))),
    time: view.getUint32(68, true),
    bits: view.getUint32(72, true),
    nonce: view.getUint32(76, true),
    hex: headerHex,
  };
}
