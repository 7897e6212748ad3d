import { sha256 } from '@noble/hashes/sha2.js';
import { checkForMempool, type AcceptEnvironment, type AcceptOptions, type Coin } from './accept.ts';
import { assembleBlock } from './assemble.ts';
import { genesisBlock, parseBlock, serializeBlock, type BlockHeader, type ParsedBlock } from './block.ts';
import { BlockStore } from './block-store.ts';
import { toHex } from './bytes.ts';
import { ChainIndex, addStats, emptyStats, scriptEffects, type HistoryEntry, type ScriptStats } from './chain-index.ts';
import { MAX_BLOCK_WEIGHT, medianOf } from './consensus.ts';
import { ChainEvents } from './events.ts';
import { estimateFees, type FeeEstimates } from './fee-estimates.ts';
import { Mempool, type MempoolEntry } from './mempool.ts';
import { isUnspendable } from './script.ts';
import type { SpentOutput } from './script-verify.ts';
import { ChainRejection, type BlockInfo, type ChainEvent, type ChainSource, type Utxo } from './source.ts';
import { TxDecodeError, parseTx, scriptKey, type ParsedTx } from './tx.ts';
import { UtxoSet } from './utxo-set.ts';

export interface ChainOptions {
  /** Directory for blocks.dat and mempool.dat; without it the chain lives only in memory. */
  dataDir?: string;
  /** Script paid by coinbases when `mine` is given none (the faucet's). */
  defaultCoinbaseScript: Uint8Array;
  /** Unix seconds; defaults to the wall clock. */
  now?: () => number;
  /** Receives exceptions thrown by subscribers and by auto-mining; defaults to console.error. */
  onError?: (error: unknown) => void;
}

export interface ChainBlock {
  height: number;
  hash: string;
  header: BlockHeader;
  headerBytes: Uint8Array;
  txs: ParsedTx[];
  /** The outputs spent by each transaction (empty for the coinbase). */
  spent: Coin[][];
  size: number;
  weight: number;
  /** Median of the last 11 block times, this block included. */
  medianTimePast: number;
  info: BlockInfo;
}

export interface TxLookup {
  tx: ParsedTx;
  spent: SpentOutput[];
  /** Zero for coinbases. */
  fee: bigint;
  /** Set when confirmed in the active chain. */
  block?: ChainBlock;
  position?: number;
  /** Set while unconfirmed. */
  mempool?: MempoolEntry;
}

export interface Spender {
  txid: string;
  vin: number;
  /** Undefined while the spending transaction is unconfirmed. */
  height?: number;
}

const MAX_BLOCKS_PER_CALL = 100_000;
const COINBASE_WEIGHT_RESERVE = 4_000;
const SCRIPT_CACHE_LIMIT = 100_000;

/** An honest in-memory regtest chain with a mempool, persisted to `dataDir` when given. */
export class Chain implements ChainSource {
  private readonly blocks: ChainBlock[] = [];
  private readonly byHash = new Map<string, ChainBlock>();
  private readonly utxos = new UtxoSet();
  private readonly index = new ChainIndex();
  private readonly pool = new Mempool();
  private readonly verifiedScripts = new Set<string>();
  private readonly knownScripts = new Set<string>();
  private readonly scriptsByHash = new Map<string, Uint8Array>();
  private readonly events: ChainEvents;
  private timeOffset = 0;
  private autoMiner: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly clock: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly defaultCoinbaseScript: Uint8Array;
  private readonly store: BlockStore | undefined;

  private constructor(options: ChainOptions) {
    this.clock = options.now ?? (() => Date.now() / 1000);
    this.onError = options.onError ?? ((error) => console.error('[devnet chain]', error));
    this.events = new ChainEvents(this.onError);
    this.defaultCoinbaseScript = Uint8Array.from(options.defaultCoinbaseScript);
    this.store = options.dataDir === undefined ? undefined : BlockStore.open(options.dataDir);
  }

  /** Builds the chain from genesis, replaying the blocks and mempool saved in `dataDir`. */
  static open(options: ChainOptions): Chain {
    const chain = new Chain(options);
    try {
      chain.connect(genesisBlock());
      if (chain.store) {
        for (const raw of chain.store.readAll()) chain.replay(raw);
        for (const raw of chain.store.loadMempool()) chain.tryAccept(raw);
      }
    } catch (error) {
      chain.store?.close();
      throw error;
    }
    return chain;
  }

  // ChainSource

  tip(): BlockInfo {
    return this.tipBlock.info;
  }

  blockAt(height: number): BlockInfo | undefined {
    return this.blocks[height]?.info;
  }

  submitTransaction(raw: Uint8Array): string {
    let tx: ParsedTx;
    try {
      tx = parseTx(Uint8Array.from(raw));
    } catch (error) {
      throw new ChainRejection('TX decode failed', error instanceof Error ? error.message : String(error));
    }
    this.accept(tx, { allowReplacement: true }, this.now());
    return tx.txid;
  }

  getTransaction(txid: string): { raw: Uint8Array; blockHeight?: number } | undefined {
    const found = this.lookupTransaction(txid);
    if (!found) return undefined;
    return found.block ? { raw: found.tx.raw, blockHeight: found.block.height } : { raw: found.tx.raw };
  }

  utxosForScript(script: Uint8Array): Utxo[] {
    const confirmed = this.utxos
      .forScript(script)
      .filter((utxo) => !this.pool.spenderOf(utxo.txid, utxo.vout))
      .sort((a, b) => a.coin.height - b.coin.height || (a.txid < b.txid ? -1 : 1) || a.vout - b.vout)
      .map(({ txid, vout, coin }): Utxo => ({ txid, vout, value: coin.value, script: coin.script, height: coin.height, coinbase: coin.coinbase }));
    const key = scriptKey(script);
    const unconfirmed: Utxo[] = [];
    for (const entry of this.mempoolHistory(script).reverse()) {
      entry.tx.outputs.forEach((output, vout) => {
        if (scriptKey(output.script) !== key || this.pool.spenderOf(entry.tx.txid, vout)) return;
        unconfirmed.push({ txid: entry.tx.txid, vout, value: output.value, script: output.script, coinbase: false });
      });
    }
    return [...confirmed, ...unconfirmed];
  }

  mine(count: number, coinbaseScript: Uint8Array = this.defaultCoinbaseScript): BlockInfo[] {
    this.assertOpen();
    if (!Number.isInteger(count) || count < 0 || count > MAX_BLOCKS_PER_CALL) {
      throw new RangeError(`block count must be an integer in 0..${MAX_BLOCKS_PER_CALL}`);
    }
    const mined: BlockInfo[] = [];
    for (let i = 0; i < count; i++) {
      const block = assembleBlock({
        height: this.height + 1,
        prevHash: this.tipBlock.hash,
        prevMedianTimePast: this.tipBlock.medianTimePast,
        now: this.now(),
        coinbaseScript,
        entries: this.pool.selectForBlock(MAX_BLOCK_WEIGHT - COINBASE_WEIGHT_RESERVE),
      });
      this.store?.append(serializeBlock(block.headerBytes, block.txs));
      for (const tx of block.txs.slice(1)) this.pool.remove(tx.txid);
      const connected = this.connect(block);
      mined.push(connected.info);
    }
    // Durable before anyone hears about the blocks.
    if (count > 0) this.store?.sync();
    this.events.publish(mined.map((block): ChainEvent => ({ type: 'connected', block })));
    return mined;
  }

  subscribe(listener: (event: ChainEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  // Reorgs

  /**
   * Disconnects the last `count` blocks. Their non-coinbase transactions go back to the mempool
   * (with the mempool's previous content after them) when still valid; the rest is dropped.
   * Returns the disconnected blocks, tip first.
   */
  invalidate(count: number): BlockInfo[] {
    this.assertOpen();
    if (!Number.isInteger(count) || count < 0 || count > this.height) {
      throw new RangeError(`can disconnect 0..${this.height} blocks`);
    }
    if (count === 0) return [];
    const removed: ChainBlock[] = [];
    for (let i = 0; i < count; i++) removed.push(this.disconnectTip());
    this.store?.truncate(this.height);
    const returning = [...removed].reverse().flatMap((block) => block.txs.slice(1));
    this.rebuildMempool(returning);
    this.events.publish(removed.map((block): ChainEvent => ({ type: 'disconnected', block: block.info })));
    return removed.map((block) => block.info);
  }

  /** What the admin "reorg n" does: disconnect `count` blocks, then mine `count + 1` replacements. */
  reorg(count: number): { disconnected: BlockInfo[]; connected: BlockInfo[] } {
    const disconnected = this.invalidate(count);
    return { disconnected, connected: this.mine(count + 1) };
  }

  // Clock and auto-mining

  /** Unix seconds used for new block times and mempool entries. */
  now(): number {
    return Math.floor(this.clock()) + this.timeOffset;
  }

  /** Moves the chain's clock forward (like bitcoind's setmocktime), for time-based locks. */
  advanceTime(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('can only move time forward');
    this.timeOffset += Math.floor(seconds);
  }

  startAutoMining(intervalMs: number): void {
    if (!Number.isFinite(intervalMs) || intervalMs < 10) throw new RangeError('auto-mining interval must be at least 10 ms');
    this.stopAutoMining();
    this.autoMiner = setInterval(() => {
      try {
        this.mine(1);
      } catch (error) {
        this.onError(error);
      }
    }, intervalMs);
    this.autoMiner.unref();
  }

  stopAutoMining(): void {
    if (this.autoMiner) clearInterval(this.autoMiner);
    this.autoMiner = undefined;
  }

  /** Stops auto-mining, saves the mempool and releases the data directory. */
  close(): void {
    if (this.closed) return;
    this.stopAutoMining();
    this.closed = true;
    if (this.store) {
      this.store.saveMempool(this.pool.all().map((entry) => entry.tx.raw));
      this.store.close();
    }
  }

  // Queries (used by the explorer and the faucet)

  get height(): number {
    return this.blocks.length - 1;
  }

  blockByHeight(height: number): ChainBlock | undefined {
    return this.blocks[height];
  }

  blockByHash(hash: string): ChainBlock | undefined {
    return this.byHash.get(hash);
  }

  lookupTransaction(txid: string): TxLookup | undefined {
    const location = this.index.location(txid);
    if (location) {
      const block = this.blocks[location.height] as ChainBlock;
      const tx = block.txs[location.position] as ParsedTx;
      const spent = block.spent[location.position] ?? [];
      return { tx, spent, fee: tx.isCoinbase ? 0n : feeOf(tx, spent), block, position: location.position };
    }
    const entry = this.pool.get(txid);
    return entry ? { tx: entry.tx, spent: entry.spent, fee: entry.fee, mempool: entry } : undefined;
  }

  /** Who spends an output, confirmed or in the mempool. */
  spenderOf(txid: string, vout: number): Spender | undefined {
    const confirmed = this.index.spenderOf(txid, vout);
    if (confirmed) return confirmed;
    const unconfirmed = this.pool.spenderOf(txid, vout);
    return unconfirmed ? { txid: unconfirmed.txid, vin: unconfirmed.vin } : undefined;
  }

  /** Confirmed transactions touching `script`, oldest first. */
  confirmedHistory(script: Uint8Array): readonly HistoryEntry[] {
    return this.index.historyOf(script);
  }

  /** Mempool transactions touching `script`, newest first. */
  mempoolHistory(script: Uint8Array): MempoolEntry[] {
    return this.pool
      .txidsForScript(script)
      .map((txid) => this.pool.get(txid) as MempoolEntry)
      .sort((a, b) => b.arrival - a.arrival);
  }

  scriptStats(script: Uint8Array): { chain: ScriptStats; mempool: ScriptStats } {
    const key = scriptKey(script);
    let mempool = emptyStats();
    for (const entry of this.mempoolHistory(script)) {
      const effect = scriptEffects(entry.tx, entry.spent).get(key);
      if (effect) mempool = addStats(mempool, effect, 1);
    }
    return { chain: this.index.statsOf(script), mempool };
  }

  /** Mempool entries in arrival order. */
  mempoolEntries(): MempoolEntry[] {
    return this.pool.all();
  }

  /** A script seen in any output, by its Esplora scripthash (sha256, natural byte order). */
  scriptForHash(scripthash: string): Uint8Array | undefined {
    return this.scriptsByHash.get(scripthash);
  }

  feeEstimates(): FeeEstimates {
    return estimateFees(this.pool.all(), MAX_BLOCK_WEIGHT - COINBASE_WEIGHT_RESERVE);
  }

  // Internals

  private get tipBlock(): ChainBlock {
    return this.blocks[this.blocks.length - 1] as ChainBlock;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the chain is closed');
  }

  /** Re-connects a stored block: structure and proof of work are checked, scripts were checked when mined. */
  private replay(raw: Uint8Array): void {
    const block = parseBlock(raw);
    if (block.header.prevHash !== this.tipBlock.hash) {
      throw new Error(`blocks.dat: block ${block.hash} does not extend ${this.tipBlock.hash}`);
    }
    this.connect(block);
  }

  private connect(block: ParsedBlock): ChainBlock {
    const height = this.blocks.length;
    const isGenesis = height === 0;
    const spent: Coin[][] = [];
    for (const tx of block.txs) {
      this.rememberScripts(tx);
      const coins: Coin[] = [];
      if (!tx.isCoinbase) {
        for (const input of tx.inputs) {
          const coin = this.utxos.spend(input.prevTxid, input.vout);
          if (!coin) throw new Error(`block ${block.hash} spends missing output ${input.prevTxid}:${input.vout}`);
          coins.push(coin);
        }
      }
      spent.push(coins);
      // As in bitcoind, the genesis coinbase is not spendable and OP_RETURN outputs never enter the UTXO set.
      if (isGenesis) continue;
      tx.outputs.forEach((output, vout) => {
        if (!isUnspendable(output.script)) {
          this.utxos.add(tx.txid, vout, { value: output.value, script: output.script, height, coinbase: tx.isCoinbase });
        }
      });
    }
    this.index.connect(height, block.txs, spent);
    const recentTimes = [...this.blocks.slice(-10).map((b) => b.header.time), block.header.time];
    const chainBlock: ChainBlock = {
      height,
      hash: block.hash,
      header: block.header,
      headerBytes: block.headerBytes,
      txs: block.txs,
      spent,
      size: block.size,
      weight: block.weight,
      medianTimePast: medianOf(recentTimes),
      info: { height, hash: block.hash, header: block.headerBytes, txs: block.txs.map((tx) => ({ txid: tx.txid, raw: tx.raw })) },
    };
    this.blocks.push(chainBlock);
    this.byHash.set(block.hash, chainBlock);
    return chainBlock;
  }

  private disconnectTip(): ChainBlock {
    const block = this.blocks.pop() as ChainBlock;
    this.byHash.delete(block.hash);
    for (let position = block.txs.length - 1; position >= 0; position--) {
      const tx = block.txs[position] as ParsedTx;
      tx.outputs.forEach((_, vout) => this.utxos.spend(tx.txid, vout));
      const coins = block.spent[position] ?? [];
      tx.inputs.forEach((input, vin) => {
        const coin = coins[vin];
        if (coin) this.utxos.add(input.prevTxid, input.vout, coin);
      });
    }
    this.index.disconnect(block.txs, block.spent);
    return block;
  }

  private rememberScripts(tx: ParsedTx): void {
    for (const output of tx.outputs) {
      const key = scriptKey(output.script);
      if (this.knownScripts.has(key)) continue;
      this.knownScripts.add(key);
      this.scriptsByHash.set(toHex(sha256(output.script)), output.script);
    }
  }

  private rebuildMempool(returning: ParsedTx[]): void {
    const previous = this.pool.clear();
    const now = this.now();
    for (const tx of returning) this.tryAccept(tx.raw, now);
    for (const entry of previous) this.tryAccept(entry.tx.raw, entry.time);
  }

  /** Accepts if valid; used where a refusal just means the transaction is dropped. */
  private tryAccept(raw: Uint8Array, time = this.now()): void {
    try {
      this.accept(parseTx(raw), { allowReplacement: false }, time);
    } catch (error) {
      if (!(error instanceof ChainRejection) && !(error instanceof TxDecodeError)) throw error;
    }
  }

  private accept(tx: ParsedTx, options: AcceptOptions, time: number): void {
    this.assertOpen();
    const result = checkForMempool(tx, this.acceptEnvironment(), options);
    for (const txid of result.evict) this.pool.remove(txid);
    this.pool.add(tx, result.spent, result.fee, time);
    this.rememberScripts(tx);
    if (this.verifiedScripts.size >= SCRIPT_CACHE_LIMIT) this.verifiedScripts.clear();
    this.verifiedScripts.add(tx.wtxid);
  }

  private acceptEnvironment(): AcceptEnvironment {
    return {
      height: this.height + 1,
      medianTimePast: this.tipBlock.medianTimePast,
      medianTimePastAt: (height) => this.blocks[height]?.medianTimePast ?? this.tipBlock.medianTimePast,
      confirmedCoin: (txid, vout) => this.utxos.get(txid, vout),
      isConfirmedTx: (txid) => this.index.location(txid) !== undefined,
      mempool: this.pool,
      scriptsVerified: (wtxid) => this.verifiedScripts.has(wtxid),
    };
  }
}

function feeOf(tx: ParsedTx, spent: SpentOutput[]): bigint {
  const valueIn = spent.reduce((sum, output) => sum + output.value, 0n);
  return valueIn - tx.outputs.reduce((sum, output) => sum + output.value, 0n);
}
