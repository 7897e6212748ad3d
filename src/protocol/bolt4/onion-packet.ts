/** onion_routing_packet layout (BOLT 4 "Packet Structure"). */
export const ONION_VERSION = 0;
export const HOP_PAYLOADS_LENGTH = 1300;
export const HMAC_LENGTH = 32;
const PUBLIC_KEY_LENGTH = 33;
export const ONION_PACKET_LENGTH = 1 + PUBLIC_KEY_LENGTH + HOP_PAYLOADS_LENGTH + HMAC_LENGTH;

export const PUBLIC_KEY_OFFSET = 1;
export const HOP_PAYLOADS_OFFSET = PUBLIC_KEY_OFFSET + PUBLIC_KEY_LENGTH;
export const HMAC_OFFSET = HOP_PAYLOADS_OFFSET + HOP_PAYLOADS_LENGTH;

export function serializeOnion(ephemeralPublicKey: Uint8Array, hopPayloads: Uint8Array, hmac: Uint8Array): Uint8Array {
  const onion = new Uint8Array(ONION_PACKET_LENGTH);
  onion[0] = ONION_VERSION;
  onion.set(ephemeralPublicKey, PUBLIC_KEY_OFFSET);
  onion.set(hopPayloads, HOP_PAYLOADS_OFFSET);
  onion.set(hmac, HMAC_OFFSET);
  return onion;
}
