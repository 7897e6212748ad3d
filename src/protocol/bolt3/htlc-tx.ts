/** BOLT 3 second-stage HTLC-timeout and HTLC-success transactions. */
import { p2wsh } from '../bitcoin/script.ts';
import { txid, type Transaction } from '../bitcoin/tx.ts';
import type { CommitmentHtlc, CommitmentTx } from './commitment.ts';
import { htlcTxFeeSat, htlcTxKind, type ChannelType, type HtlcTxKind } from './fees.ts';

export interface HtlcTx<H extends CommitmentHtlc = CommitmentHtlc> {
  readonly kind: HtlcTxKind;
  readonly channelType: ChannelType;
  readonly htlc: H;
  /** Unsigned: its one input spends the HTLC output of the commitment. */
  readonly tx: Transaction;
  /** Witness script of the commitment output being spent. */
  readonly witnessScript: Uint8Array;
  /** Value of the commitment output being spent. */
  readonly inputAmountSat: bigint;
}

/** One HTLC tx per untrimmed HTLC, in commitment output order (the order of `htlc_signatures`). */
export function buildHtlcTxs<H extends CommitmentHtlc>(commitment: CommitmentTx<H>): HtlcTx<H>[] {
  const { channelType, feeratePerKw } = commitment.params;
  const commitmentTxid = txid(commitment.tx);
  const outputScript = p2wsh(commitment.toLocalScript);
  const sequence = channelType === 'anchors' ? 1 : 0;
  return commitment.htlcOutputs.map(({ htlc, outputIndex, witnessScript, amountSat }) => {
    const kind = htlcTxKind(htlc.direction);
    const tx: Transaction = {
      version: 2,
      locktime: kind === 'timeout' ? htlc.cltvExpiry : 0,
      inputs: [{ txid: commitmentTxid, vout: outputIndex, sequence, scriptSig: new Uint8Array(0), witness: [] }],
      outputs: [{ value: amountSat - htlcTxFeeSat(channelType, kind, feeratePerKw), script: outputScript }],
    };
    return { kind, channelType, htlc, tx, witnessScript, inputAmountSat: amountSat };
  });
}
