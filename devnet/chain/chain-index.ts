/** Indexes over the active chain for the explorer, maintained block by block in both directions. */
import type { SpentOutput } from './script-verify.ts';
import { outpointKey, scriptKey, type ParsedTx } from './tx.ts';

export interface TxLocation {
  height: number;
  /** Index within the block, coinbase = 0. */
  position: number;
}

export interface ConfirmedSpend {
  txid: string;
  vin: number;
  height: number;
}

export interface HistoryEntry {
  txid: string;
  height: number;
  position: number;
}

export interface ScriptStats {
  fundedCount: number;
  fundedSum: bigint;
  spentCount: number;
  spentSum: bigint;
  txCount: number;
}

export const emptyStats = (): ScriptStats => ({ fundedCount: 0, fundedSum: 0n, spentCount: 0, spentSum: 0n, txCount: 0 });

/** What one transaction does to each script it touches. */
export function scriptEffects(tx: ParsedTx, spent: SpentOutput[]): Map<string, ScriptStats> {
  const effects = new Map<string, ScriptStats>();
  const statsFor = (script: Uint8Array): ScriptStats => {
    const key = scriptKey(script);
    let stats = effects.get(key);
    if (!stats) effects.set(key, (stats = { ...emptyStats(), txCount: 1 }));
    return stats;
  };
  for (const output of tx.outputs) {
    const stats = statsFor(output.script);
    stats.fundedCount += 1;
    stats.fundedSum += output.value;
  }
  for (const output of spent) {
    const stats = statsFor(output.script);
    stats.spentCount += 1;
    stats.spentSum += output.value;
  }
  return effects;
}

export class ChainIndex {
  private readonly locations = new Map<string, TxLocation>();
  private readonly spends = new Map<string, ConfirmedSpend>();
  private readonly history = new Map<string, HistoryEntry[]>();
  private readonly stats = new Map<string, ScriptStats>();

  location(txid: string): TxLocation | undefined {
    return this.locations.get(txid);
  }

  spenderOf(txid: string, vout: number): ConfirmedSpend | undefined {
    return this.spends.get(outpointKey(txid, vout));
  }

  /** Confirmed history, oldest first. */
  historyOf(script: Uint8Array): readonly HistoryEntry[] {
    return this.history.get(scriptKey(script)) ?? [];
  }

  statsOf(script: Uint8Array): ScriptStats {
    return { ...(this.stats.get(scriptKey(script)) ?? emptyStats()) };
  }

  /** `spent[i]` lists the outputs spent by `txs[i]` (empty for the coinbase). */
  connect(height: number, txs: ParsedTx[], spent: SpentOutput[][]): void {
    txs.forEach((tx, position) => {
      this.locations.set(tx.txid, { height, position });
      tx.inputs.forEach((input, vin) => {
        if (!tx.isCoinbase) this.spends.set(outpointKey(input.prevTxid, input.vout), { txid: tx.txid, vin, height });
      });
      for (const [key, effect] of scriptEffects(tx, spent[position] ?? [])) {
        let entries = this.history.get(key);
        if (!entries) this.history.set(key, (entries = []));
        entries.push({ txid: tx.txid, height, position });
        this.stats.set(key, addStats(this.stats.get(key) ?? emptyStats(), effect, 1));
      }
    });
  }

  /** Undoes `connect` for the tip block. */
  disconnect(txs: ParsedTx[], spent: SpentOutput[][]): void {
    for (let position = txs.length - 1; position >= 0; position--) {
      const tx = txs[position] as ParsedTx;
      this.locations.delete(tx.txid);
      if (!tx.isCoinbase) for (const input of tx.inputs) this.spends.delete(outpointKey(input.prevTxid, input.vout));
      for (const [key, effect] of scriptEffects(tx, spent[position] ?? [])) {
        const entries = this.history.get(key);
        if (entries && entries[entries.length - 1]?.txid === tx.txid) entries.pop();
        if (entries?.length === 0) this.history.delete(key);
        const remaining = addStats(this.stats.get(key) ?? emptyStats(), effect, -1);
        if (remaining.txCount === 0) this.stats.delete(key);
        else this.stats.set(key, remaining);
      }
    }
  }
}

export function addStats(base: ScriptStats, delta: ScriptStats, sign: 1 | -1): ScriptStats {
  const big = BigInt(sign);
  return {
    fundedCount: base.fundedCount + sign * delta.fundedCount,
    fundedSum: base.fundedSum + big * delta.fundedSum,
    spentCount: base.spentCount + sign * delta.spentCount,
    spentSum: base.spentSum + big * delta.spentSum,
    txCount: base.txCount + sign * delta.txCount,
  };
}
