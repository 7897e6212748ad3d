import { concat, equal, xor } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { Writer } from '../codec/writer.ts';
import { chachaStream, hmacSha256 } from '../crypto/index.ts';
import type { HopSecret } from './create-onion.ts';
import { decodeFailureMessage, encodeFailureMessage, type FailureMessage } from './failure-messages.ts';
import { deriveOnionKey } from './keys.ts';
import { HMAC_LENGTH } from './onion-packet.ts';

/** BOLT 4: failure_len + pad_len must be at least this, and should be exactly this. */
export const MIN_PADDED_FAILURE_LENGTH = 256;

/**
 * XORs a failure packet with the hop's `ammag` stream. The failing node does it once, each
 * node on the way back once more, and the origin undoes one layer per hop with the same call.
 */
export function obfuscateFailurePacket(sharedSecret: Uint8Array, packet: Uint8Array): Uint8Array {
  return applyAmmag(deriveOnionKey('ammag', sharedSecret), packet);
}

function applyAmmag(ammagKey: Uint8Array, packet: Uint8Array): Uint8Array {
  return xor(packet, chachaStream(ammagKey, packet.length));
}

/**
 * The return packet a failing node sends back (the `reason` of update_fail_htlc):
 * HMAC(um) || u16 failure_len || failuremsg || u16 pad_len || zero pad, then obfuscated.
 * `paddedLength` is failure_len + pad_len (a longer message is not padded).
 */
export function createFailurePacket(sharedSecret: Uint8Array, failure: FailureMessage, paddedLength = MIN_PADDED_FAILURE_LENGTH): Uint8Array {
  if (paddedLength < MIN_PADDED_FAILURE_LENGTH) throw new RangeError(`failure packets are padded to at least ${MIN_PADDED_FAILURE_LENGTH} bytes`);
  const message = encodeFailureMessage(failure);
  const padLength = Math.max(0, paddedLength - message.length);
  if (HMAC_LENGTH + 4 + message.length + padLength > 0xffff) throw new RangeError('failure packet does not fit in update_fail_htlc');
  const body = new Writer(4 + message.length + padLength)
    .u16(message.length)
    .bytes(message)
    .u16(padLength)
    .bytes(new Uint8Array(padLength))
    .finish();
  const hmac = hmacSha256(deriveOnionKey('um', sharedSecret), body);
  return obfuscateFailurePacket(sharedSecret, concat(hmac, body));
}

/** The origin's reading of a returned failure packet. */
export type DecryptedFailure =
  | { type: 'failure'; hopIndex: number; nodeId: Uint8Array; failure: FailureMessage }
  /** The hop authenticated the packet, but its contents do not decode: the hop is still the one to blame. */
  | { type: 'undecodable_failure'; hopIndex: number; nodeId: Uint8Array; failureCode: number | undefined; error: DecodeError }
  /** No hop's HMAC matched: the packet was corrupted on the way, so no single hop can be blamed. */
  | { type: 'unreadable'; reason: string };

/**
 * BOLT 4 asks the origin to keep decrypting to a fixed 27 rounds with constant keys, so the timing
 * of its retries does not reveal at which position the failure was found.
 */
const DECRYPTION_ROUNDS = 27;
const DUMMY_SECRET = new Uint8Array(32);
const DUMMY_KEYS = { ammag: deriveOnionKey('ammag', DUMMY_SECRET), um: deriveOnionKey('um', DUMMY_SECRET) };

function readFailureBody(hopIndex: number, nodeId: Uint8Array, body: Uint8Array): DecryptedFailure {
  let message: Uint8Array;
  try {
    const r = new Reader(body);
    message = r.bytes(r.u16('failure_len'), 'failuremsg');
    r.bytes(r.u16('pad_len'), 'pad');
    r.expectEnd('failure packet');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { type: 'undecodable_failure', hopIndex, nodeId, failureCode: undefined, error: e };
  }
  try {
    return { type: 'failure', hopIndex, nodeId, failure: decodeFailureMessage(message) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const failureCode = message.length >= 2 ? (message[0]! << 8) | message[1]! : undefined;
    return { type: 'undecodable_failure', hopIndex, nodeId, failureCode, error: e };
  }
}

/**
 * Peels a failure packet at the origin with the hops' shared secrets (from createOnion): the first
 * hop whose `um` HMAC matches is the one that failed. Never throws on bad input.
 */
export function decryptFailure(hops: readonly HopSecret[], packet: Uint8Array): DecryptedFailure {
  if (packet.length < HMAC_LENGTH) return { type: 'unreadable', reason: `failure packet of ${packet.length} bytes is shorter than its HMAC` };
  let found: DecryptedFailure | undefined;
  let current = packet;
  for (let i = 0; i < Math.max(hops.length, DECRYPTION_ROUNDS); i++) {
    const hop = hops[i];
    const keys = hop ? { ammag: deriveOnionKey('ammag', hop.sharedSecret), um: deriveOnionKey('um', hop.sharedSecret) } : DUMMY_KEYS;
    current = applyAmmag(keys.ammag, current);
    const body = current.subarray(HMAC_LENGTH);
    const authentic = equal(hmacSha256(keys.um, body), current.subarray(0, HMAC_LENGTH));
    if (authentic && hop && !found) found = readFailureBody(i, hop.nodeId, body);
  }
  return found ?? { type: 'unreadable', reason: 'no hop on the route authenticated the failure packet' };
}
