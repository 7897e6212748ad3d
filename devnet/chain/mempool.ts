import type { SpentOutput } from './script-verify.ts';
import { outpointKey, scriptKey, type ParsedTx, type TxOutput } from './tx.ts';

export interface MempoolEntry {
  tx: ParsedTx;
  /** The output spent by each input. */
  spent: SpentOutput[];
  fee: bigint;
  /** Arrival order; also a valid topological order (parents always arrive first). */
  arrival: number;
  /** Unix seconds of acceptance. */
  time: number;
  parents: Set<string>;
  children: Set<string>;
}

export interface MempoolSpend {
  txid: string;
  vin: number;
}

/** Unconfirmed transactions, with the links and indexes the chain and the explorer need. */
export class Mempool {
  private readonly entries = new Map<string, MempoolEntry>();
  private readonly spends = new Map<string, MempoolSpend>();
  private readonly byScript = new Map<string, Set<string>>();
  private arrivals = 0;

  get size(): number {
    return this.entries.size;
  }

  has(txid: string): boolean {
    return this.entries.has(txid);
  }

  get(txid: string): MempoolEntry | undefined {
    return this.entries.get(txid);
  }

  /** Entries in arrival order (parents before children). */
  all(): MempoolEntry[] {
    return [...this.entries.values()];
  }

  spenderOf(txid: string, vout: number): MempoolSpend | undefined {
    return this.spends.get(outpointKey(txid, vout));
  }

  output(txid: string, vout: number): TxOutput | undefined {
    return this.entries.get(txid)?.tx.outputs[vout];
  }

  txidsForScript(script: Uint8Array): string[] {
    return [...(this.byScript.get(scriptKey(script)) ?? [])];
  }

  add(tx: ParsedTx, spent: SpentOutput[], fee: bigint, time: number): MempoolEntry {
    if (this.entries.has(tx.txid)) throw new Error(`${tx.txid} is already in the mempool`);
    const entry: MempoolEntry = { tx, spent, fee, arrival: this.arrivals++, time, parents: new Set(), children: new Set() };
    tx.inputs.forEach((input, vin) => {
      this.spends.set(outpointKey(input.prevTxid, input.vout), { txid: tx.txid, vin });
      const parent = this.entries.get(input.prevTxid);
      if (parent) {
        entry.parents.add(parent.tx.txid);
        parent.children.add(tx.txid);
      }
    });
    this.entries.set(tx.txid, entry);
    for (const key of touchedScripts(entry)) {
      let txids = this.byScript.get(key);
      if (!txids) this.byScript.set(key, (txids = new Set()));
      txids.add(tx.txid);
    }
    return entry;
  }

  /** Removes one transaction; its children stay (used when it is mined together with its ancestors). */
  remove(txid: string): MempoolEntry | undefined {
    const entry = this.entries.get(txid);
    if (!entry) return undefined;
    this.entries.delete(txid);
    for (const input of entry.tx.inputs) {
      const key = outpointKey(input.prevTxid, input.vout);
      if (this.spends.get(key)?.txid === txid) this.spends.delete(key);
    }
    for (const parent of entry.parents) this.entries.get(parent)?.children.delete(txid);
    for (const child of entry.children) this.entries.get(child)?.parents.delete(txid);
    for (const key of touchedScripts(entry)) {
      const txids = this.byScript.get(key);
      txids?.delete(txid);
      if (txids?.size === 0) this.byScript.delete(key);
    }
    return entry;
  }

  /** Removes a transaction and everything that depends on it; returns them, descendants last. */
  removeWithDescendants(txid: string): MempoolEntry[] {
    const doomed = [txid, ...this.descendants(txid)];
    return doomed.map((id) => this.remove(id)).filter((entry): entry is MempoolEntry => entry !== undefined);
  }

  ancestors(txid: string): Set<string> {
    return this.walk(txid, (entry) => entry.parents);
  }

  descendants(txid: string): Set<string> {
    return this.walk(txid, (entry) => entry.children);
  }

  /** Empties the mempool and returns what it held, in arrival order. */
  clear(): MempoolEntry[] {
    const entries = this.all();
    this.entries.clear();
    this.spends.clear();
    this.byScript.clear();
    return entries;
  }

  /**
   * Picks transactions for a block of at most `maxWeight`: everything if it fits, else the best
   * feerate packages (a transaction with its missing ancestors). Returned in a valid block order.
   */
  selectForBlock(maxWeight: number): MempoolEntry[] {
    const all = this.all();
    const totalWeight = all.reduce((sum, entry) => sum + entry.tx.weight, 0);
    if (totalWeight <= maxWeight) return all;
    const byFeerate = [...all].sort((a, b) => compareFeerate(b, a));
    const chosen = new Set<string>();
    let weight = 0;
    for (const candidate of byFeerate) {
      if (chosen.has(candidate.tx.txid)) continue;
      const packageIds = [...this.ancestors(candidate.tx.txid), candidate.tx.txid].filter((id) => !chosen.has(id));
      const packageWeight = packageIds.reduce((sum, id) => sum + (this.entries.get(id)?.tx.weight ?? 0), 0);
      if (weight + packageWeight > maxWeight) continue;
      for (const id of packageIds) chosen.add(id);
      weight += packageWeight;
    }
    return all.filter((entry) => chosen.has(entry.tx.txid));
  }

  private walk(txid: string, next: (entry: MempoolEntry) => Set<string>): Set<string> {
    const seen = new Set<string>();
    const start = this.entries.get(txid);
    const stack = start ? [...next(start)] : [];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const entry = this.entries.get(id);
      if (entry) stack.push(...next(entry));
    }
    return seen;
  }
}

function touchedScripts(entry: MempoolEntry): Set<string> {
  const keys = new Set<string>();
  for (const output of entry.tx.outputs) keys.add(scriptKey(output.script));
  for (const spent of entry.spent) keys.add(scriptKey(spent.script));
  return keys;
}

/** Orders by fee per vbyte without floating point. */
export function compareFeerate(a: { fee: bigint; tx: { vsize: number } }, b: { fee: bigint; tx: { vsize: number } }): number {
  const left = a.fee * BigInt(b.tx.vsize);
  const right = b.fee * BigInt(a.tx.vsize);
  return left < right ? -1 : left > right ? 1 : 0;
}
