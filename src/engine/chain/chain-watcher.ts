/**
 * Watches outpoints for their spend and transactions for confirmations, for the channel engine.
 * The caller drives `poll()`; each poll asks for the tip hash and, when it moved, re-reads every watch
 * from the server. Nothing is inferred from earlier answers, so a reorg is reflected as it is:
 * confirmations fall back, a spend that left the chain is reported gone.
 */
import { Emitter } from '../engine-events.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import type { EsploraClient } from './esplora-client.ts';
import { EsploraError } from './esplora-error.ts';
import type { Outspend, TxStatus } from './esplora-types.ts';
import { forEachLimit } from './map-limit.ts';

export interface Outpoint {
  txid: string;
  vout: number;
}

export type ChainWatchEvent =
  /** The outpoint is spent, or its spend's depth changed. Emitted again on every change. */
  | { type: 'spent'; watchId: string; outpoint: Outpoint; spendingTxid: string; vin: number; height: number | null; confirmations: number }
  /** The spend reported earlier is no longer known to the chain (reorged out and replaced, or evicted). */
  | { type: 'spend_gone'; watchId: string; outpoint: Outpoint; spendingTxid: string }
  /** The transaction's depth (or block) changed; `reached` once it has `target` confirmations, false again after a reorg. */
  | {
      type: 'confirmations';
      watchId: string;
      txid: string;
      confirmations: number;
      height: number | null;
      blockHash: string | null;
      target: number;
      reached: boolean;
    };

export interface ChainWatcherOptions {
  /** When given, the server's genesis block is checked (once per client) before the first poll trusts it. */
  network?: NetworkName;
  /** Requests in flight while re-checking watches. Default 4. */
  concurrency?: number;
  /**
   * Also re-check, on every poll, spend watches that are unspent or spent by an unconfirmed transaction,
   * to hear about mempool spends before they confirm. Costs one request per such watch per poll.
   */
  watchMempool?: boolean;
}

export interface PollResult {
  tip: { hash: string; height: number };
  tipChanged: boolean;
  /** Watches re-read from the server in this poll. */
  checked: number;
}

interface Depth {
  height: number | null;
  blockHash: string | null;
  confirmations: number;
}

type SpendWatch = { kind: 'spend'; id: string; outpoint: Outpoint; checked: boolean; spend: (Depth & { txid: string; vin: number }) | null };
type ConfirmationWatch = { kind: 'confirmations'; id: string; txid: string; target: number; checked: boolean; depth: Depth };
type Watch = SpendWatch | ConfirmationWatch;

const HASH = /^[0-9a-fA-F]{64}$/;
const UNCONFIRMED: Depth = { height: null, blockHash: null, confirmations: 0 };

export class ChainWatcher {
  readonly #client: EsploraClient;
  readonly #options: ChainWatcherOptions;
  readonly #events = new Emitter<ChainWatchEvent>();
  readonly #watches = new Map<string, Watch>();
  #nextId = 1;
  #tip: { hash: string; height: number } | undefined;
  #polling: Promise<PollResult> | undefined;

  constructor(client: EsploraClient, options: ChainWatcherOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /** The tip as of the last completed poll. */
  get tip(): { hash: string; height: number } | undefined {
    return this.#tip;
  }

  watchSpend(outpoint: Outpoint): string {
    if (!HASH.test(outpoint.txid)) throw new RangeError(`txid must be 64 hex characters, got ${JSON.stringify(outpoint.txid)}`);
    if (!Number.isInteger(outpoint.vout) || outpoint.vout < 0 || outpoint.vout > 0xffff_ffff) throw new RangeError(`invalid vout ${outpoint.vout}`);
    const id = `spend-${this.#nextId++}`;
    this.#watches.set(id, { kind: 'spend', id, outpoint: { txid: outpoint.txid.toLowerCase(), vout: outpoint.vout }, checked: false, spend: null });
    return id;
  }

  watchConfirmations(txid: string, target: number): string {
    if (!HASH.test(txid)) throw new RangeError(`txid must be 64 hex characters, got ${JSON.stringify(txid)}`);
    if (!Number.isInteger(target) || target < 1) throw new RangeError(`target must be a positive number of confirmations, got ${target}`);
    const id = `confirmations-${this.#nextId++}`;
    this.#watches.set(id, { kind: 'confirmations', id, txid: txid.toLowerCase(), target, checked: false, depth: UNCONFIRMED });
    return id;
  }

  unwatch(id: string): boolean {
    return this.#watches.delete(id);
  }

  onEvent(listener: (event: ChainWatchEvent) => void): () => void {
    return this.#events.on(listener);
  }

  /** One poll at a time: a call while one runs gets that poll's result. */
  poll(): Promise<PollResult> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  async #poll(): Promise<PollResult> {
    if (this.#options.network) await this.#client.verifyNetwork(this.#options.network);
    const tipHash = await this.#client.tipHash();
    const tipChanged = tipHash !== this.#tip?.hash;
    const tip = tipChanged ? await this.#client.block(tipHash).then((block) => ({ hash: block.hash, height: block.height })) : (this.#tip as { hash: string; height: number });
    const due = [...this.#watches.values()].filter((watch) => tipChanged || !watch.checked || this.#mempoolDue(watch));
    await forEachLimit(due, this.#options.concurrency ?? 4, (watch) => (watch.kind === 'spend' ? this.#checkSpend(watch, tip.height) : this.#checkConfirmations(watch, tip.height)));
    // Only a poll that re-read every watch moves the tip, so a failed one is repeated in full.
    this.#tip = tip;
    return { tip, tipChanged, checked: due.length };
  }

  #mempoolDue(watch: Watch): boolean {
    return this.#options.watchMempool === true && watch.kind === 'spend' && (watch.spend === null || watch.spend.height === null);
  }

  async #checkSpend(watch: SpendWatch, tipHeight: number): Promise<void> {
    const outspend = await orUnknown<Outspend>(this.#client.outspend(watch.outpoint.txid, watch.outpoint.vout), { spent: false });
    if (this.#watches.get(watch.id) !== watch) return;
    watch.checked = true;
    const previous = watch.spend;
    const next = outspend.spent ? { txid: outspend.txid, vin: outspend.vin, ...depthOf(outspend.status, tipHeight) } : null;
    watch.spend = next;
    if (previous && previous.txid !== next?.txid) {
      this.#events.emit({ type: 'spend_gone', watchId: watch.id, outpoint: watch.outpoint, spendingTxid: previous.txid });
    }
    if (next && (!previous || previous.txid !== next.txid || !sameDepth(previous, next))) {
      this.#events.emit({
        type: 'spent',
        watchId: watch.id,
        outpoint: watch.outpoint,
        spendingTxid: next.txid,
        vin: next.vin,
        height: next.height,
        confirmations: next.confirmations,
      });
    }
  }

  async #checkConfirmations(watch: ConfirmationWatch, tipHeight: number): Promise<void> {
    const status = await orUnknown<TxStatus>(this.#client.txStatus(watch.txid), { confirmed: false });
    if (this.#watches.get(watch.id) !== watch) return;
    watch.checked = true;
    const previous = watch.depth;
    const next = depthOf(status, tipHeight);
    watch.depth = next;
    if (sameDepth(previous, next)) return;
    this.#events.emit({
      type: 'confirmations',
      watchId: watch.id,
      txid: watch.txid,
      ...next,
      target: watch.target,
      reached: next.confirmations >= watch.target,
    });
  }
}

function depthOf(status: TxStatus, tipHeight: number): Depth {
  if (!status.confirmed) return UNCONFIRMED;
  // The status may come from a block newer than the tip we read: that is still one confirmation.
  return { height: status.blockHeight, blockHash: status.blockHash, confirmations: Math.max(1, tipHeight - status.blockHeight + 1) };
}

const sameDepth = (a: Depth, b: Depth): boolean => a.confirmations === b.confirmations && a.blockHash === b.blockHash && a.height === b.height;

/** Some servers answer 404 for a transaction they never saw, where Esplora says "unconfirmed / unspent". */
async function orUnknown<T>(request: Promise<T>, unknown: T): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof EsploraError && error.code === 'not_found') return unknown;
    throw error;
  }
}
