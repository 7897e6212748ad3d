/**
 * BOLT 7 fee and CLTV arithmetic, and turning a chosen path into a route.
 *
 * A node forwarding an HTLC over a channel charges, by that channel's policy in its direction,
 * fee_base_msat + amount_to_forward * fee_proportional_millionths / 1,000,000 (integer division),
 * where amount_to_forward is what it sends over that channel; it also wants the incoming HTLC's
 * cltv_expiry to exceed the outgoing one by at least cltv_expiry_delta. So both are worked out
 * from the payee backwards. We charge ourselves nothing for our own first channel.
 */
import type { ShortChannelId } from '../../protocol/codec/codec.ts';
import type { Direction, Hop, HopSource, NodeId, Route, Scid } from './types.ts';

export interface FeePolicy {
  feeBaseMsat: number;
  feeProportionalMillionths: number;
}

/** BOLT 7 fee for forwarding `amountToForwardMsat` over a channel with this policy. */
export function forwardingFeeMsat(amountToForwardMsat: bigint, policy: FeePolicy): bigint {
  return BigInt(policy.feeBaseMsat) + (amountToForwardMsat * BigInt(policy.feeProportionalMillionths)) / 1_000_000n;
}

/**
 * The same on safe-integer numbers, exact (the search's hot path). Results above 2^53 are only
 * approximate, but such fees are far beyond any fee limit.
 */
export function forwardingFee(amountToForwardMsat: number, feeBaseMsat: number, feeProportionalMillionths: number): number {
  const product = amountToForwardMsat * feeProportionalMillionths;
  if (product <= Number.MAX_SAFE_INTEGER) return feeBaseMsat + (product - (product % 1_000_000)) / 1_000_000;
  const low = amountToForwardMsat % 1_000_000;
  const high = (amountToForwardMsat - low) / 1_000_000;
  const lowProduct = low * feeProportionalMillionths;
  return feeBaseMsat + high * feeProportionalMillionths + (lowProduct - (lowProduct % 1_000_000)) / 1_000_000;
}

/** The default fee limit shown before paying: 1% of the amount plus 5 sat. */
export function defaultMaxFeeMsat(amountMsat: bigint): bigint {
  return amountMsat / 100n + 5_000n;
}

/** BOLT 7 direction bit of forwarding from `source` to `target`: 0 when source has the lesser id. */
export function directionOf(source: NodeId, target: NodeId): Direction {
  return source < target ? 0 : 1;
}

const SCID_TEXT = /^(\d{1,8})x(\d{1,8})x(\d{1,5})$/;

/** Parses `BLOCKxTXxOUTPUT`; throws RangeError on anything else. */
export function parseScid(scid: Scid): ShortChannelId {
  const match = SCID_TEXT.exec(scid);
  if (match === null) throw new RangeError(`not a short channel id: ${scid}`);
  const value = { block: Number(match[1]), txIndex: Number(match[2]), outputIndex: Number(match[3]) };
  if (value.block >= 2 ** 24 || value.txIndex >= 2 ** 24 || value.outputIndex >= 2 ** 16) throw new RangeError(`short channel id out of range: ${scid}`);
  return value;
}

/** One channel of a chosen path, with the policy its sending node charges by (none for our own). */
export interface PathEdge {
  source: NodeId;
  target: NodeId;
  scid: Scid;
  kind: HopSource;
  /** Ignored for the first edge (our channel: no fee, no delta). */
  policy?: (FeePolicy & { cltvExpiryDelta: number }) | undefined;
  capacityMsat?: number | undefined;
}

/** Works out amounts, fees and CLTV expiries of a path (first edge: our channel) delivering amountMsat. */
export function buildRoute(path: readonly PathEdge[], amountMsat: bigint, finalCltvDelta: number, blockHeight: number, probability = 1): Route {
  if (path.length === 0) throw new RangeError('a route needs at least one channel');
  const hops: Hop[] = new Array<Hop>(path.length);
  let amount = amountMsat;
  let cltv = blockHeight + finalCltvDelta;
  let targetFee = 0n;
  let targetDelta = 0;
  for (let i = path.length - 1; i >= 0; i--) {
    const edge = path[i]!;
    hops[i] = {
      nodeId: edge.target,
      scid: edge.scid,
      shortChannelId: parseScid(edge.scid),
      direction: directionOf(edge.source, edge.target),
      source: edge.kind,
      amountMsat: amount,
      cltvExpiry: cltv,
      feeMsat: targetFee,
      cltvExpiryDelta: targetDelta,
      ...(edge.capacityMsat !== undefined ? { capacityMsat: BigInt(edge.capacityMsat) } : {}),
    };
    if (i === 0) break;
    const policy = edge.policy;
    if (policy === undefined) throw new RangeError(`channel ${edge.scid} of the path has no policy`);
    targetFee = forwardingFeeMsat(amount, policy);
    targetDelta = policy.cltvExpiryDelta;
    amount += targetFee;
    cltv += targetDelta;
  }
  return {
    hops,
    amountMsat,
    totalAmountMsat: amount,
    feeMsat: amount - amountMsat,
    cltvExpiry: cltv,
    totalCltvDelta: cltv - blockHeight,
    probability,
  };
}
