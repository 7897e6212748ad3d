export { createOnion, type CreatedOnion, type HopSecret, type OnionHop } from './create-onion.ts';
export { onionSharedSecret, peelOnion, peelOnionWithSharedSecret, type PeeledOnion } from './peel-onion.ts';
export { OnionFailureError } from './onion-failure-error.ts';
export { HOP_PAYLOADS_LENGTH, ONION_PACKET_LENGTH } from './onion-packet.ts';
export { decodeHopPayload, encodeHopPayload, hopPayloadSchema, type HopPayload } from './hop-payload.ts';
export { validateFinalHopPayload, type FinalHopPayload, type IncomingHtlc } from './final-hop.ts';
export {
  BADONION,
  NODE,
  PERM,
  UPDATE,
  decodeFailureMessage,
  encodeFailureMessage,
  failureCode,
  failureFlags,
  failureMessageDefs,
  type FailureFlags,
  type FailureMessage,
  type FailureName,
  type KnownFailure,
  type PayloadLocation,
  type UnknownFailure,
} from './failure-messages.ts';
export { MIN_PADDED_FAILURE_LENGTH, createFailurePacket, decryptFailure, obfuscateFailurePacket, type DecryptedFailure } from './failure-packet.ts';
export { deriveOnionKey, sphinxKeySchedule, type HopKeys, type OnionKeyType } from './keys.ts';
