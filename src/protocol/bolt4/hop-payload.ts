import { fixedBytes, point, restBytes, shortChannelId, struct, tu32, tu64 } from '../codec/codec.ts';
import { decodeTlvStream, encodeTlvStream, tlv, type TlvValues } from '../codec/tlv.ts';

/** BOLT 4 `payload` (tlv_payload): the per-hop instructions inside the onion. */
export const hopPayloadSchema = {
  amtToForward: tlv(2, tu64),
  outgoingCltvValue: tlv(4, tu32),
  shortChannelId: tlv(6, shortChannelId),
  paymentData: tlv(8, struct({ paymentSecret: fixedBytes(32, 'payment_secret'), totalMsat: tu64 })),
  encryptedRecipientData: tlv(10, restBytes),
  currentPathKey: tlv(12, point),
  paymentMetadata: tlv(16, restBytes),
  totalAmountMsat: tlv(18, tu64),
};

export type HopPayload = TlvValues<typeof hopPayloadSchema>;

/** Decodes a hop payload (the TLV stream, without its BigSize length prefix); unknown odd records are kept. */
export function decodeHopPayload(bytes: Uint8Array): HopPayload {
  return decodeTlvStream(hopPayloadSchema, bytes);
}

export function encodeHopPayload(payload: HopPayload): Uint8Array {
  return encodeTlvStream(hopPayloadSchema, payload);
}
