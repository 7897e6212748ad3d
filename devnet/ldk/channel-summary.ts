/** JSON views of LDK channel and balance state for the admin API. */
import { hashToDisplay, toHex } from '../chain/bytes.ts';
import { formatScid } from './gossip.ts';
import { ldk } from './ldk.ts';

export interface ChannelSummary {
  channelId: string;
  counterparty: string;
  fundingTxid: string | null;
  fundingVout: number | null;
  /** `block x tx x output`, once confirmed. */
  scid: string | null;
  /** The alias our counterparty knows the channel by (usable before confirmation, e.g. zero-conf). */
  outboundScidAlias: string | null;
  /** The alias our counterparty gave us for it. */
  inboundScidAlias: string | null;
  capacitySat: number;
  /** Our balance, pending HTLCs excluded. */
  localBalanceMsat: number;
  remoteBalanceMsat: number;
  /** What we can send / receive now (reserves and pending HTLCs excluded). */
  outboundCapacityMsat: number;
  inboundCapacityMsat: number;
  isOutbound: boolean;
  isChannelReady: boolean;
  isUsable: boolean;
  isPublic: boolean;
  confirmations: number | null;
  confirmationsRequired: number | null;
}

/** (The bindings return booleans as 0/1, hence the Boolean() calls.) */
export function summariseChannel(details: ldk.ChannelDetails): ChannelSummary {
  const funding = details.get_funding_txo();
  const counterparty = details.get_counterparty();
  const outbound = Number(details.get_outbound_capacity_msat());
  const inbound = Number(details.get_inbound_capacity_msat());
  return {
    channelId: toHex(details.get_channel_id().get_a()),
    counterparty: toHex(counterparty.get_node_id()),
    fundingTxid: funding ? hashToDisplay(funding.get_txid()) : null,
    fundingVout: funding ? funding.get_index() : null,
    scid: optionalScid(details.get_short_channel_id()),
    outboundScidAlias: optionalScid(details.get_outbound_scid_alias()),
    inboundScidAlias: optionalScid(details.get_inbound_scid_alias()),
    capacitySat: Number(details.get_channel_value_satoshis()),
    localBalanceMsat: outbound + Number(optionalU64(details.get_unspendable_punishment_reserve()) ?? 0n) * 1000,
    remoteBalanceMsat: inbound + Number(counterparty.get_unspendable_punishment_reserve()) * 1000,
    outboundCapacityMsat: outbound,
    inboundCapacityMsat: inbound,
    isOutbound: Boolean(details.get_is_outbound()),
    isChannelReady: Boolean(details.get_is_channel_ready()),
    isUsable: Boolean(details.get_is_usable()),
    isPublic: Boolean(details.get_is_announced()),
    confirmations: optionalU32(details.get_confirmations()),
    confirmationsRequired: optionalU32(details.get_confirmations_required()),
  };
}

export function optionalU64(option: ldk.Option_u64Z): bigint | null {
  return option instanceof ldk.Option_u64Z_Some ? option.some : null;
}

function optionalU32(option: ldk.Option_u32Z): number | null {
  return option instanceof ldk.Option_u32Z_Some ? option.some : null;
}

function optionalScid(option: ldk.Option_u64Z): string | null {
  const scid = optionalU64(option);
  return scid === null ? null : formatScid(scid);
}
