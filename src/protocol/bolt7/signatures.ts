/**
 * Gossip signatures (BOLT 7). Each signature is over the double-SHA256 of the encoded
 * message from just after its signature field(s) to the end, including any TLV extension:
 * in the framed message (2-byte type first) that is offset 66 for channel_update and
 * node_announcement (type + one signature) and offset 258 for channel_announcement
 * (type + four signatures, the spec's "offset 256" of the payload).
 *
 * Decoded messages re-encode to exactly their wire bytes (all variable parts are kept raw,
 * unknown odd TLVs verbatim), so the signed bytes are rebuilt from the decoded message.
 *
 * BOLT 7 notes that anyone relaying a message can replace `s` with `-s`; such a signature
 * is still the signer's, so high-S signatures are accepted.
 */
import { doubleSha256, verifyCompactAnyS } from '../crypto/index.ts';
import {
  channelAnnouncement,
  channelUpdate,
  nodeAnnouncement,
  CHANNEL_FLAG_DIRECTION,
  type ChannelAnnouncement,
  type ChannelUpdate,
  type NodeAnnouncement,
} from './messages.ts';

const TYPE_LENGTH = 2;
const SIGNATURE_LENGTH = 64;

/** The bytes a channel_update's `signature` signs. */
export function channelUpdateSignedBytes(msg: ChannelUpdate): Uint8Array {
  return channelUpdate.encode(msg).slice(TYPE_LENGTH + SIGNATURE_LENGTH);
}

/** The bytes all four channel_announcement signatures sign. */
export function channelAnnouncementSignedBytes(msg: ChannelAnnouncement): Uint8Array {
  return channelAnnouncement.encode(msg).slice(TYPE_LENGTH + 4 * SIGNATURE_LENGTH);
}

/** The bytes a node_announcement's `signature` signs. */
export function nodeAnnouncementSignedBytes(msg: NodeAnnouncement): Uint8Array {
  return nodeAnnouncement.encode(msg).slice(TYPE_LENGTH + SIGNATURE_LENGTH);
}

/** The digest gossip signatures are made over. */
export function gossipDigest(signedBytes: Uint8Array): Uint8Array {
  return doubleSha256(signedBytes);
}

/** Checks a channel_update against the node_id of the end it comes from (see `channelUpdateNodeId`). */
export function verifyChannelUpdate(msg: ChannelUpdate, nodeId: Uint8Array): boolean {
  return verifyCompactAnyS(msg.signature, gossipDigest(channelUpdateSignedBytes(msg)), nodeId);
}

/** Checks all four signatures: node_id_1, node_id_2, bitcoin_key_1, bitcoin_key_2. */
export function verifyChannelAnnouncement(msg: ChannelAnnouncement): boolean {
  const digest = gossipDigest(channelAnnouncementSignedBytes(msg));
  return (
    verifyCompactAnyS(msg.node_signature_1, digest, msg.node_id_1) &&
    verifyCompactAnyS(msg.node_signature_2, digest, msg.node_id_2) &&
    verifyCompactAnyS(msg.bitcoin_signature_1, digest, msg.bitcoin_key_1) &&
    verifyCompactAnyS(msg.bitcoin_signature_2, digest, msg.bitcoin_key_2)
  );
}

/** Checks a node_announcement against its own node_id. */
export function verifyNodeAnnouncement(msg: NodeAnnouncement): boolean {
  return verifyCompactAnyS(msg.signature, gossipDigest(nodeAnnouncementSignedBytes(msg)), msg.node_id);
}

/** The key that must have signed `update`: node_id_1 if its direction bit is 0, else node_id_2. */
export function channelUpdateNodeId(announcement: ChannelAnnouncement, update: ChannelUpdate): Uint8Array {
  return update.channel_flags & CHANNEL_FLAG_DIRECTION ? announcement.node_id_2 : announcement.node_id_1;
}

