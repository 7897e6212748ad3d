/** BOLT 3 "Fees": expected weights, fees and HTLC trimming. */

export type ChannelType = 'static_remotekey' | 'anchors';

/** Offered by, or received by, the owner of the commitment transaction. */
export type HtlcDirection = 'offered' | 'received';

/** The second-stage transaction that spends an HTLC output for the commitment's owner. */
export type HtlcTxKind = 'timeout' | 'success';

/** Each anchor output's value; the funder pays for both. */
export const ANCHOR_OUTPUT_SAT = 330n;

const COMMITMENT_BASE_WEIGHT: Record<ChannelType, number> = { static_remotekey: 724, anchors: 1124 };
const HTLC_OUTPUT_WEIGHT = 172;
const HTLC_TX_WEIGHT: Record<ChannelType, Record<HtlcTxKind, number>> = {
  static_remotekey: { timeout: 663, success: 703 },
  anchors: { timeout: 666, success: 706 },
};

/** What fee and trimming depend on. */
export interface FeeContext {
  readonly channelType: ChannelType;
  readonly feeratePerKw: number;
  /** dust_limit_satoshis of the commitment's owner. */
  readonly dustLimitSat: bigint;
}

export interface HtlcAmount {
  readonly direction: HtlcDirection;
  readonly amountMsat: bigint;
}

/** feerate_per_kw times weight, divided by 1000 and rounded down. */
export function weightToFeeSat(feeratePerKw: number, weight: number): bigint {
  return (BigInt(feeratePerKw) * BigInt(weight)) / 1000n;
}

export function htlcTxKind(direction: HtlcDirection): HtlcTxKind {
  return direction === 'offered' ? 'timeout' : 'success';
}

export function commitmentWeight(channelType: ChannelType, untrimmedHtlcs: number): number {
  return COMMITMENT_BASE_WEIGHT[channelType] + HTLC_OUTPUT_WEIGHT * untrimmedHtlcs;
}

/** Expected weight of an HTLC-timeout/-success tx (with anchors the wallet uses it to add fees itself). */
export function htlcTxWeight(channelType: ChannelType, kind: HtlcTxKind): number {
  return HTLC_TX_WEIGHT[channelType][kind];
}

/** The fee an HTLC tx pays out of the HTLC amount: zero with anchors. */
export function htlcTxFeeSat(channelType: ChannelType, kind: HtlcTxKind, feeratePerKw: number): bigint {
  return channelType === 'anchors' ? 0n : weightToFeeSat(feeratePerKw, htlcTxWeight(channelType, kind));
}

/** An HTLC is trimmed when its whole-satoshi amount minus its HTLC tx fee is below the dust limit. */
export function isTrimmed(htlc: HtlcAmount, ctx: FeeContext): boolean {
  const fee = htlcTxFeeSat(ctx.channelType, htlcTxKind(htlc.direction), ctx.feeratePerKw);
  return htlc.amountMsat / 1000n < ctx.dustLimitSat + fee;
}

/** The base commitment fee the funder pays: feerate times the expected weight with the untrimmed HTLCs. */
export function commitmentFeeSat(ctx: FeeContext, htlcs: readonly HtlcAmount[]): bigint {
  let untrimmed = 0;
  for (const htlc of htlcs) if (!isTrimmed(htlc, ctx)) untrimmed++;
  return weightToFeeSat(ctx.feeratePerKw, commitmentWeight(ctx.channelType, untrimmed));
}
