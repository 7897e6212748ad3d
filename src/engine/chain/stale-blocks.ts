/** After the tip moved: which blocks holding wallet transactions are no longer in the best chain. */
import type { EsploraClient } from './esplora-client.ts';
import { EsploraError } from './esplora-error.ts';
import type { BlockSummary } from './esplora-types.ts';
import type { SyncState } from './sync-state.ts';

/**
 * One request when the new tip builds on the old one (its parent, or the old tip still in the best chain);
 * after a reorg, one per wallet block from the newest down to the first still in the best chain, whose
 * ancestors are then in it too.
 */
export async function findStaleBlocks(
  client: EsploraClient,
  state: SyncState,
  oldTip: { hash: string; height: number },
  newTip: BlockSummary,
): Promise<Set<string>> {
  const stale = new Set<string>();
  if (newTip.hash === oldTip.hash || newTip.previousHash === oldTip.hash) return stale;
  if (await inBestChain(client, oldTip.hash)) return stale;
  const blocks = new Map<string, number>();
  for (const tx of Object.values(state.txs)) if (tx.block) blocks.set(tx.block.hash, tx.block.height);
  const newestFirst = [...blocks].sort((a, b) => b[1] - a[1]);
  for (const [hash, height] of newestFirst) {
    if (height <= newTip.height && (await inBestChain(client, hash))) break;
    stale.add(hash);
  }
  return stale;
}

/** A server that forgot a stale block may answer 404 rather than "not in the best chain". */
async function inBestChain(client: EsploraClient, hash: string): Promise<boolean> {
  try {
    return (await client.blockStatus(hash)).inBestChain;
  } catch (error) {
    if (error instanceof EsploraError && error.code === 'not_found') return false;
    throw error;
  }
}
