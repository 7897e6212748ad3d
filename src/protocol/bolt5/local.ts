/**
 * Our own commitment on chain (BOLT 5 "Unilateral Close Handling: Local Commitment Transaction"):
 * to_local after to_self_delay, HTLC-timeout / HTLC-success transactions, and the outputs of
 * those after to_self_delay again.
 */
import { p2wsh } from '../bitcoin/script.ts';
import { txid, type Transaction } from '../bitcoin/tx.ts';
import { buildHtlcTxs, derivePrivkey, signHtlcTx, signedHtlcTx, type HtlcTxKind } from '../bolt3/index.ts';
import { equal } from '../codec/bytes.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import {
  buildChannelCommitment,
  commitmentKeys,
  delayedOutputScript,
  localPerCommitmentPoint,
  ownerDelay,
  spendsFunding,
  type ChannelDescription,
  type ChannelHtlc,
  type ChannelSecrets,
  type CommitmentState,
} from './channel.ts';
import { buildClaimTx, type ClaimResult, type ClaimTarget } from './claim-tx.ts';
import { spendablesPaying } from './match.ts';

/**
 * Sweeps our delayed outputs in `tx` to the target, valid `to_self_delay` blocks after `tx`
 * confirms: `tx` is either our commitment `commitmentNumber` (its to_local) or one of our HTLC
 * transactions spending that commitment (its output). Both pay the same script.
 */
export function claimLocalDelayedOutputs(
  channel: ChannelDescription,
  secrets: Pick<ChannelSecrets, 'perCommitmentSeed' | 'delayedPaymentBasepointSecret'>,
  tx: Transaction,
  commitmentNumber: number,
  target: ClaimTarget,
): ClaimResult {
  const point = localPerCommitmentPoint(secrets, commitmentNumber);
  const keys = commitmentKeys(channel, 'local', point);
  const signingKey = derivePrivkey(secrets.delayedPaymentBasepointSecret, point);
  if (!equal(publicKey(signingKey), keys.localDelayedPubkey)) {
    throw new RangeError('the delayed payment basepoint secret does not match the channel description');
  }
  const witnessScript = delayedOutputScript(channel, 'local', keys);
  const delay = ownerDelay(channel, 'local');
  const spendables = spendablesPaying(tx, p2wsh(witnessScript), {
    kind: spendsFunding(channel, tx) ? 'to_local' : 'htlc_tx_output',
    scriptCode: witnessScript,
    signingKey,
    // <local_delayedsig> <> takes the OP_ELSE (delayed) branch.
    witnessAfterSig: [new Uint8Array(0), witnessScript],
    sequence: delay,
    locktime: 0,
    csvDelay: delay,
  });
  return buildClaimTx(spendables, target);
}

export interface LocalHtlcTx<H> {
  readonly htlc: H;
  /** The commitment output it spends. */
  readonly vout: number;
  readonly kind: HtlcTxKind;
  /** Fully signed; null for an HTLC-success while the preimage is unknown. */
  readonly tx: Transaction | null;
  /** nLockTime: cltv_expiry for HTLC-timeout (relayed once the tip reaches it), 0 for HTLC-success. */
  readonly locktime: number;
  /** The fee agreed at the commitment's feerate (these transactions cannot change it). */
  readonly feeSat: bigint;
}

/**
 * The second-stage transactions of our commitment `state.commitmentNumber` (static_remotekey):
 * HTLC-timeout for the HTLCs we offered, HTLC-success for those we received whose preimage
 * `preimageFor` knows, each signed with the peer's `remoteHtlcSignatures` (output order, as
 * commitment_signed carried them) and ours. Their outputs are swept later with
 * {@link claimLocalDelayedOutputs}. `trimmed` are the HTLCs without an output.
 */
export function localHtlcTxs<H extends ChannelHtlc>(
  channel: ChannelDescription,
  secrets: Pick<ChannelSecrets, 'perCommitmentSeed' | 'htlcBasepointSecret'>,
  commitmentTx: Transaction,
  state: CommitmentState<H>,
  remoteHtlcSignatures: readonly Uint8Array[],
  preimageFor: (paymentHash: Uint8Array) => Uint8Array | undefined,
): { htlcTxs: LocalHtlcTx<H>[]; trimmed: H[] } {
  if (channel.channelType === 'anchors') {
    throw new RangeError('anchor channels need fee inputs added to their HTLC transactions: not supported yet');
  }
  const point = localPerCommitmentPoint(secrets, state.commitmentNumber);
  const commitment = buildChannelCommitment(channel, 'local', state, point);
  if (!equal(txid(commitment.tx), txid(commitmentTx))) {
    throw new RangeError(`the transaction is not our commitment ${state.commitmentNumber} with this content`);
  }
  const unsigned = buildHtlcTxs(commitment);
  if (unsigned.length !== remoteHtlcSignatures.length) {
    throw new RangeError(`expected ${unsigned.length} HTLC signatures, got ${remoteHtlcSignatures.length}`);
  }
  const htlcKey = derivePrivkey(secrets.htlcBasepointSecret, point);
  const htlcTxs = unsigned.map((htlcTx, i): LocalHtlcTx<H> => {
    const htlc = htlcTx.htlc.channelHtlc;
    const vout = htlcTx.tx.inputs[0]!.vout;
    const feeSat = htlcTx.inputAmountSat - htlcTx.tx.outputs[0]!.value;
    let preimage: Uint8Array | undefined;
    if (htlcTx.kind === 'success') {
      preimage = preimageFor(htlc.paymentHash);
      if (preimage && !equal(sha256(preimage), htlc.paymentHash)) throw new RangeError('preimageFor returned a wrong preimage');
      if (!preimage) return { htlc, vout, kind: 'success', tx: null, locktime: 0, feeSat };
    }
    const tx = signedHtlcTx(htlcTx, signHtlcTx(htlcTx, htlcKey, 'local'), remoteHtlcSignatures[i]!, preimage);
    return { htlc, vout, kind: htlcTx.kind, tx, locktime: tx.locktime, feeSat };
  });
  const committed = new Set(commitment.htlcOutputs.map((o) => o.htlc.channelHtlc));
  return { htlcTxs, trimmed: state.htlcs.filter((h) => !committed.has(h)) };
}
