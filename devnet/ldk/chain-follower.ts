/**
 * Feeds a ChainSource's blocks to LDK through the `Confirm` interface of each listener
 * (ChannelManager, ChainMonitor, OutputSweeper): relevant transactions, the best block, and on a
 * reorg, `transaction_unconfirmed` for what left the chain plus a rewind of the best block.
 */
import { displayToHash, hashToDisplay } from '../chain/bytes.ts';
import type { BlockInfo, ChainEvent, ChainSource } from '../chain/source.ts';
import { parseTx } from '../chain/tx.ts';
import { ldk } from './ldk.ts';
import type { WatchedChainData } from './watched-chain-data.ts';

/** How far below a listener's stale best block to look for transactions when it is off the active chain. */
const STALE_RESCAN_DEPTH = 144;
/** Headers kept to rewind the best block on disconnects. */
const HEADERS_KEPT = 2016;

export interface StoredBestBlock {
  height: number;
  /** Display byte order. */
  hash: string;
}

export class ChainFollower {
  private readonly headers = new Map<number, { hash: string; header: Uint8Array }>();
  private readonly queue: ChainEvent[] = [];
  private unsubscribe: (() => void) | undefined;
  /** The tip of the chain as we have seen it (headers) and as LDK was last told (best_block_updated). */
  private viewHeight = -1;
  private fedHeight = -1;
  private fedHash = '';

  constructor(
    private readonly chain: ChainSource,
    private readonly listeners: ldk.Confirm[],
    private readonly watched: WatchedChainData,
    private readonly onChange: () => void,
  ) {}

  get height(): number {
    return this.fedHeight;
  }

  /**
   * Brings listeners whose state was loaded from disk up to the chain tip, then follows new blocks.
   * `bestBlocks` are the listeners' own best blocks (ChannelManager, each ChannelMonitor, sweeper).
   */
  start(bestBlocks: StoredBestBlock[]): void {
    this.resyncRelevantTransactions();
    const tip = this.chain.tip();
    const from = Math.min(tip.height + 1, ...bestBlocks.map((best) => this.rescanStart(best)));
    for (let height = from; height <= tip.height; height++) {
      const block = this.chain.blockAt(height);
      if (block) this.confirmRelevant(block);
    }
    for (let height = Math.max(0, tip.height - 12); height < tip.height; height++) {
      const block = this.chain.blockAt(height);
      if (block) this.remember(height, block.hash, block.header);
    }
    this.remember(tip.height, tip.hash, tip.header);
    this.feedBestBlock(tip.height, tip.hash, tip.header);
    this.unsubscribe = this.chain.subscribe((event) => this.onChainEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.queue.length = 0;
  }

  /**
   * Chain events are queued and handled together on the next turn of the event loop: never
   * inside the chain's own call (mine/submit), and a burst of blocks costs LDK one best-block
   * update, which Confirm allows (intermediate best blocks may be skipped).
   */
  private onChainEvent(event: ChainEvent): void {
    this.queue.push(event);
    if (this.queue.length === 1) setImmediate(() => this.drain());
  }

  private drain(): void {
    if (!this.unsubscribe) return;
    const events = this.queue.splice(0);
    for (const event of events) {
      if (event.type === 'disconnected') {
        this.disconnect(event.block);
      } else if (this.headers.get(event.block.height)?.hash !== event.block.hash) {
        this.confirmRelevant(event.block);
        this.remember(event.block.height, event.block.hash, event.block.header);
      }
    }
    const tip = this.headers.get(this.viewHeight);
    if (tip && tip.hash !== this.fedHash) this.feedBestBlock(this.viewHeight, tip.hash, tip.header);
    this.onChange();
  }

  private rescanStart(best: StoredBestBlock): number {
    const onActiveChain = this.chain.blockAt(best.height)?.hash === best.hash;
    return onActiveChain ? best.height + 1 : Math.max(0, best.height - STALE_RESCAN_DEPTH);
  }

  /** Transactions LDK believes confirmed are checked against the active chain (they may have been reorged while we were down). */
  private resyncRelevantTransactions(): void {
    for (const listener of this.listeners) {
      for (const relevant of listener.get_relevant_txids()) {
        const txid = hashToDisplay(relevant.get_a());
        const claimedHash = relevant.get_c();
        const found = this.chain.getTransaction(txid);
        const block = found?.blockHeight === undefined ? undefined : this.chain.blockAt(found.blockHeight);
        const claimed = claimedHash instanceof ldk.Option_ThirtyTwoBytesZ_Some ? hashToDisplay(claimedHash.some) : undefined;
        if (block && (claimed === undefined || claimed === block.hash)) continue;
        listener.transaction_unconfirmed(relevant.get_a());
        if (block) this.confirmInBlock(block, txid);
      }
    }
  }

  private confirmInBlock(block: BlockInfo, txid: string): void {
    const index = block.txs.findIndex((tx) => tx.txid === txid);
    const tx = block.txs[index];
    if (!tx) return;
    const txdata = [ldk.TwoTuple_usizeTransactionZ.constructor_new(index, tx.raw)];
    for (const listener of this.listeners) listener.transactions_confirmed(block.header, txdata, block.height);
  }

  /**
   * One call per relevant transaction, in block order: confirming one may make LDK register new
   * outputs (e.g. a commitment's), which the following transactions of the same block are checked against.
   */
  private confirmRelevant(block: BlockInfo): void {
    block.txs.forEach((tx, index) => {
      if (index === 0 || !this.watched.isRelevant(parseTx(tx.raw))) return;
      const txdata = [ldk.TwoTuple_usizeTransactionZ.constructor_new(index, tx.raw)];
      for (const listener of this.listeners) listener.transactions_confirmed(block.header, txdata, block.height);
    });
  }

  private feedBestBlock(height: number, hash: string, header: Uint8Array): void {
    for (const listener of this.listeners) listener.best_block_updated(header, height);
    this.fedHeight = height;
    this.fedHash = hash;
  }

  /** Unconfirms what LDK believes confirmed in `block`, and rewinds our view of the chain below it. */
  private disconnect(block: BlockInfo): void {
    const blockTxids = new Set(block.txs.map((tx) => tx.txid));
    const hash = displayToHash(block.hash);
    for (const listener of this.listeners) {
      for (const relevant of listener.get_relevant_txids()) {
        const claimed = relevant.get_c();
        const inBlock =
          claimed instanceof ldk.Option_ThirtyTwoBytesZ_Some
            ? claimed.some.every((byte, i) => byte === hash[i])
            : blockTxids.has(hashToDisplay(relevant.get_a()));
        if (inBlock) listener.transaction_unconfirmed(relevant.get_a());
      }
    }
    for (let height = block.height; height <= this.viewHeight; height++) this.headers.delete(height);
    this.viewHeight = block.height - 1;
    if (!this.headers.has(this.viewHeight)) {
      const parent = this.chain.blockAt(this.viewHeight);
      if (parent) this.headers.set(this.viewHeight, { hash: parent.hash, header: parent.header });
    }
  }

  private remember(height: number, hash: string, header: Uint8Array): void {
    for (let stale = height; stale <= this.viewHeight; stale++) this.headers.delete(stale);
    this.headers.set(height, { hash, header });
    this.headers.delete(height - HEADERS_KEPT);
    this.viewHeight = height;
  }
}
