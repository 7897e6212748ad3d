/** Esplora's JSON shapes (field names, order and optional fields as electrs serializes them). */
import { scriptToAddress } from '../chain/address.ts';
import { difficultyFromBits } from '../chain/block.ts';
import { toHex } from '../chain/bytes.ts';
import type { ChainBlock, Spender, TxLookup } from '../chain/chain.ts';
import type { ScriptStats } from '../chain/chain-index.ts';
import type { MempoolEntry } from '../chain/mempool.ts';
import { classifyScript, tokenizeScript } from '../chain/script.ts';
import type { SpentOutput } from '../chain/script-verify.ts';
import type { TxInput, TxOutput } from '../chain/tx.ts';
import { scriptAsm } from './asm.ts';

export type TxStatusJson =
  | { confirmed: false }
  | { confirmed: true; block_height: number; block_hash: string; block_time: number };

export interface TxOutJson {
  scriptpubkey: string;
  scriptpubkey_asm: string;
  scriptpubkey_type: string;
  scriptpubkey_address?: string;
  value: number;
}

export interface TxInJson {
  txid: string;
  vout: number;
  prevout: TxOutJson | null;
  scriptsig: string;
  scriptsig_asm: string;
  witness?: string[];
  is_coinbase: boolean;
  sequence: number;
  inner_redeemscript_asm?: string;
  inner_witnessscript_asm?: string;
}

export interface TxJson {
  txid: string;
  version: number;
  locktime: number;
  vin: TxInJson[];
  vout: TxOutJson[];
  size: number;
  weight: number;
  fee: number;
  status: TxStatusJson;
}

/** The block a transaction is in, as far as its status goes. */
export type StatusBlock = Pick<ChainBlock, 'height' | 'hash' | 'header'> | undefined;

export function statusJson(block: StatusBlock): TxStatusJson {
  if (!block) return { confirmed: false };
  return { confirmed: true, block_height: block.height, block_hash: block.hash, block_time: block.header.time };
}

const EXPLORER_SCRIPT_TYPES = new Set(['empty', 'op_return', 'p2pk', 'p2pkh', 'p2sh', 'v0_p2wpkh', 'v0_p2wsh', 'v1_p2tr']);

export function txOutJson(output: { value: bigint; script: Uint8Array }): TxOutJson {
  const kind = classifyScript(output.script);
  const address = scriptToAddress(output.script);
  return {
    scriptpubkey: toHex(output.script),
    scriptpubkey_asm: scriptAsm(output.script),
    scriptpubkey_type: EXPLORER_SCRIPT_TYPES.has(kind) ? kind : 'unknown',
    ...(address === undefined ? {} : { scriptpubkey_address: address }),
    value: Number(output.value),
  };
}

function innerScripts(input: TxInput, prevout: SpentOutput): { redeem?: Uint8Array; witness?: Uint8Array } {
  const prevKind = classifyScript(prevout.script);
  let redeem: Uint8Array | undefined;
  if (prevKind === 'p2sh') {
    const last = tokenizeScript(input.scriptSig).ops.at(-1);
    redeem = last?.data;
  }
  const wrapped = redeem ? classifyScript(redeem) : undefined;
  let witness: Uint8Array | undefined;
  if (prevKind === 'v0_p2wsh' || wrapped === 'v0_p2wsh') {
    witness = input.witness.at(-1);
  } else if (prevKind === 'v1_p2tr') {
    const stack = [...input.witness];
    if (stack.length >= 2 && stack.at(-1)?.[0] === 0x50) stack.pop();
    // Script-path spends end with [script, control block].
    if (stack.length >= 2) witness = stack[stack.length - 2];
  }
  return { redeem, witness };
}

function txInJson(input: TxInput, prevout: SpentOutput | undefined, isCoinbase: boolean): TxInJson {
  const inner = prevout ? innerScripts(input, prevout) : {};
  return {
    txid: input.prevTxid,
    vout: input.vout,
    prevout: prevout ? txOutJson(prevout) : null,
    scriptsig: toHex(input.scriptSig),
    scriptsig_asm: scriptAsm(input.scriptSig),
    ...(input.witness.length > 0 ? { witness: input.witness.map(toHex) } : {}),
    is_coinbase: isCoinbase,
    sequence: input.sequence,
    ...(inner.redeem ? { inner_redeemscript_asm: scriptAsm(inner.redeem) } : {}),
    ...(inner.witness ? { inner_witnessscript_asm: scriptAsm(inner.witness) } : {}),
  };
}

export function txJson(found: TxLookup): TxJson {
  const { tx, spent } = found;
  return {
    txid: tx.txid,
    version: tx.version,
    locktime: tx.lockTime,
    vin: tx.inputs.map((input, index) => txInJson(input, tx.isCoinbase ? undefined : spent[index], tx.isCoinbase)),
    vout: tx.outputs.map((output: TxOutput) => txOutJson(output)),
    size: tx.size,
    weight: tx.weight,
    fee: Number(found.fee),
    status: statusJson(found.block),
  };
}

export function blockJson(block: ChainBlock): Record<string, unknown> {
  const { header } = block;
  return {
    id: block.hash,
    height: block.height,
    version: header.version,
    timestamp: header.time,
    tx_count: block.txs.length,
    size: block.size,
    weight: block.weight,
    merkle_root: header.merkleRoot,
    previousblockhash: block.height === 0 ? null : header.prevHash,
    mediantime: block.medianTimePast,
    nonce: header.nonce,
    bits: header.bits,
    difficulty: difficultyFromBits(header.bits),
  };
}

export function blockStatusJson(block: ChainBlock | undefined, next: ChainBlock | undefined): Record<string, unknown> {
  if (!block) return { in_best_chain: false, height: null, next_best: null };
  return { in_best_chain: true, height: block.height, next_best: next?.hash ?? null };
}

export function statsJson(stats: ScriptStats): Record<string, number> {
  return {
    funded_txo_count: stats.fundedCount,
    funded_txo_sum: Number(stats.fundedSum),
    spent_txo_count: stats.spentCount,
    spent_txo_sum: Number(stats.spentSum),
    tx_count: stats.txCount,
  };
}

export function outspendJson(spender: Spender | undefined, spenderBlock: StatusBlock): Record<string, unknown> {
  if (!spender) return { spent: false };
  return { spent: true, txid: spender.txid, vin: spender.vin, status: statusJson(spenderBlock) };
}

const HISTOGRAM_BIN_VSIZE = 50_000;

/** Electrum's mempool.get_fee_histogram: [feerate, vsize] bins from the highest feerate down. */
export function mempoolJson(entries: MempoolEntry[]): Record<string, unknown> {
  const rates = entries
    .map((entry) => ({ rate: Number(entry.fee) / entry.tx.vsize, vsize: entry.tx.vsize }))
    .sort((a, b) => b.rate - a.rate);
  const histogram: [number, number][] = [];
  let binSize = 0;
  let lastRate = 0;
  for (const { rate, vsize } of rates) {
    if (binSize > HISTOGRAM_BIN_VSIZE && lastRate !== rate) {
      histogram.push([lastRate, binSize]);
      binSize = 0;
    }
    binSize += vsize;
    lastRate = rate;
  }
  if (binSize > 0) histogram.push([lastRate, binSize]);
  return {
    count: entries.length,
    vsize: entries.reduce((sum, entry) => sum + entry.tx.vsize, 0),
    total_fee: Number(entries.reduce((sum, entry) => sum + entry.fee, 0n)),
    fee_histogram: histogram,
  };
}
