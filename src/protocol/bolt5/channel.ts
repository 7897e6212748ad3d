/**
 * What BOLT 5 needs to know about a channel: the public description (both sides' basepoints,
 * delays, dust limits, the funding outpoint) that a watchtower could also hold, and our secrets,
 * kept apart. Plus the per-commitment keys and scripts derived from them, for either side's
 * commitment.
 */
import { p2wpkh, p2wsh } from '../bitcoin/script.ts';
import type { Transaction } from '../bitcoin/tx.ts';
import {
  buildCommitmentTx,
  derivePubkey,
  obscuringFactor,
  offeredHtlcScript,
  perCommitmentPoint,
  receivedHtlcScript,
  revocationPubkey,
  toLocalScript,
  toRemoteAnchorsScript,
  type ChannelType,
  type CommitmentHtlc,
  type CommitmentKeys,
  type CommitmentTx,
  type FundingOutpoint,
} from '../bolt3/index.ts';
import { equal } from '../codec/bytes.ts';
import { MAX_SECRET_INDEX, generateFromSeed } from '../shachain/index.ts';

/** One side's channel parameters (field names as in the engine's open/accept_channel records). */
export interface ChannelSide {
  readonly fundingPubkey: Uint8Array;
  readonly revocationBasepoint: Uint8Array;
  readonly paymentBasepoint: Uint8Array;
  readonly delayedPaymentBasepoint: Uint8Array;
  readonly htlcBasepoint: Uint8Array;
  /**
   * The to_self_delay this side sent in open/accept_channel: the CSV delay it imposes on the
   * OTHER side's to_local and HTLC-transaction outputs.
   */
  readonly toSelfDelay: number;
  /** dust_limit_satoshis of this side's own commitment transactions. */
  readonly dustLimitSat: bigint;
}

/** The public part of a channel: enough to recognise and punish a revoked commitment. */
export interface ChannelDescription {
  readonly channelType: ChannelType;
  readonly funding: FundingOutpoint;
  /** True when we opened (funded) the channel. */
  readonly weFunded: boolean;
  /** Us. */
  readonly local: ChannelSide;
  /** The peer. */
  readonly remote: ChannelSide;
}

/** Our secrets for the channel: the basepoint secrets and the shachain seed. */
export interface ChannelSecrets {
  readonly revocationBasepointSecret: Uint8Array;
  readonly paymentBasepointSecret: Uint8Array;
  readonly delayedPaymentBasepointSecret: Uint8Array;
  readonly htlcBasepointSecret: Uint8Array;
  readonly perCommitmentSeed: Uint8Array;
}

/** Whose commitment transaction: ours ('local') or the peer's ('remote'). */
export type Owner = 'local' | 'remote';

/** What identifies an HTLC output: enough for the peer's commitments, current or revoked. */
export interface HtlcTerms {
  /** From our point of view: 'outgoing' HTLCs we offered, 'incoming' ones the peer offered. */
  readonly direction: 'incoming' | 'outgoing';
  readonly paymentHash: Uint8Array;
  readonly cltvExpiry: number;
  /** When given, used to tell apart HTLC outputs that share a script. */
  readonly amountMsat?: bigint;
}

export interface ChannelHtlc extends HtlcTerms {
  readonly amountMsat: bigint;
}

/** The content of one commitment, from our point of view whoever owns it. */
export interface CommitmentState<H extends ChannelHtlc = ChannelHtlc> {
  readonly commitmentNumber: number;
  readonly feeratePerKw: number;
  readonly toUsMsat: bigint;
  readonly toThemMsat: bigint;
  readonly htlcs: readonly H[];
}

/** A channel HTLC as BOLT 3 sees it on one side's commitment (direction relative to the owner). */
export interface OwnedHtlc<H extends HtlcTerms = HtlcTerms> extends CommitmentHtlc {
  readonly channelHtlc: H;
}

/** Does `tx` spend the channel's funding output? */
export function spendsFunding(channel: ChannelDescription, tx: Transaction): boolean {
  const { funding } = channel;
  return tx.inputs.some((input) => input.vout === funding.vout && equal(input.txid, funding.txid));
}

export function ownerSides(channel: Pick<ChannelDescription, 'local' | 'remote'>, owner: Owner): { own: ChannelSide; other: ChannelSide } {
  return owner === 'local' ? { own: channel.local, other: channel.remote } : { own: channel.remote, other: channel.local };
}

/** The CSV delay on the owner's to_local and HTLC-transaction outputs. */
export function ownerDelay(channel: ChannelDescription, owner: Owner): number {
  return ownerSides(channel, owner).other.toSelfDelay;
}

export function channelObscuringFactor(channel: ChannelDescription): number {
  const [opener, accepter] = channel.weFunded ? [channel.local, channel.remote] : [channel.remote, channel.local];
  return obscuringFactor(opener.paymentBasepoint, accepter.paymentBasepoint);
}

/** Our per_commitment_secret for our commitment n. */
export function localPerCommitmentSecret(secrets: Pick<ChannelSecrets, 'perCommitmentSeed'>, commitmentNumber: number): Uint8Array {
  return generateFromSeed(secrets.perCommitmentSeed, MAX_SECRET_INDEX - commitmentNumber);
}

export function localPerCommitmentPoint(secrets: Pick<ChannelSecrets, 'perCommitmentSeed'>, commitmentNumber: number): Uint8Array {
  return perCommitmentPoint(localPerCommitmentSecret(secrets, commitmentNumber));
}

/** The keys of the owner's commitment built on `point` (the owner's per_commitment_point). */
export function commitmentKeys(channel: Pick<ChannelDescription, 'local' | 'remote'>, owner: Owner, point: Uint8Array): CommitmentKeys {
  const { own, other } = ownerSides(channel, owner);
  return {
    revocationPubkey: revocationPubkey(other.revocationBasepoint, point),
    localHtlcPubkey: derivePubkey(own.htlcBasepoint, point),
    remoteHtlcPubkey: derivePubkey(other.htlcBasepoint, point),
    localDelayedPubkey: derivePubkey(own.delayedPaymentBasepoint, point),
    remotePaymentPubkey: other.paymentBasepoint,
    localFundingPubkey: own.fundingPubkey,
    remoteFundingPubkey: other.fundingPubkey,
  };
}

/** The owner's to_local witness script, which its HTLC transactions also pay to. */
export function delayedOutputScript(channel: ChannelDescription, owner: Owner, keys: CommitmentKeys): Uint8Array {
  return toLocalScript(keys.revocationPubkey, ownerDelay(channel, owner), keys.localDelayedPubkey);
}

/** The scriptPubKey of the owner's to_remote output (which pays the non-owner). */
export function toRemoteScriptPubkey(channel: ChannelDescription, owner: Owner): Uint8Array {
  const payee = ownerSides(channel, owner).other.paymentBasepoint;
  return channel.channelType === 'anchors' ? p2wsh(toRemoteAnchorsScript(payee)) : p2wpkh(payee);
}

export function toOwned<H extends HtlcTerms>(owner: Owner, htlc: H): OwnedHtlc<H> {
  const offeredByOwner = (htlc.direction === 'outgoing') === (owner === 'local');
  return {
    direction: offeredByOwner ? 'offered' : 'received',
    amountMsat: htlc.amountMsat ?? 0n,
    paymentHash: htlc.paymentHash,
    cltvExpiry: htlc.cltvExpiry,
    channelHtlc: htlc,
  };
}

/** The witness script of an HTLC's output on the owner's commitment. */
export function htlcOutputScript(channel: ChannelDescription, owner: Owner, keys: CommitmentKeys, htlc: HtlcTerms): Uint8Array {
  const owned = toOwned(owner, htlc);
  const anchors = channel.channelType === 'anchors';
  return owned.direction === 'offered'
    ? offeredHtlcScript(keys, htlc.paymentHash, anchors)
    : receivedHtlcScript(keys, htlc.paymentHash, htlc.cltvExpiry, anchors);
}

/** The owner's (unsigned) commitment `state.commitmentNumber`, built on the owner's per_commitment_point. */
export function buildChannelCommitment<H extends ChannelHtlc>(
  channel: ChannelDescription,
  owner: Owner,
  state: CommitmentState<H>,
  point: Uint8Array,
): CommitmentTx<OwnedHtlc<H>> {
  const local = owner === 'local';
  return buildCommitmentTx<OwnedHtlc<H>>({
    channelType: channel.channelType,
    feeratePerKw: state.feeratePerKw,
    dustLimitSat: ownerSides(channel, owner).own.dustLimitSat,
    funding: channel.funding,
    localIsFunder: local === channel.weFunded,
    toSelfDelay: ownerDelay(channel, owner),
    keys: commitmentKeys(channel, owner, point),
    commitmentNumber: state.commitmentNumber,
    obscuringFactor: channelObscuringFactor(channel),
    toLocalMsat: local ? state.toUsMsat : state.toThemMsat,
    toRemoteMsat: local ? state.toThemMsat : state.toUsMsat,
    htlcs: state.htlcs.map((h) => toOwned(owner, h)),
  });
}
