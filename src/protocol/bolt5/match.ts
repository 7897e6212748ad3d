/** Finding a channel's outputs in a transaction seen on chain, by their scripts. */
import { p2wsh } from '../bitcoin/script.ts';
import { txid, type Transaction } from '../bitcoin/tx.ts';
import type { CommitmentKeys } from '../bolt3/index.ts';
import { equal } from '../codec/bytes.ts';
import { htlcOutputScript, type ChannelDescription, type HtlcTerms, type Owner } from './channel.ts';
import type { SpendableOutput } from './claim-tx.ts';

/** Indexes of the outputs of `tx` paying `scriptPubkey`. */
export function outputsPaying(tx: Transaction, scriptPubkey: Uint8Array): number[] {
  const vouts: number[] = [];
  tx.outputs.forEach((output, vout) => {
    if (equal(output.script, scriptPubkey)) vouts.push(vout);
  });
  return vouts;
}

/** How an output is spent: everything of a SpendableOutput but which output it is. */
export type SpendTerms<H = unknown> = Omit<SpendableOutput<H>, 'txid' | 'vout' | 'amountSat'>;

/** Every output of `tx` paying `scriptPubkey`, each to be spent on `terms`. */
export function spendablesPaying<H>(tx: Transaction, scriptPubkey: Uint8Array, terms: SpendTerms<H>): SpendableOutput<H>[] {
  const spentTxid = txid(tx);
  return outputsPaying(tx, scriptPubkey).map((vout) => ({ ...terms, txid: spentTxid, vout, amountSat: tx.outputs[vout]!.value }));
}

export interface MatchedHtlc<H> {
  readonly htlc: H;
  readonly vout: number;
  readonly amountSat: bigint;
  readonly witnessScript: Uint8Array;
}

/**
 * Pairs the HTLCs of the owner's commitment with its outputs. HTLCs with the same script are
 * interchangeable for spending; among them, one whose amount matches the output is preferred.
 * `missing` are the HTLCs without an output (trimmed, or not in this commitment).
 */
export function matchHtlcOutputs<H extends HtlcTerms>(
  channel: ChannelDescription,
  owner: Owner,
  keys: CommitmentKeys,
  tx: Transaction,
  htlcs: readonly H[],
): { matched: MatchedHtlc<H>[]; missing: H[] } {
  const pending = htlcs.map((htlc) => {
    const witnessScript = htlcOutputScript(channel, owner, keys, htlc);
    return { htlc, witnessScript, scriptPubkey: p2wsh(witnessScript), used: false };
  });
  const matched: MatchedHtlc<H>[] = [];
  tx.outputs.forEach((output, vout) => {
    const candidates = pending.filter((p) => !p.used && equal(p.scriptPubkey, output.script));
    const pick = candidates.find((p) => p.htlc.amountMsat !== undefined && p.htlc.amountMsat / 1000n === output.value) ?? candidates[0];
    if (!pick) return;
    pick.used = true;
    matched.push({ htlc: pick.htlc, vout, amountSat: output.value, witnessScript: pick.witnessScript });
  });
  return { matched, missing: pending.filter((p) => !p.used).map((p) => p.htlc) };
}
