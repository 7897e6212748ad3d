/**
 * Fetches what changed in one address's history. Confirmed transactions come newest first; paging stops
 * at the first one we already hold in the same block, since nothing below it can have changed (blocks we
 * hold that left the best chain were already caught by the reorg check, which asks for a full refetch).
 */
import type { EsploraClient } from './esplora-client.ts';
import { EsploraError } from './esplora-error.ts';
import type { AddressStats, EsploraTx, ScriptStats } from './esplora-types.ts';

export interface KnownConfirmed {
  txid: string;
  height: number;
  hash: string;
}

export interface AddressHistoryRequest {
  client: EsploraClient;
  address: string;
  /** scriptPubKey hex: every transaction listed for the address must touch it. */
  script: string;
  stats: AddressStats;
  /** Stats at the previous sync, null if never checked. */
  previous: AddressStats | null;
  /** Confirmed transactions we hold for this address. */
  known: readonly KnownConfirmed[];
  /** Ignore `known` and page through everything (after a reorg, or to recover from inconsistency). */
  full: boolean;
}

export interface AddressHistory {
  /** Freshly fetched transactions: the mempool ones and the confirmed ones that are new or moved. */
  fresh: EsploraTx[];
  /** Confirmed transactions we already hold that are unchanged. */
  kept: string[];
  /** False when the mempool part may be cut short (Esplora lists at most 50 unconfirmed transactions). */
  mempoolComplete: boolean;
}

/** A personal wallet's address never gets near this; a server claiming more would make us page forever. */
const MAX_HISTORY = 50_000;

const sameScriptStats = (a: ScriptStats, b: ScriptStats): boolean =>
  a.txCount === b.txCount && a.fundedCount === b.fundedCount && a.fundedSum === b.fundedSum && a.spentCount === b.spentCount && a.spentSum === b.spentSum;

export const sameStats = (a: AddressStats, b: AddressStats): boolean => sameScriptStats(a.chain, b.chain) && sameScriptStats(a.mempool, b.mempool);

export async function fetchAddressHistory(request: AddressHistoryRequest): Promise<AddressHistory> {
  const { client, address, stats, previous, known, full } = request;
  const ref = { address };
  if (stats.chain.txCount + stats.mempool.txCount === 0) return { fresh: [], kept: [], mempoolComplete: true };
  if (stats.chain.txCount > MAX_HISTORY) {
    throw new EsploraError('too_large', `${address} has ${stats.chain.txCount} confirmed transactions; this wallet syncs at most ${MAX_HISTORY} per address`);
  }

  let history: AddressHistory;
  if (!full && previous && sameScriptStats(previous.chain, stats.chain)) {
    const mempool = stats.mempool.txCount === 0 ? [] : await client.addressMempoolTxs(ref);
    history = { fresh: mempool, kept: known.map((tx) => tx.txid), mempoolComplete: mempool.length >= stats.mempool.txCount };
  } else {
    const first = await client.addressTxs(ref);
    const mempool = first.filter((tx) => !tx.status.confirmed);
    const chainPage = first.filter((tx) => tx.status.confirmed);
    let confirmed = await pageConfirmed(request, chainPage, full ? [] : known);
    if (!full && confirmed.fresh.length + confirmed.kept.length !== stats.chain.txCount) {
      confirmed = await pageConfirmed(request, chainPage, []);
    }
    history = { fresh: [...mempool, ...confirmed.fresh], kept: confirmed.kept, mempoolComplete: mempool.length >= stats.mempool.txCount };
  }
  checkTouches(history.fresh, request);
  const mempoolCount = history.fresh.filter((tx) => !tx.status.confirmed).length;
  const confirmedCount = history.fresh.length - mempoolCount + history.kept.length;
  if (confirmedCount !== stats.chain.txCount || mempoolCount > stats.mempool.txCount) {
    throw inconsistent(request, `lists ${confirmedCount} confirmed and ${mempoolCount} unconfirmed transactions, its stats say ${stats.chain.txCount} and ${stats.mempool.txCount}`);
  }
  return history;
}

async function pageConfirmed(
  request: AddressHistoryRequest,
  firstPage: EsploraTx[],
  known: readonly KnownConfirmed[],
): Promise<{ fresh: EsploraTx[]; kept: string[] }> {
  const byTxid = new Map(known.map((tx) => [tx.txid, tx]));
  const expected = request.stats.chain.txCount;
  const fresh: EsploraTx[] = [];
  const seen = new Set<string>();
  let page = firstPage;
  for (;;) {
    for (const tx of page) {
      if (!tx.status.confirmed) throw inconsistent(request, `lists unconfirmed ${tx.txid} among confirmed transactions`);
      const held = byTxid.get(tx.txid);
      if (held && held.hash === tx.status.blockHash) {
        const kept = known.filter((k) => k.height <= held.height && !seen.has(k.txid)).map((k) => k.txid);
        return { fresh, kept };
      }
      if (seen.has(tx.txid)) throw inconsistent(request, `lists ${tx.txid} twice while paging`);
      seen.add(tx.txid);
      fresh.push(tx);
    }
    const last = page.at(-1);
    if (fresh.length >= expected || !last) return { fresh, kept: [] };
    page = await request.client.addressChainTxs({ address: request.address }, last.txid);
  }
}

function checkTouches(txs: readonly EsploraTx[], request: AddressHistoryRequest): void {
  for (const tx of txs) {
    const touches = tx.vout.some((output) => output.script === request.script) || tx.vin.some((input) => input.prevout?.script === request.script);
    if (!touches) {
      throw new EsploraError('malformed', `the server listed transaction ${tx.txid} for ${request.address}, but it neither pays nor spends that address`);
    }
  }
}

function inconsistent(request: AddressHistoryRequest, what: string): EsploraError {
  return new EsploraError('inconsistent', `the server's answers about ${request.address} disagree: it ${what}; a block may have arrived mid-sync — sync again`);
}
