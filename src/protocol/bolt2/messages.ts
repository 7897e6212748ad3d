/** BOLT 2 channel messages, each defined once for both directions. Field names are the spec's. */
import {
  array16,
  bytes16,
  bytes32,
  chainHash,
  channelId,
  fixedBytes,
  point,
  restBytes,
  sha256Field,
  shortChannelId,
  signature,
  struct,
  u16,
  u32,
  u64,
  u8,
} from '../codec/codec.ts';
import { defineMessage, type DecodedOf } from '../codec/message.ts';
import { tlv } from '../codec/tlv.ts';

/** Size of the onion in update_add_htlc (BOLT 4). */
export const ONION_PACKET_SIZE = 1366;

const basepoints = {
  funding_pubkey: point,
  revocation_basepoint: point,
  payment_basepoint: point,
  delayed_payment_basepoint: point,
  htlc_basepoint: point,
  first_per_commitment_point: point,
};

const openTlvs = { upfront_shutdown_script: tlv(0, restBytes), channel_type: tlv(1, restBytes) };

export const openChannel = defineMessage(
  32,
  'open_channel',
  {
    chain_hash: chainHash,
    temporary_channel_id: channelId,
    funding_satoshis: u64,
    push_msat: u64,
    dust_limit_satoshis: u64,
    max_htlc_value_in_flight_msat: u64,
    channel_reserve_satoshis: u64,
    htlc_minimum_msat: u64,
    feerate_per_kw: u32,
    to_self_delay: u16,
    max_accepted_htlcs: u16,
    ...basepoints,
    channel_flags: u8,
  },
  openTlvs,
);

export const acceptChannel = defineMessage(
  33,
  'accept_channel',
  {
    temporary_channel_id: channelId,
    dust_limit_satoshis: u64,
    max_htlc_value_in_flight_msat: u64,
    channel_reserve_satoshis: u64,
    htlc_minimum_msat: u64,
    minimum_depth: u32,
    to_self_delay: u16,
    max_accepted_htlcs: u16,
    ...basepoints,
  },
  openTlvs,
);

export const fundingCreated = defineMessage(34, 'funding_created', {
  temporary_channel_id: channelId,
  funding_txid: fixedBytes(32, 'funding_txid'),
  funding_output_index: u16,
  signature,
});

export const fundingSigned = defineMessage(35, 'funding_signed', { channel_id: channelId, signature });

export const channelReady = defineMessage(
  36,
  'channel_ready',
  { channel_id: channelId, second_per_commitment_point: point },
  { short_channel_id: tlv(1, shortChannelId) },
);

export const shutdown = defineMessage(38, 'shutdown', { channel_id: channelId, scriptpubkey: bytes16 });

export const closingSigned = defineMessage(
  39,
  'closing_signed',
  { channel_id: channelId, fee_satoshis: u64, signature },
  { fee_range: tlv(1, struct({ min_fee_satoshis: u64, max_fee_satoshis: u64 })) },
);

export const updateAddHtlc = defineMessage(
  128,
  'update_add_htlc',
  {
    channel_id: channelId,
    id: u64,
    amount_msat: u64,
    payment_hash: sha256Field,
    cltv_expiry: u32,
    onion_routing_packet: fixedBytes(ONION_PACKET_SIZE, 'onion_routing_packet'),
  },
  /** `blinded_path`: its one field, `path_key`, a point. */
  { blinded_path: tlv(0, point) },
);

export const updateFulfillHtlc = defineMessage(130, 'update_fulfill_htlc', {
  channel_id: channelId,
  id: u64,
  payment_preimage: bytes32,
});

export const updateFailHtlc = defineMessage(131, 'update_fail_htlc', { channel_id: channelId, id: u64, reason: bytes16 });

export const updateFailMalformedHtlc = defineMessage(135, 'update_fail_malformed_htlc', {
  channel_id: channelId,
  id: u64,
  sha256_of_onion: sha256Field,
  failure_code: u16,
});

export const commitmentSigned = defineMessage(132, 'commitment_signed', {
  channel_id: channelId,
  signature,
  htlc_signature: array16(signature),
});

export const revokeAndAck = defineMessage(133, 'revoke_and_ack', {
  channel_id: channelId,
  per_commitment_secret: bytes32,
  next_per_commitment_point: point,
});

export const updateFee = defineMessage(134, 'update_fee', { channel_id: channelId, feerate_per_kw: u32 });

export const channelReestablish = defineMessage(136, 'channel_reestablish', {
  channel_id: channelId,
  next_commitment_number: u64,
  next_revocation_number: u64,
  your_last_per_commitment_secret: bytes32,
  my_current_per_commitment_point: point,
});

export const bolt2Messages = [
  openChannel,
  acceptChannel,
  fundingCreated,
  fundingSigned,
  channelReady,
  shutdown,
  closingSigned,
  updateAddHtlc,
  updateFulfillHtlc,
  updateFailHtlc,
  updateFailMalformedHtlc,
  commitmentSigned,
  revokeAndAck,
  updateFee,
  channelReestablish,
] as const;

export type OpenChannel = DecodedOf<typeof openChannel>;
export type AcceptChannel = DecodedOf<typeof acceptChannel>;
export type CommitmentSigned = DecodedOf<typeof commitmentSigned>;
export type RevokeAndAck = DecodedOf<typeof revokeAndAck>;
export type ChannelReestablish = DecodedOf<typeof channelReestablish>;
export type ClosingSigned = DecodedOf<typeof closingSigned>;

/** channel_id from the funding outpoint: the txid (internal order) XOR the output index in its last two bytes. */
export function channelIdFromFunding(fundingTxid: Uint8Array, outputIndex: number): Uint8Array {
  if (fundingTxid.length !== 32) throw new RangeError('funding txid must be 32 bytes');
  const id = fundingTxid.slice();
  id[30]! ^= (outputIndex >>> 8) & 0xff;
  id[31]! ^= outputIndex & 0xff;
  return id;
}
