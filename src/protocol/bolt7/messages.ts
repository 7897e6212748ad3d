/**
 * BOLT 7 gossip messages, each defined once for both directions. Field names are the spec's.
 *
 * Variable-length contents (`features`, `addresses`, `encoded_short_ids`, encoded arrays in
 * TLVs) are kept as raw bytes: decoding then re-encoding gives back exactly the bytes that
 * were signed, which the signature checks in signatures.ts rely on. Parse them with
 * `FeatureVector.fromBytes` and `decodeShortChannelIds` when needed.
 */
import { bigSize } from '../codec/bigsize.ts';
import {
  bytes16,
  chainHash,
  channelId,
  fixedBytes,
  point,
  restBytes,
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

export const announcementSignatures = defineMessage(259, 'announcement_signatures', {
  channel_id: channelId,
  short_channel_id: shortChannelId,
  node_signature: signature,
  bitcoin_signature: signature,
});

export const channelAnnouncement = defineMessage(256, 'channel_announcement', {
  node_signature_1: signature,
  node_signature_2: signature,
  bitcoin_signature_1: signature,
  bitcoin_signature_2: signature,
  features: bytes16,
  chain_hash: chainHash,
  short_channel_id: shortChannelId,
  node_id_1: point,
  node_id_2: point,
  bitcoin_key_1: point,
  bitcoin_key_2: point,
});

export const nodeAnnouncement = defineMessage(257, 'node_announcement', {
  signature,
  features: bytes16,
  timestamp: u32,
  node_id: point,
  rgb_color: fixedBytes(3, 'rgb_color'),
  alias: fixedBytes(32, 'alias'),
  addresses: bytes16,
});

export const channelUpdate = defineMessage(258, 'channel_update', {
  signature,
  chain_hash: chainHash,
  short_channel_id: shortChannelId,
  timestamp: u32,
  message_flags: u8,
  channel_flags: u8,
  cltv_expiry_delta: u16,
  htlc_minimum_msat: u64,
  fee_base_msat: u32,
  fee_proportional_millionths: u32,
  htlc_maximum_msat: u64,
});

/** channel_update `channel_flags` bits. */
export const CHANNEL_FLAG_DIRECTION = 1;
export const CHANNEL_FLAG_DISABLE = 2;
/** channel_update `message_flags` bits. */
export const MESSAGE_FLAG_MUST_BE_ONE = 1;
export const MESSAGE_FLAG_DONT_FORWARD = 2;

export const queryShortChannelIds = defineMessage(
  261,
  'query_short_channel_ids',
  { chain_hash: chainHash, encoded_short_ids: bytes16 },
  { query_flags: tlv(1, struct({ encoding_type: u8, encoded_query_flags: restBytes })) },
);

export const replyShortChannelIdsEnd = defineMessage(262, 'reply_short_channel_ids_end', {
  chain_hash: chainHash,
  full_information: u8,
});

/** query_channel_range `query_option_flags` bits. */
export const QUERY_OPTION_WANT_TIMESTAMPS = 1n;
export const QUERY_OPTION_WANT_CHECKSUMS = 2n;

export const queryChannelRange = defineMessage(
  263,
  'query_channel_range',
  { chain_hash: chainHash, first_blocknum: u32, number_of_blocks: u32 },
  { query_option: tlv(1, bigSize) },
);

export const replyChannelRange = defineMessage(
  264,
  'reply_channel_range',
  { chain_hash: chainHash, first_blocknum: u32, number_of_blocks: u32, sync_complete: u8, encoded_short_ids: bytes16 },
  {
    timestamps_tlv: tlv(1, struct({ encoding_type: u8, encoded_timestamps: restBytes })),
    /** `checksums`: raw `channel_update_checksums` entries (two u32 each). */
    checksums_tlv: tlv(3, restBytes),
  },
);

export const gossipTimestampFilter = defineMessage(265, 'gossip_timestamp_filter', {
  chain_hash: chainHash,
  first_timestamp: u32,
  timestamp_range: u32,
});

export const bolt7Messages = [
  channelAnnouncement,
  nodeAnnouncement,
  channelUpdate,
  announcementSignatures,
  queryShortChannelIds,
  replyShortChannelIdsEnd,
  queryChannelRange,
  replyChannelRange,
  gossipTimestampFilter,
] as const;

export type ChannelAnnouncement = DecodedOf<typeof channelAnnouncement>;
export type NodeAnnouncement = DecodedOf<typeof nodeAnnouncement>;
export type ChannelUpdate = DecodedOf<typeof channelUpdate>;
export type QueryShortChannelIds = DecodedOf<typeof queryShortChannelIds>;
export type ReplyShortChannelIdsEnd = DecodedOf<typeof replyShortChannelIdsEnd>;
export type QueryChannelRange = DecodedOf<typeof queryChannelRange>;
export type ReplyChannelRange = DecodedOf<typeof replyChannelRange>;
