/**
 * Address discovery (BIP44 gap limit) and incremental sync of a BIP84 wallet against Esplora.
 * A sync first asks for the tip hash; when it equals the synced tip and no address waits for an
 * unconfirmed transaction, that is all it does. Otherwise it reads every address's stats and fetches
 * transactions only for addresses whose stats changed, or whose blocks left the best chain.
 */
import { hex } from '../../protocol/codec/bytes.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { fetchAddressHistory, sameStats, type KnownConfirmed } from './address-history.ts';
import type { EsploraClient } from './esplora-client.ts';
import { EsploraError } from './esplora-error.ts';
import type { AddressStats, EsploraTx, ScriptStats } from './esplora-types.ts';
import { forEachLimit } from './map-limit.ts';
import { findStaleBlocks } from './stale-blocks.ts';
import {
  addressKey,
  hasPending,
  lastUsedIndex,
  ownedBy,
  type AddressChain,
  type SyncState,
  type WalletTx,
} from './sync-state.ts';

export interface DerivedScript {
  address: string;
  script: Uint8Array;
}

/** The wallet's key derivation: m/84'/coin'/account'/chain/index → address and scriptPubKey. */
export type ScriptAt = (chain: AddressChain, index: number) => DerivedScript | Promise<DerivedScript>;

export interface WalletSyncOptions {
  client: EsploraClient;
  scriptAt: ScriptAt;
  /** When given, the server's genesis block is checked (once per client) before anything is trusted. */
  network?: NetworkName;
  /** Unused addresses kept beyond the last used one on each chain. Default 20. */
  gapLimit?: number;
  /** Requests in flight during a scan. Default 4. */
  concurrency?: number;
  /** Unix seconds, for when a transaction was first seen. */
  now?: () => number;
}

/** One of our addresses: BIP44 chain (0 receive, 1 change) and index. */
export type Owner = { chain: AddressChain; index: number };

export interface SyncOptions {
  /** Scan every address even if the tip is unchanged and nothing is pending. */
  force?: boolean;
  /**
   * Addresses someone is about to pay (the one on the receive screen): when the tip is unchanged and nothing
   * is pending, their stats are still read (one request each) and any change triggers a scan.
   */
  watch?: readonly Owner[];
}

export interface SyncOutcome {
  state: SyncState;
  /** False when the warm check (tip unchanged, nothing pending) ended the sync. */
  scanned: boolean;
  /** Wallet transactions sat in blocks that left the best chain. */
  reorg: boolean;
  /** Requests this sync sent (the client's counter, so other users of the same client count too). */
  requests: number;
}

const CHAINS: readonly AddressChain[] = [0, 1];

export class WalletSync {
  readonly #client: EsploraClient;
  readonly #scriptAt: ScriptAt;
  readonly #network: NetworkName | undefined;
  readonly #gapLimit: number;
  readonly #concurrency: number;
  readonly #now: () => number;

  constructor(options: WalletSyncOptions) {
    this.#client = options.client;
    this.#scriptAt = options.scriptAt;
    this.#network = options.network;
    this.#gapLimit = options.gapLimit ?? 20;
    this.#concurrency = options.concurrency ?? 4;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    if (!Number.isInteger(this.#gapLimit) || this.#gapLimit < 1) throw new RangeError('gapLimit must be a positive integer');
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  }

  /** Returns the new state; `previous` is never modified, so on error the caller keeps what it had. */
  async sync(previous: SyncState, options: SyncOptions = {}): Promise<SyncOutcome> {
    if (previous.version !== 1) throw new RangeError(`unsupported sync state version ${String(previous.version)}`);
    const startCount = this.#client.requestCount;
    const outcome = (state: SyncState, scanned: boolean, reorg: boolean): SyncOutcome => ({
      state,
      scanned,
      reorg,
      requests: this.#client.requestCount - startCount,
    });

    if (this.#network) await this.#client.verifyNetwork(this.#network);
    const tipHash = await this.#client.tipHash();
    const prefetched = new Map<string, AddressStats>();
    if (!options.force && previous.tip?.hash === tipHash && !hasPending(previous)) {
      if (!(await this.#watchedChanged(previous, options.watch ?? [], prefetched))) return outcome(previous, false, false);
    }

    const state = structuredClone(previous);
    const tip = await this.#client.block(tipHash);
    const stale = previous.tip ? await findStaleBlocks(this.#client, state, previous.tip, tip) : new Set<string>();
    const dirty = new Set<string>();
    for (const tx of Object.values(state.txs)) {
      if (!tx.block || !stale.has(tx.block.hash)) continue;
      for (const entry of [...tx.received, ...tx.spent]) dirty.add(addressKey(entry.chain, entry.index));
    }
    await this.#checkDerivation(state);
    await this.#scan(state, dirty, prefetched);
    checkWallet(state);
    state.tip = { hash: tip.hash, height: tip.height };
    return outcome(state, true, stale.size > 0);
  }

  async #watchedChanged(state: SyncState, watch: readonly Owner[], prefetched: Map<string, AddressStats>): Promise<boolean> {
    let changed = false;
    await forEachLimit(watch, this.#concurrency, async ({ chain, index }) => {
      const entry = state.addresses[chain][index];
      if (!entry) throw new RangeError(`address ${chain}/${index} has not been derived by a sync yet`);
      const stats = await this.#client.addressStats({ address: entry.address });
      prefetched.set(addressKey(chain, index), stats);
      if (!entry.stats || !sameStats(entry.stats, stats)) changed = true;
    });
    return changed;
  }

  /** A state from another seed would silently show another wallet's coins. */
  async #checkDerivation(state: SyncState): Promise<void> {
    for (const chain of CHAINS) {
      for (const [index, stored] of state.addresses[chain].entries()) {
        const derived = await this.#scriptAt(chain, index);
        if (hex(derived.script) !== stored.script || derived.address !== stored.address) {
          throw new RangeError(`the sync state does not belong to this wallet: address ${chain}/${index} differs; start from an empty state`);
        }
      }
    }
  }

  async #scan(state: SyncState, dirty: ReadonlySet<string>, prefetched: Map<string, AddressStats>): Promise<void> {
    const checked = [0, 0];
    for (;;) {
      await this.#extend(state);
      const pending: Owner[] = [];
      for (const chain of CHAINS) {
        for (let index = checked[chain] as number; index < state.addresses[chain].length; index++) pending.push({ chain, index });
        checked[chain] = state.addresses[chain].length;
      }
      if (pending.length === 0) return;
      const owners = ownerMap(state);
      await forEachLimit(pending, this.#concurrency, ({ chain, index }) =>
        this.#refreshAddress(state, owners, chain, index, dirty.has(addressKey(chain, index)), prefetched),
      );
    }
  }

  /** Derives addresses until each chain has `gapLimit` unused ones after its last used one. */
  async #extend(state: SyncState): Promise<void> {
    for (const chain of CHAINS) {
      const addresses = state.addresses[chain];
      const needed = lastUsedIndex(state, chain) + 1 + this.#gapLimit;
      while (addresses.length < needed) {
        const derived = await this.#scriptAt(chain, addresses.length);
        addresses.push({ address: derived.address, script: hex(derived.script), stats: null });
      }
    }
  }

  async #refreshAddress(
    state: SyncState,
    owners: ReadonlyMap<string, Owner>,
    chain: AddressChain,
    index: number,
    full: boolean,
    prefetched: Map<string, AddressStats>,
  ): Promise<void> {
    const entry = state.addresses[chain][index];
    if (!entry) return;
    // A race with a new block shows up as disagreeing answers: one fresh, complete retry settles it.
    for (let attempt = 0; ; attempt++) {
      const key = addressKey(chain, index);
      const stats = prefetched.get(key) ?? (await this.#client.addressStats({ address: entry.address }));
      prefetched.delete(key);
      const refetchAll = full || attempt > 0;
      if (!refetchAll && entry.stats && sameStats(entry.stats, stats)) return;
      try {
        const history = await fetchAddressHistory({
          client: this.#client,
          address: entry.address,
          script: entry.script,
          stats,
          previous: entry.stats,
          known: knownConfirmed(state, chain, index),
          full: refetchAll,
        });
        const fresh = history.fresh.map((tx) => toWalletTx(tx, owners, state.txs[tx.txid], this.#now()));
        const kept = history.kept.map((txid) => state.txs[txid]).filter((tx): tx is WalletTx => tx !== undefined);
        checkSums(entry.address, { chain, index }, [...fresh, ...kept], stats, history.mempoolComplete);
        apply(state, { chain, index }, fresh, history.kept);
        entry.stats = stats;
        return;
      } catch (error) {
        if (attempt > 0 || !(error instanceof EsploraError) || error.code !== 'inconsistent') throw error;
      }
    }
  }
}

function ownerMap(state: SyncState): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  for (const chain of CHAINS) state.addresses[chain].forEach((address, index) => owners.set(address.script, { chain, index }));
  return owners;
}

function knownConfirmed(state: SyncState, chain: AddressChain, index: number): KnownConfirmed[] {
  const known: KnownConfirmed[] = [];
  for (const tx of Object.values(state.txs)) {
    if (tx.block && ownedBy(tx, chain, index)) known.push({ txid: tx.txid, height: tx.block.height, hash: tx.block.hash });
  }
  return known;
}

function toWalletTx(tx: EsploraTx, owners: ReadonlyMap<string, Owner>, previous: WalletTx | undefined, now: number): WalletTx {
  const { status } = tx;
  return {
    txid: tx.txid,
    block: status.confirmed ? { height: status.blockHeight, hash: status.blockHash, time: status.blockTime } : null,
    fee: tx.fee,
    firstSeen: previous?.firstSeen ?? now,
    received: tx.vout.flatMap((output, vout) => {
      const owner = owners.get(output.script);
      return owner ? [{ vout, value: output.value, ...owner }] : [];
    }),
    spent: tx.vin.flatMap((input) => {
      const owner = input.prevout ? owners.get(input.prevout.script) : undefined;
      return owner && input.prevout ? [{ txid: input.txid, vout: input.vout, value: input.prevout.value, ...owner }] : [];
    }),
  };
}

const differs = (a: ScriptStats, b: ScriptStats): boolean =>
  a.txCount !== b.txCount || a.fundedCount !== b.fundedCount || a.fundedSum !== b.fundedSum || a.spentCount !== b.spentCount || a.spentSum !== b.spentSum;

/** The transactions must add up to the server's own stats for the address, or neither is believed. */
function checkSums(address: string, owner: Owner, txs: readonly WalletTx[], stats: AddressStats, mempoolComplete: boolean): void {
  const confirmed = sumsFor(owner, txs.filter((tx) => tx.block));
  const unconfirmed = sumsFor(owner, txs.filter((tx) => !tx.block));
  if (differs(confirmed, stats.chain) || (mempoolComplete && differs(unconfirmed, stats.mempool))) {
    throw new EsploraError(
      'inconsistent',
      `the server's transactions for ${address} do not add up to its stats (confirmed: received ${confirmed.fundedSum}, spent ${confirmed.spentSum}; ` +
        `stats: ${stats.chain.fundedSum}, ${stats.chain.spentSum}); sync again, or use another Esplora server if this persists`,
    );
  }
}

/** Esplora lists at most this many unconfirmed transactions per address. */
const MEMPOOL_PAGE = 50;

/**
 * The same check over the whole wallet: a transaction fetched for one address also carries our other
 * addresses' outputs, and those addresses may not have been re-read. Nothing the stats deny survives.
 */
function checkWallet(state: SyncState): void {
  for (const chain of CHAINS) {
    state.addresses[chain].forEach((address, index) => {
      if (!address.stats) return;
      const owned = Object.values(state.txs).filter((tx) => ownedBy(tx, chain, index));
      checkSums(address.address, { chain, index }, owned, address.stats, address.stats.mempool.txCount <= MEMPOOL_PAGE);
    });
  }
}

function sumsFor(owner: Owner, txs: readonly WalletTx[]): ScriptStats {
  const sums: ScriptStats = { txCount: txs.length, fundedCount: 0, fundedSum: 0, spentCount: 0, spentSum: 0 };
  const mine = (entry: Owner): boolean => entry.chain === owner.chain && entry.index === owner.index;
  for (const tx of txs) {
    for (const output of tx.received.filter(mine)) {
      sums.fundedCount++;
      sums.fundedSum += output.value;
    }
    for (const input of tx.spent.filter(mine)) {
      sums.spentCount++;
      sums.spentSum += input.value;
    }
  }
  return sums;
}

/** Replaces one address's view of its history: fresh transactions in, vanished ones out. */
function apply(state: SyncState, owner: Owner, fresh: readonly WalletTx[], kept: readonly string[]): void {
  const listed = new Set([...kept, ...fresh.map((tx) => tx.txid)]);
  const mine = (entry: Owner): boolean => entry.chain === owner.chain && entry.index === owner.index;
  for (const tx of Object.values(state.txs)) {
    if (listed.has(tx.txid) || !ownedBy(tx, owner.chain, owner.index)) continue;
    tx.received = tx.received.filter((entry) => !mine(entry));
    tx.spent = tx.spent.filter((entry) => !mine(entry));
    if (tx.received.length === 0 && tx.spent.length === 0) delete state.txs[tx.txid];
  }
  for (const tx of fresh) state.txs[tx.txid] = tx;
}
