import { bigSizeLength, writeBigSize } from '../codec/bigsize.ts';
import { concat, xor } from '../codec/bytes.ts';
import { Writer } from '../codec/writer.ts';
import { chachaStream, hmacSha256 } from '../crypto/index.ts';
import { deriveOnionKey, sphinxKeySchedule } from './keys.ts';
import { HMAC_LENGTH, HOP_PAYLOADS_LENGTH, serializeOnion } from './onion-packet.ts';

export interface OnionHop {
  nodeId: Uint8Array;
  /** The hop's TLV payload (e.g. from encodeHopPayload), without the BigSize length prefix. */
  payload: Uint8Array;
}

/** What the sender keeps per hop to decrypt a returned failure. */
export interface HopSecret {
  nodeId: Uint8Array;
  sharedSecret: Uint8Array;
}

export interface CreatedOnion {
  /** The 1366-byte onion_routing_packet for the first hop. */
  onion: Uint8Array;
  hopSecrets: HopSecret[];
}

/** Bytes a hop's entry takes in hop_payloads: BigSize length, payload, HMAC. */
function shiftSize(payload: Uint8Array): number {
  return bigSizeLength(payload.length) + payload.length + HMAC_LENGTH;
}

/**
 * The tail every hop but the first appends when it shifts hop_payloads left, pre-computed so the
 * sender's HMACs cover exactly the bytes each hop will see.
 */
function generateFiller(hops: readonly OnionHop[], sharedSecrets: readonly Uint8Array[]): Uint8Array {
  let filler: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < hops.length - 1; i++) {
    const shift = shiftSize(hops[i]!.payload);
    filler = concat(filler, new Uint8Array(shift));
    const stream = chachaStream(deriveOnionKey('rho', sharedSecrets[i]!), HOP_PAYLOADS_LENGTH + shift);
    filler = xor(filler, stream.subarray(stream.length - filler.length));
  }
  return filler;
}

/**
 * Sphinx construction (BOLT 4 "Packet Construction"). The session key must be fresh randomness
 * from the caller; the associated data is the payment hash for payments.
 */
export function createOnion(sessionKey: Uint8Array, hops: readonly OnionHop[], associatedData: Uint8Array): CreatedOnion {
  if (hops.length === 0) throw new RangeError('an onion needs at least one hop');
  for (const [i, hop] of hops.entries()) {
    if (hop.payload.length < 2) throw new RangeError(`hop ${i}: payload lengths 0 and 1 are reserved`);
  }
  const total = hops.reduce((sum, hop) => sum + shiftSize(hop.payload), 0);
  if (total > HOP_PAYLOADS_LENGTH) throw new RangeError(`hop payloads need ${total} bytes; the onion holds ${HOP_PAYLOADS_LENGTH}`);

  const keys = sphinxKeySchedule(sessionKey, hops.map((h) => h.nodeId));
  const sharedSecrets = keys.map((k) => k.sharedSecret);
  const filler = generateFiller(hops, sharedSecrets);

  let hopPayloads = chachaStream(deriveOnionKey('pad', sessionKey), HOP_PAYLOADS_LENGTH);
  let hmac: Uint8Array = new Uint8Array(HMAC_LENGTH);
  for (let i = hops.length - 1; i >= 0; i--) {
    const payload = hops[i]!.payload;
    const entry = writeBigSize(new Writer(), payload.length).bytes(payload).bytes(hmac).finish();
    const shifted = concat(entry, hopPayloads.subarray(0, HOP_PAYLOADS_LENGTH - entry.length));
    hopPayloads = xor(shifted, chachaStream(deriveOnionKey('rho', sharedSecrets[i]!), HOP_PAYLOADS_LENGTH));
    if (i === hops.length - 1) hopPayloads.set(filler, HOP_PAYLOADS_LENGTH - filler.length);
    hmac = hmacSha256(deriveOnionKey('mu', sharedSecrets[i]!), concat(hopPayloads, associatedData));
  }

  return {
    onion: serializeOnion(keys[0]!.ephemeralPublicKey, hopPayloads, hmac),
    hopSecrets: hops.map((hop, i) => ({ nodeId: hop.nodeId, sharedSecret: sharedSecrets[i]! })),
  };
}
