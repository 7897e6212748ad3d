import { randomBytes } from 'node:crypto';
import { HEADER_SIZE, buildCoinbase, grindHeader, headerHash, txMerkleRoot, type ParsedBlock } from './block.ts';
import { encodeCompactSize } from './bytes.ts';
import { BLOCK_VERSION, REGTEST_BITS, blockSubsidy } from './consensus.ts';
import type { MempoolEntry } from './mempool.ts';

export interface BlockTemplate {
  height: number;
  prevHash: string;
  /** Median-time-past of the parent: the new block's time must be above it. */
  prevMedianTimePast: number;
  now: number;
  coinbaseScript: Uint8Array;
  /** Mempool transactions in a valid block order. */
  entries: MempoolEntry[];
}

/** Builds and grinds a block: coinbase with subsidy + fees, BIP34 height and (when needed) witness commitment. */
export function assembleBlock(template: BlockTemplate): ParsedBlock {
  const fees = template.entries.reduce((sum, entry) => sum + entry.fee, 0n);
  const txs = template.entries.map((entry) => entry.tx);
  const coinbase = buildCoinbase({
    height: template.height,
    script: template.coinbaseScript,
    value: blockSubsidy(template.height) + fees,
    blockTxs: txs,
    // Keeps replacement blocks of a reorg from repeating the coinbase txids they replace.
    extraNonce: randomBytes(4),
  });
  const all = [coinbase, ...txs];
  const { header, bytes } = grindHeader({
    version: BLOCK_VERSION,
    prevHash: template.prevHash,
    merkleRoot: txMerkleRoot(all),
    time: Math.max(template.now, template.prevMedianTimePast + 1),
    bits: REGTEST_BITS,
    nonce: 0,
  });
  const prefixSize = HEADER_SIZE + encodeCompactSize(all.length).length;
  return {
    header,
    headerBytes: bytes,
    hash: headerHash(bytes),
    txs: all,
    size: prefixSize + all.reduce((sum, tx) => sum + tx.size, 0),
    weight: prefixSize * 4 + all.reduce((sum, tx) => sum + tx.weight, 0),
  };
}
