/**
 * What LDK asked to watch through its `Filter`: transactions by txid and outputs whose spends
 * matter. Only blocks' transactions matching these are handed to LDK, which keeps block
 * processing cheap however many transactions the devnet mines.
 */
import { hashToDisplay } from '../chain/bytes.ts';
import { outpointKey, type ParsedTx } from '../chain/tx.ts';
import { ldk } from './ldk.ts';

export class WatchedChainData {
  private readonly txids = new Set<string>();
  private readonly outpoints = new Set<string>();
  readonly filter: ldk.Filter;

  constructor() {
    this.filter = ldk.Filter.new_impl({
      register_tx: (txid) => {
        this.txids.add(hashToDisplay(txid));
      },
      register_output: (output) => {
        const outpoint = output.get_outpoint();
        this.outpoints.add(outpointKey(hashToDisplay(outpoint.get_txid()), outpoint.get_index()));
      },
    });
  }

  isRelevant(tx: ParsedTx): boolean {
    return this.txids.has(tx.txid) || tx.inputs.some((input) => this.outpoints.has(outpointKey(input.prevTxid, input.vout)));
  }
}
