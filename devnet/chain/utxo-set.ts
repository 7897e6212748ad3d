import type { Coin } from './accept.ts';
import { outpointKey, scriptKey } from './tx.ts';

export interface Outpoint {
  txid: string;
  vout: number;
}

/** Confirmed unspent outputs, also indexed by output script. */
export class UtxoSet {
  private readonly coins = new Map<string, Coin>();
  private readonly byScript = new Map<string, Map<string, Outpoint>>();

  get size(): number {
    return this.coins.size;
  }

  get(txid: string, vout: number): Coin | undefined {
    return this.coins.get(outpointKey(txid, vout));
  }

  add(txid: string, vout: number, coin: Coin): void {
    const key = outpointKey(txid, vout);
    this.coins.set(key, coin);
    const script = scriptKey(coin.script);
    let outpoints = this.byScript.get(script);
    if (!outpoints) this.byScript.set(script, (outpoints = new Map()));
    outpoints.set(key, { txid, vout });
  }

  /** Removes and returns the coin, or undefined if it is not unspent. */
  spend(txid: string, vout: number): Coin | undefined {
    const key = outpointKey(txid, vout);
    const coin = this.coins.get(key);
    if (!coin) return undefined;
    this.coins.delete(key);
    const script = scriptKey(coin.script);
    const outpoints = this.byScript.get(script);
    outpoints?.delete(key);
    if (outpoints?.size === 0) this.byScript.delete(script);
    return coin;
  }

  forScript(script: Uint8Array): (Outpoint & { coin: Coin })[] {
    const outpoints = this.byScript.get(scriptKey(script));
    if (!outpoints) return [];
    return [...outpoints.values()].map((outpoint) => ({ ...outpoint, coin: this.get(outpoint.txid, outpoint.vout) as Coin }));
  }
}
