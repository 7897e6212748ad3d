import { readBigSize } from '../codec/bigsize.ts';
import { concat, equal, xor } from '../codec/bytes.ts';
import { isValidPoint } from '../codec/codec.ts';
import { DecodeError, fail, type DecodeErrorCode } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { chachaStream, ecdh, hmacSha256, isValidSecretKey, sha256 } from '../crypto/index.ts';
import { decodeHopPayload, type HopPayload } from './hop-payload.ts';
import { deriveOnionKey, nextEphemeralKey } from './keys.ts';
import { OnionFailureError } from './onion-failure-error.ts';
import {
  HMAC_LENGTH,
  HMAC_OFFSET,
  HOP_PAYLOADS_LENGTH,
  HOP_PAYLOADS_OFFSET,
  ONION_PACKET_LENGTH,
  ONION_VERSION,
  PUBLIC_KEY_OFFSET,
  serializeOnion,
} from './onion-packet.ts';

export type PeeledOnion =
  | { type: 'forward'; payload: HopPayload; sharedSecret: Uint8Array; nextOnion: Uint8Array }
  | { type: 'final'; payload: HopPayload; sharedSecret: Uint8Array };

function rejectOnion(
  failure: 'invalid_onion_version' | 'invalid_onion_key' | 'invalid_onion_hmac',
  code: DecodeErrorCode,
  message: string,
  onion: Uint8Array,
): never {
  throw new OnionFailureError(code, message, { type: failure, sha256OfOnion: sha256(onion), tlvs: {} });
}

/** Checks length, version and ephemeral key; returns the ephemeral key. */
function readOnionHeader(onion: Uint8Array): Uint8Array {
  if (onion.length !== ONION_PACKET_LENGTH) {
    fail(onion.length < ONION_PACKET_LENGTH ? 'truncated' : 'trailing_bytes', `onion must be ${ONION_PACKET_LENGTH} bytes, got ${onion.length}`);
  }
  if (onion[0] !== ONION_VERSION) rejectOnion('invalid_onion_version', 'bad_version', `unknown onion version ${onion[0]}`, onion);
  const ephemeralKey = onion.slice(PUBLIC_KEY_OFFSET, HOP_PAYLOADS_OFFSET);
  if (!isValidPoint(ephemeralKey)) rejectOnion('invalid_onion_key', 'invalid_point', 'onion ephemeral key is not a valid point', onion);
  return ephemeralKey;
}

/** The ECDH step of peeling, separate so a key store holding the node secret can do it alone. */
export function onionSharedSecret(nodeSecret: Uint8Array, onion: Uint8Array): Uint8Array {
  if (!isValidSecretKey(nodeSecret)) throw new RangeError('node secret is not a valid secp256k1 secret key');
  return ecdh(nodeSecret, readOnionHeader(onion));
}

/** Reads `length || payload || next_hmac` from the front of the decrypted hop_payloads. */
function readHopEntry(unwrapped: Uint8Array): { payload: HopPayload; nextHmac: Uint8Array; rest: Uint8Array } {
  const r = new Reader(unwrapped);
  const length = readBigSize(r, 'hop payload length');
  if (length < 2n) fail('invalid_value', `hop payload length ${length} is reserved`);
  const room = HOP_PAYLOADS_LENGTH - r.offset - HMAC_LENGTH;
  if (length > BigInt(room)) fail('invalid_value', `hop payload length ${length} leaves no room for its HMAC in the onion`);
  const payloadBytes = r.bytes(Number(length), 'hop payload');
  const nextHmac = r.bytes(HMAC_LENGTH, 'next hmac').slice();
  return { payload: decodeHopPayload(payloadBytes), nextHmac, rest: r.bytes(HOP_PAYLOADS_LENGTH, 'next hop payloads').slice() };
}

/** Onion decryption (BOLT 4 "Onion Decryption") given the shared secret; see peelOnion. */
export function peelOnionWithSharedSecret(sharedSecret: Uint8Array, onion: Uint8Array, associatedData: Uint8Array): PeeledOnion {
  const ephemeralKey = readOnionHeader(onion);
  const hopPayloads = onion.subarray(HOP_PAYLOADS_OFFSET, HMAC_OFFSET);
  const expectedHmac = hmacSha256(deriveOnionKey('mu', sharedSecret), concat(hopPayloads, associatedData));
  if (!equal(expectedHmac, onion.subarray(HMAC_OFFSET))) rejectOnion('invalid_onion_hmac', 'bad_mac', 'onion HMAC does not match', onion);

  // Decrypting hop_payloads followed by as many zero bytes yields this hop's entry, then the next hop's hop_payloads.
  const unwrapped = chachaStream(deriveOnionKey('rho', sharedSecret), 2 * HOP_PAYLOADS_LENGTH);
  unwrapped.set(xor(hopPayloads, unwrapped.subarray(0, HOP_PAYLOADS_LENGTH)));
  let entry: ReturnType<typeof readHopEntry>;
  try {
    entry = readHopEntry(unwrapped);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const failure = { type: 'invalid_onion_payload', location: undefined, tlvs: {} } as const;
    throw new OnionFailureError(e.code, `onion hop payload: ${e.message}`, failure, sharedSecret);
  }

  const { payload, nextHmac, rest } = entry;
  if (nextHmac.every((b) => b === 0)) return { type: 'final', payload, sharedSecret };
  const nextOnion = serializeOnion(nextEphemeralKey(ephemeralKey, sharedSecret), rest, nextHmac);
  return { type: 'forward', payload, sharedSecret, nextOnion };
}

/**
 * Peels one layer of an onion_routing_packet with this node's secret. Throws OnionFailureError
 * (carrying the failure to return) for a bad version, key, HMAC or hop payload.
 */
export function peelOnion(nodeSecret: Uint8Array, onion: Uint8Array, associatedData: Uint8Array): PeeledOnion {
  return peelOnionWithSharedSecret(onionSharedSecret(nodeSecret, onion), onion, associatedData);
}
