/**
 * Mempool acceptance, in the order of bitcoind's AcceptToMemoryPool: context-free checks, standardness,
 * finality, conflicts, inputs, relative locks, amounts, fees, chain limits, BIP125 replacement, scripts.
 */
import {
  COINBASE_MATURITY,
  COIN,
  MAX_MONEY,
  isFinalTx,
  sequenceLocksSatisfied,
  type SequenceLockContext,
} from './consensus.ts';
import { compareFeerate, type Mempool, type MempoolEntry } from './mempool.ts';
import {
  INCREMENTAL_RELAY_FEE_SAT_PER_KVB,
  MAX_REPLACEMENT_EVICTIONS,
  MEMPOOL_CHAIN_LIMIT,
  MIN_RELAY_FEE_SAT_PER_KVB,
  feeForSize,
  nonStandardReason,
  signalsReplaceability,
} from './policy.ts';
import { describeScriptError, verifyScripts, type SpentOutput } from './script-verify.ts';
import { ChainRejection } from './source.ts';
import { outpointKey, type ParsedTx } from './tx.ts';

/** A confirmed unspent output. */
export interface Coin extends SpentOutput {
  height: number;
  coinbase: boolean;
}

export interface AcceptEnvironment extends SequenceLockContext {
  confirmedCoin(txid: string, vout: number): Coin | undefined;
  isConfirmedTx(txid: string): boolean;
  mempool: Mempool;
  /** Skips the script interpreter for a wtxid that already passed it (same wtxid, same prevouts). */
  scriptsVerified(wtxid: string): boolean;
}

export interface AcceptOptions {
  /** False when re-adding transactions after a reorg, where no conflicts can exist. */
  allowReplacement: boolean;
}

export interface Acceptance {
  spent: SpentOutput[];
  fee: bigint;
  /** Mempool transactions the replacement evicts (direct conflicts and their descendants). */
  evict: string[];
}

export function formatBtc(sats: bigint): string {
  const sign = sats < 0n ? '-' : '';
  const abs = sats < 0n ? -sats : sats;
  const fraction = (abs % COIN).toString().padStart(8, '0').replace(/0+$/, '');
  return `${sign}${abs / COIN}${fraction ? `.${fraction}` : ''}`;
}

function reject(reason: string, detail?: string): never {
  throw new ChainRejection(reason, detail);
}

export function checkForMempool(tx: ParsedTx, env: AcceptEnvironment, options: AcceptOptions): Acceptance {
  checkContextFree(tx);
  if (tx.isCoinbase) reject('coinbase');
  const nonStandard = nonStandardReason(tx);
  if (nonStandard) reject(nonStandard);
  if (!isFinalTx(tx, env.height, env.medianTimePast)) reject('non-final');

  const pool = env.mempool;
  const existing = pool.get(tx.txid);
  if (existing) reject(existing.tx.wtxid === tx.wtxid ? 'txn-already-in-mempool' : 'txn-same-nonwitness-data-in-mempool');

  const directConflicts = findConflicts(tx, pool, options);
  const { spent, coinHeights } = resolveInputs(tx, env, directConflicts);

  if (!sequenceLocksSatisfied(tx, coinHeights, env)) reject('non-BIP68-final');
  const fee = checkAmounts(tx, spent, coinHeights, env.height);

  const minFee = feeForSize(tx.vsize, MIN_RELAY_FEE_SAT_PER_KVB);
  if (fee < minFee) reject('min relay fee not met', `${fee} < ${minFee}`);

  const evict = directConflicts.size > 0 ? checkReplacement(tx, fee, directConflicts, pool) : [];
  checkChainLimits(tx, pool, new Set(evict));

  if (!env.scriptsVerified(tx.wtxid)) {
    const result = verifyScripts(tx, spent);
    if (!result.ok) {
      const flag = result.mandatory ? 'mandatory-script-verify-flag-failed' : 'non-mandatory-script-verify-flag';
      reject(`${flag} (${describeScriptError(result.error)})`, `input ${result.inputIndex}`);
    }
  }
  return { spent, fee, evict };
}

/** Bitcoind's CheckTransaction: rules that need no context. */
function checkContextFree(tx: ParsedTx): void {
  if (tx.inputs.length === 0) reject('bad-txns-vin-empty');
  if (tx.outputs.length === 0) reject('bad-txns-vout-empty');
  if (tx.baseSize * 4 > 4_000_000) reject('bad-txns-oversize');
  let total = 0n;
  for (const output of tx.outputs) {
    if (output.value > MAX_MONEY) reject('bad-txns-vout-toolarge');
    total += output.value;
    if (total > MAX_MONEY) reject('bad-txns-txouttotal-toolarge');
  }
  const seen = new Set<string>();
  for (const input of tx.inputs) {
    const key = outpointKey(input.prevTxid, input.vout);
    if (seen.has(key)) reject('bad-txns-inputs-duplicate');
    seen.add(key);
  }
  if (!tx.isCoinbase && tx.inputs.some((input) => input.prevTxid === '00'.repeat(32) && input.vout === 0xffffffff)) {
    reject('bad-txns-prevout-null');
  }
}

/** Mempool transactions spending the same outputs; refused unless they opted into replacement (BIP125). */
function findConflicts(tx: ParsedTx, pool: Mempool, options: AcceptOptions): Set<string> {
  const conflicts = new Set<string>();
  for (const input of tx.inputs) {
    const spender = pool.spenderOf(input.prevTxid, input.vout);
    if (!spender) continue;
    if (!options.allowReplacement || !isReplaceable(spender.txid, pool)) reject('txn-mempool-conflict');
    conflicts.add(spender.txid);
  }
  return conflicts;
}

/** BIP125: a transaction is replaceable if it or one of its unconfirmed ancestors signals. */
function isReplaceable(txid: string, pool: Mempool): boolean {
  for (const id of [txid, ...pool.ancestors(txid)]) {
    const entry = pool.get(id);
    if (entry && signalsReplaceability(entry.tx)) return true;
  }
  return false;
}

function resolveInputs(tx: ParsedTx, env: AcceptEnvironment, conflicts: Set<string>): { spent: Coin[]; coinHeights: number[] } {
  const spent: Coin[] = [];
  const coinHeights: number[] = [];
  for (const input of tx.inputs) {
    const confirmed = env.confirmedCoin(input.prevTxid, input.vout);
    if (confirmed) {
      spent.push(confirmed);
      coinHeights.push(confirmed.height);
      continue;
    }
    const unconfirmed = env.mempool.output(input.prevTxid, input.vout);
    if (!unconfirmed) {
      if (env.isConfirmedTx(tx.txid)) reject('txn-already-known');
      reject('bad-txns-inputs-missingorspent');
    }
    if (conflicts.has(input.prevTxid)) reject('bad-txns-spends-conflicting-tx');
    // Mempool coins count as created in the next block (bitcoind's MEMPOOL_HEIGHT convention for BIP68).
    spent.push({ value: unconfirmed.value, script: unconfirmed.script, height: env.height, coinbase: false });
    coinHeights.push(env.height);
  }
  return { spent, coinHeights };
}

/** Bitcoind's Consensus::CheckTxInputs; returns the fee. */
function checkAmounts(tx: ParsedTx, spent: Coin[], coinHeights: number[], spendHeight: number): bigint {
  let valueIn = 0n;
  spent.forEach((coin, index) => {
    const depth = spendHeight - (coinHeights[index] as number);
    if (coin.coinbase && depth < COINBASE_MATURITY) {
      reject('bad-txns-premature-spend-of-coinbase', `tried to spend coinbase at depth ${depth}`);
    }
    valueIn += coin.value;
    if (coin.value > MAX_MONEY || valueIn > MAX_MONEY) reject('bad-txns-inputvalues-outofrange');
  });
  const valueOut = tx.outputs.reduce((sum, output) => sum + output.value, 0n);
  if (valueIn < valueOut) reject('bad-txns-in-belowout', `value in (${formatBtc(valueIn)}) < value out (${formatBtc(valueOut)})`);
  return valueIn - valueOut;
}

function checkChainLimits(tx: ParsedTx, pool: Mempool, evicted: Set<string>): void {
  const parents = new Set(tx.inputs.map((input) => input.prevTxid).filter((txid) => pool.has(txid) && !evicted.has(txid)));
  const ancestors = new Set(parents);
  for (const parent of parents) for (const id of pool.ancestors(parent)) ancestors.add(id);
  if (ancestors.size + 1 > MEMPOOL_CHAIN_LIMIT) {
    reject('too-long-mempool-chain', `too many unconfirmed ancestors [limit: ${MEMPOOL_CHAIN_LIMIT}]`);
  }
  for (const ancestor of ancestors) {
    const descendants = [...pool.descendants(ancestor)].filter((id) => !evicted.has(id)).length;
    if (descendants + 2 > MEMPOOL_CHAIN_LIMIT) {
      reject('too-long-mempool-chain', `too many descendants for tx ${ancestor} [limit: ${MEMPOOL_CHAIN_LIMIT}]`);
    }
  }
}

/** BIP125 rules 2-6 as bitcoind applies them; returns every transaction to evict. */
function checkReplacement(tx: ParsedTx, fee: bigint, directConflicts: Set<string>, pool: Mempool): string[] {
  const replacement = { fee, tx };
  const conflicts = [...directConflicts].map((txid) => pool.get(txid) as MempoolEntry);
  for (const original of conflicts) {
    if (compareFeerate(replacement, original) <= 0) {
      reject(
        'insufficient fee',
        `rejecting replacement ${tx.txid}; new feerate ${satPerVb(replacement)} <= old feerate ${satPerVb(original)}`,
      );
    }
  }

  const evict = new Set<string>();
  for (const original of conflicts) {
    evict.add(original.tx.txid);
    for (const id of pool.descendants(original.tx.txid)) evict.add(id);
  }
  if (evict.size > MAX_REPLACEMENT_EVICTIONS) {
    reject('too many potential replacements', `rejecting replacement ${tx.txid}; too many potential replacements (${evict.size} > ${MAX_REPLACEMENT_EVICTIONS})`);
  }

  const parentsOfConflicts = new Set(conflicts.flatMap((entry) => entry.tx.inputs.map((input) => input.prevTxid)));
  tx.inputs.forEach((input, index) => {
    if (pool.has(input.prevTxid) && !parentsOfConflicts.has(input.prevTxid)) {
      reject('replacement-adds-unconfirmed', `replacement ${tx.txid} adds unconfirmed input, idx ${index}`);
    }
  });
  const ancestors = new Set<string>();
  for (const input of tx.inputs) {
    if (!pool.has(input.prevTxid)) continue;
    ancestors.add(input.prevTxid);
    for (const id of pool.ancestors(input.prevTxid)) ancestors.add(id);
  }
  if ([...ancestors].some((id) => evict.has(id))) reject('bad-txns-spends-conflicting-tx');

  const evictedFees = [...evict].reduce((sum, id) => sum + (pool.get(id)?.fee ?? 0n), 0n);
  if (fee < evictedFees) {
    reject('insufficient fee', `rejecting replacement ${tx.txid}, less fees than conflicting txs; ${formatBtc(fee)} < ${formatBtc(evictedFees)}`);
  }
  const additional = fee - evictedFees;
  const required = feeForSize(tx.vsize, INCREMENTAL_RELAY_FEE_SAT_PER_KVB);
  if (additional < required) {
    reject(
      'insufficient fee',
      `rejecting replacement ${tx.txid}, not enough additional fees to relay; ${formatBtc(additional)} < ${formatBtc(required)}`,
    );
  }
  return [...evict];
}

function satPerVb(entry: { fee: bigint; tx: { vsize: number } }): string {
  return `${(Number(entry.fee) / entry.tx.vsize).toFixed(2)} sat/vB`;
}
