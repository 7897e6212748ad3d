/**
 * The peer's commitment on chain (BOLT 5 "Unilateral Close Handling: Remote Commitment
 * Transaction"): to_remote is ours at once, HTLCs the peer offered are ours with the preimage,
 * HTLCs we offered are ours back after their cltv_expiry. Nothing here waits on to_self_delay.
 */
import { txid, type Transaction } from '../bitcoin/tx.ts';
import { derivePrivkey, toRemoteAnchorsScript } from '../bolt3/index.ts';
import { equal } from '../codec/bytes.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import {
  commitmentKeys,
  toRemoteScriptPubkey,
  type ChannelDescription,
  type ChannelSecrets,
  type HtlcTerms,
} from './channel.ts';
import {
  SEQUENCE_NO_CSV,
  buildClaimTx,
  p2wpkhScriptCode,
  type ClaimResult,
  type ClaimTarget,
  type SpendableOutput,
} from './claim-tx.ts';
import { matchHtlcOutputs, spendablesPaying, type MatchedHtlc } from './match.ts';

/**
 * Sweeps to_remote of any commitment of the peer (current, next, revoked, or one we do not know
 * after a data loss): with static_remotekey it pays our payment_basepoint itself, so no
 * per-commitment data is needed. With anchors it is P2WSH with a 1-block CSV.
 */
export function claimToRemote(
  channel: ChannelDescription,
  secrets: Pick<ChannelSecrets, 'paymentBasepointSecret'>,
  commitmentTx: Transaction,
  target: ClaimTarget,
): ClaimResult {
  const pubkey = channel.local.paymentBasepoint;
  if (!equal(publicKey(secrets.paymentBasepointSecret), pubkey)) {
    throw new RangeError('the payment basepoint secret does not match the channel description');
  }
  const anchors = channel.channelType === 'anchors';
  const witnessScript = anchors ? toRemoteAnchorsScript(pubkey) : undefined;
  const spendables = spendablesPaying(commitmentTx, toRemoteScriptPubkey(channel, 'remote'), {
    kind: 'to_remote',
    scriptCode: witnessScript ?? p2wpkhScriptCode(pubkey),
    signingKey: secrets.paymentBasepointSecret,
    witnessAfterSig: witnessScript ? [witnessScript] : [pubkey],
    sequence: anchors ? 1 : SEQUENCE_NO_CSV,
    locktime: 0,
    csvDelay: anchors ? 1 : 0,
  });
  return buildClaimTx(spendables, target);
}

export interface RemoteHtlcClaim<H> {
  readonly htlc: H;
  /** The commitment output. */
  readonly vout: number;
  /** 'preimage': an HTLC the peer offered, claimable now; 'timeout': one we offered, after cltv_expiry. */
  readonly path: 'preimage' | 'timeout';
  readonly claim: ClaimResult<H>;
}

export interface RemoteHtlcClaims<H> {
  /** One transaction per HTLC output, so each can go out as soon as it may. */
  readonly claims: readonly RemoteHtlcClaim<H>[];
  /** Outputs of HTLCs the peer offered whose preimage we do not know: the peer times them out. */
  readonly awaitingPreimage: readonly MatchedHtlc<H>[];
  /** HTLCs given that have no output in this commitment (trimmed, or not in it). */
  readonly missing: readonly H[];
}

/**
 * Claims the HTLC outputs of the peer's commitment `commitmentTx`, built on the peer's
 * `perCommitmentPoint` with the HTLCs `htlcs` (our point of view): with the preimage
 * (witness `<sig> <preimage>`) for incoming ones `preimageFor` knows, and with nLockTime =
 * cltv_expiry (witness `<sig> <>`) for outgoing ones.
 */
export function claimRemoteHtlcs<H extends HtlcTerms>(
  channel: ChannelDescription,
  secrets: Pick<ChannelSecrets, 'htlcBasepointSecret'>,
  commitmentTx: Transaction,
  perCommitmentPoint: Uint8Array,
  htlcs: readonly H[],
  preimageFor: (paymentHash: Uint8Array) => Uint8Array | undefined,
  target: ClaimTarget,
): RemoteHtlcClaims<H> {
  const keys = commitmentKeys(channel, 'remote', perCommitmentPoint);
  const signingKey = derivePrivkey(secrets.htlcBasepointSecret, perCommitmentPoint);
  // On the peer's commitment our HTLC key is the "remote" one.
  if (!equal(publicKey(signingKey), keys.remoteHtlcPubkey)) {
    throw new RangeError('the HTLC basepoint secret does not match the channel description');
  }
  const anchors = channel.channelType === 'anchors';
  const spentTxid = txid(commitmentTx);
  const { matched, missing } = matchHtlcOutputs(channel, 'remote', keys, commitmentTx, htlcs);
  const claims: RemoteHtlcClaim<H>[] = [];
  const awaitingPreimage: MatchedHtlc<H>[] = [];
  for (const m of matched) {
    const incoming = m.htlc.direction === 'incoming';
    const preimage = incoming ? preimageFor(m.htlc.paymentHash) : undefined;
    if (preimage && !equal(sha256(preimage), m.htlc.paymentHash)) throw new RangeError('preimageFor returned a wrong preimage');
    if (incoming && !preimage) {
      awaitingPreimage.push(m);
      continue;
    }
    const spendable: SpendableOutput<H> = {
      kind: incoming ? 'htlc_preimage' : 'htlc_timeout',
      txid: spentTxid,
      vout: m.vout,
      amountSat: m.amountSat,
      scriptCode: m.witnessScript,
      signingKey,
      witnessAfterSig: [preimage ?? new Uint8Array(0), m.witnessScript],
      // Not final, so nLockTime counts; with anchors the HTLC scripts add a 1-block CSV.
      sequence: anchors ? 1 : SEQUENCE_NO_CSV,
      locktime: incoming ? 0 : m.htlc.cltvExpiry,
      csvDelay: anchors ? 1 : 0,
      htlc: m.htlc,
    };
    claims.push({ htlc: m.htlc, vout: m.vout, path: incoming ? 'preimage' : 'timeout', claim: buildClaimTx([spendable], target) });
  }
  return { claims, awaitingPreimage, missing };
}
