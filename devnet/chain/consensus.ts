/** Regtest consensus parameters and the lock-time rules (BIP65/68/113) shared by mempool and blocks. */

export const COIN = 100_000_000n;
export const MAX_MONEY = 21_000_000n * COIN;
export const COINBASE_MATURITY = 100;
export const REGTEST_HALVING_INTERVAL = 150;
export const MAX_BLOCK_WEIGHT = 4_000_000;
export const REGTEST_BITS = 0x207fffff;
export const BLOCK_VERSION = 0x20000000;

export const LOCKTIME_THRESHOLD = 500_000_000;
export const SEQUENCE_FINAL = 0xffffffff;
export const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00400000;
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
export const SEQUENCE_LOCKTIME_GRANULARITY = 9;

export function blockSubsidy(height: number): bigint {
  const halvings = Math.floor(height / REGTEST_HALVING_INTERVAL);
  if (halvings >= 64) return 0n;
  return (50n * COIN) >> BigInt(halvings);
}

/**
 * BIP113: a transaction is final in the block at `height` if its nLockTime is below that height
 * (or below `medianTimePast`, the MTP of the block's parent, for time locks), or all inputs are final.
 */
export function isFinalTx(tx: { lockTime: number; inputs: { sequence: number }[] }, height: number, medianTimePast: number): boolean {
  if (tx.lockTime === 0) return true;
  const limit = tx.lockTime < LOCKTIME_THRESHOLD ? height : medianTimePast;
  if (tx.lockTime < limit) return true;
  return tx.inputs.every((input) => input.sequence === SEQUENCE_FINAL);
}

export interface SequenceLockContext {
  /** Height of the block the transaction would be included in. */
  height: number;
  /** Median-time-past of that block's parent. */
  medianTimePast: number;
  /** Median-time-past of the block at `height` of the active chain. */
  medianTimePastAt(height: number): number;
}

/**
 * BIP68 relative lock-times (Core's CalculateSequenceLocks + EvaluateSequenceLocks).
 * `coinHeights[i]` is the height of the block that created input i's coin (next height for mempool coins).
 */
export function sequenceLocksSatisfied(
  tx: { version: number; inputs: { sequence: number }[] },
  coinHeights: number[],
  context: SequenceLockContext,
): boolean {
  if (tx.version < 2) return true;
  let minHeight = -1;
  let minTime = -1;
  tx.inputs.forEach((input, index) => {
    if ((input.sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) return;
    const coinHeight = coinHeights[index] ?? context.height;
    const value = input.sequence & SEQUENCE_LOCKTIME_MASK;
    if ((input.sequence & SEQUENCE_LOCKTIME_TYPE_FLAG) !== 0) {
      const coinTime = context.medianTimePastAt(Math.max(coinHeight - 1, 0));
      minTime = Math.max(minTime, coinTime + value * 2 ** SEQUENCE_LOCKTIME_GRANULARITY - 1);
    } else {
      minHeight = Math.max(minHeight, coinHeight + value - 1);
    }
  });
  return minHeight < context.height && minTime < context.medianTimePast;
}

export function medianOf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
