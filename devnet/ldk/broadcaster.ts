/** LDK's BroadcasterInterface into the ChainSource's mempool, logging what the chain refuses. */
import { ChainRejection, type ChainSource } from '../chain/source.ts';
import { parseTx } from '../chain/tx.ts';
import { ldk } from './ldk.ts';
import type { NodeLogger } from './logger.ts';

export function makeBroadcaster(chain: ChainSource, logger: NodeLogger): ldk.BroadcasterInterface {
  const queue: Uint8Array[] = [];
  // LDK rebroadcasts its claims every block: each distinct rejection is reported once.
  const reported = new Set<string>();
  // Submitted after LDK's call returns: never from inside LDK, nor from inside the chain's block notifications.
  const flush = () => {
    for (const raw of queue.splice(0)) {
      try {
        logger.info(`broadcast ${chain.submitTransaction(raw)}`);
      } catch (error) {
        if (!(error instanceof ChainRejection)) throw error;
        const txid = parseTx(raw).txid;
        const key = `${txid} ${error.message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        logger.warn(`broadcast of ${txid} rejected by the chain: ${error.message}`);
      }
    }
  };
  return ldk.BroadcasterInterface.new_impl({
    broadcast_transactions: (txs) => {
      queue.push(...txs.map((tx) => tx.slice()));
      queueMicrotask(flush);
    },
  });
}
