/**
 * Route hints for our invoices. Our channels are unannounced, so a payer only finds us through the
 * hints: for each channel that can take a payment, the peer's node id, the short channel id the
 * peer forwards to us on, and the peer's forwarding policy for that channel, which the peer sends us
 * (and nobody else) as a channel_update signed with its node key.
 */
import type { RouteHint } from '../../protocol/bolt11/index.ts';
import { CHANNEL_FLAG_DISABLE, type ChannelUpdate } from '../../protocol/bolt7/messages.ts';
import { verifyChannelUpdate } from '../../protocol/bolt7/signatures.ts';
import { equal, fromHex } from '../../protocol/codec/bytes.ts';
import type { ShortChannelId } from '../../protocol/codec/codec.ts';
import { put, type StoreValue, type Write } from '../storage/store.ts';

/** The peer's forwarding policy towards us on one channel, from its latest channel_update. */
export type PeerPolicy = {
  /** channel_update timestamp (the peer's clock, seconds): only a newer update replaces it. */
  readonly timestamp: number;
  readonly feeBaseMsat: number;
  readonly feeProportionalMillionths: number;
  readonly cltvExpiryDelta: number;
  readonly htlcMinimumMsat: bigint;
  readonly htlcMaximumMsat: bigint;
  readonly disabled: boolean;
};

/**
 * Used until the peer's channel_update arrives: at or above the default policies of LDK, CLN, LND
 * and eclair, so the peer forwards the payment; a payer overpays the peer a little at worst.
 */
export const DEFAULT_PEER_POLICY: PeerPolicy = {
  timestamp: 0,
  feeBaseMsat: 1000,
  feeProportionalMillionths: 1000,
  cltvExpiryDelta: 144,
  htlcMinimumMsat: 1n,
  htlcMaximumMsat: 0xffffffffffffffffn,
  disabled: false,
};

/** Most `r` fields an invoice carries: each adds ~60 bytes to the QR code. */
export const MAX_ROUTE_HINTS = 6;

export const PEER_POLICY_PREFIX = 'peer-policy:';

export function peerPolicyWrite(channelKey: string, policy: PeerPolicy): Write {
  return put('payments', PEER_POLICY_PREFIX + channelKey, policy as unknown as StoreValue);
}

export function parsePeerPolicy(value: StoreValue): PeerPolicy | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return undefined;
  const v = value as Record<string, StoreValue>;
  const numbers = [v.timestamp, v.feeBaseMsat, v.feeProportionalMillionths, v.cltvExpiryDelta].every((n) => typeof n === 'number');
  if (!numbers || typeof v.htlcMinimumMsat !== 'bigint' || typeof v.htlcMaximumMsat !== 'bigint' || typeof v.disabled !== 'boolean') return undefined;
  return v as unknown as PeerPolicy;
}

/**
 * The policy a channel_update from our peer sets for our channel with it, or undefined when it must
 * be ignored: another chain, not signed by that peer, or not newer than what we have.
 */
export function policyFromPeerUpdate(update: ChannelUpdate, peerNodeId: string, chainHash: Uint8Array, current: PeerPolicy | undefined): PeerPolicy | undefined {
  if (!equal(update.chain_hash, chainHash)) return undefined;
  if (current && update.timestamp <= current.timestamp) return undefined;
  if (!verifyChannelUpdate(update, fromHex(peerNodeId))) return undefined;
  return {
    timestamp: update.timestamp,
    feeBaseMsat: update.fee_base_msat,
    feeProportionalMillionths: update.fee_proportional_millionths,
    cltvExpiryDelta: update.cltv_expiry_delta,
    htlcMinimumMsat: update.htlc_minimum_msat,
    htlcMaximumMsat: update.htlc_maximum_msat,
    disabled: (update.channel_flags & CHANNEL_FLAG_DISABLE) !== 0,
  };
}

/** A channel of ours as far as hints go. */
export interface HintChannel {
  peer: string;
  /** What the peer forwards to us on: the alias it gave us (option_scid_alias), else the real scid. */
  scid: ShortChannelId;
  canReceiveMsat: bigint;
  peerConnected: boolean;
  /** The peer's policy from its channel_update; the defaults until one arrived. */
  policy: PeerPolicy | undefined;
}

/**
 * One single-hop hint per channel that can receive: channels with a connected peer first (all of
 * them if none is connected, as the peer is likely back by the time someone pays), the most inbound
 * liquidity first. Channels that cannot take even part of `amountMsat` (its htlc_minimum is above
 * it) are left out; smaller channels stay in, for multi-part payments. The update's disable bit
 * is not trusted: peers set it while we are offline and may not send a fresh update when we are back.
 */
export function routeHintsFor(channels: readonly HintChannel[], amountMsat: bigint | null): RouteHint[] {
  const usable = channels.filter((c) => {
    const policy = c.policy ?? DEFAULT_PEER_POLICY;
    if (c.canReceiveMsat <= 0n || c.canReceiveMsat < policy.htlcMinimumMsat) return false;
    return amountMsat === null || policy.htlcMinimumMsat <= amountMsat;
  });
  const connected = usable.filter((c) => c.peerConnected);
  const chosen = (connected.length > 0 ? connected : usable).sort((a, b) => (a.canReceiveMsat === b.canReceiveMsat ? 0 : a.canReceiveMsat > b.canReceiveMsat ? -1 : 1));
  return chosen.slice(0, MAX_ROUTE_HINTS).map((c) => {
    const policy = c.policy ?? DEFAULT_PEER_POLICY;
    return [
      {
        pubkey: fromHex(c.peer),
        shortChannelId: c.scid,
        feeBaseMsat: policy.feeBaseMsat,
        feeProportionalMillionths: policy.feeProportionalMillionths,
        cltvExpiryDelta: policy.cltvExpiryDelta,
      },
    ];
  });
}
