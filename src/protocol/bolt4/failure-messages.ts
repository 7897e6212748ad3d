import { readBigSize, writeBigSize } from '../codec/bigsize.ts';
import { bytes16, sha256Field, u16, u32, u64, type Codec } from '../codec/codec.ts';
import { defineMessage, type DecodedOf } from '../codec/message.ts';
import { Reader } from '../codec/reader.ts';
import { Writer } from '../codec/writer.ts';

/** Flags in the top byte of a failure code. */
export const BADONION = 0x8000; // unparsable onion encrypted by the sending peer
export const PERM = 0x4000; // permanent failure (otherwise transient)
export const NODE = 0x2000; // node failure (otherwise channel)
export const UPDATE = 0x1000; // channel forwarding parameter was violated

export interface FailureFlags {
  badOnion: boolean;
  permanent: boolean;
  node: boolean;
  update: boolean;
}

export function failureFlags(code: number): FailureFlags {
  return { badOnion: (code & BADONION) !== 0, permanent: (code & PERM) !== 0, node: (code & NODE) !== 0, update: (code & UPDATE) !== 0 };
}

/** Where in the decrypted payload `invalid_onion_payload` happened. */
export interface PayloadLocation {
  tlvType: bigint;
  offset: number;
}

/**
 * The spec says the erring node "may" include the type and offset, and some implementations send
 * `invalid_onion_payload` with no data at all, so the pair is optional: present iff bytes follow the code.
 */
const optionalPayloadLocation: Codec<PayloadLocation | undefined> = {
  read: (r) => (r.done ? undefined : { tlvType: readBigSize(r, 'type'), offset: r.u16('offset') }),
  write: (w, v) => {
    if (v) writeBigSize(w, v.tlvType).u16(v.offset);
  },
};

/** channel_update is kept as the raw bytes after its u16 length; parsing it is BOLT 7's job. */
const channelUpdate = bytes16;

/** Every BOLT 4 failure message: code (with flags), name, and the data it carries. */
export const failureMessageDefs = {
  temporary_node_failure: defineMessage(NODE | 2, 'temporary_node_failure', {}),
  permanent_node_failure: defineMessage(PERM | NODE | 2, 'permanent_node_failure', {}),
  required_node_feature_missing: defineMessage(PERM | NODE | 3, 'required_node_feature_missing', {}),
  invalid_onion_version: defineMessage(BADONION | PERM | 4, 'invalid_onion_version', { sha256OfOnion: sha256Field }),
  invalid_onion_hmac: defineMessage(BADONION | PERM | 5, 'invalid_onion_hmac', { sha256OfOnion: sha256Field }),
  invalid_onion_key: defineMessage(BADONION | PERM | 6, 'invalid_onion_key', { sha256OfOnion: sha256Field }),
  temporary_channel_failure: defineMessage(UPDATE | 7, 'temporary_channel_failure', { channelUpdate }),
  permanent_channel_failure: defineMessage(PERM | 8, 'permanent_channel_failure', {}),
  required_channel_feature_missing: defineMessage(PERM | 9, 'required_channel_feature_missing', {}),
  unknown_next_peer: defineMessage(PERM | 10, 'unknown_next_peer', {}),
  amount_below_minimum: defineMessage(UPDATE | 11, 'amount_below_minimum', { htlcMsat: u64, channelUpdate }),
  fee_insufficient: defineMessage(UPDATE | 12, 'fee_insufficient', { htlcMsat: u64, channelUpdate }),
  incorrect_cltv_expiry: defineMessage(UPDATE | 13, 'incorrect_cltv_expiry', { cltvExpiry: u32, channelUpdate }),
  expiry_too_soon: defineMessage(UPDATE | 14, 'expiry_too_soon', { channelUpdate }),
  incorrect_or_unknown_payment_details: defineMessage(PERM | 15, 'incorrect_or_unknown_payment_details', { htlcMsat: u64, height: u32 }),
  final_incorrect_cltv_expiry: defineMessage(18, 'final_incorrect_cltv_expiry', { cltvExpiry: u32 }),
  final_incorrect_htlc_amount: defineMessage(19, 'final_incorrect_htlc_amount', { incomingHtlcAmt: u64 }),
  channel_disabled: defineMessage(UPDATE | 20, 'channel_disabled', { disabledFlags: u16, channelUpdate }),
  expiry_too_far: defineMessage(21, 'expiry_too_far', {}),
  invalid_onion_payload: defineMessage(PERM | 22, 'invalid_onion_payload', { location: optionalPayloadLocation }),
  mpp_timeout: defineMessage(23, 'mpp_timeout', {}),
  invalid_onion_blinding: defineMessage(BADONION | PERM | 24, 'invalid_onion_blinding', { sha256OfOnion: sha256Field }),
};

type FailureDef = (typeof failureMessageDefs)[keyof typeof failureMessageDefs];
export type FailureName = keyof typeof failureMessageDefs;

/** A failure with a code this table knows, decoded with its typed data and TLV extension. */
export type KnownFailure = DecodedOf<FailureDef>;

/** A failure code this table does not know (failure codes are not "odd is OK": the origin still learns the flags). */
export interface UnknownFailure {
  type: 'unknown_failure';
  code: number;
  /** Everything after the code: the code's data and its TLV extension, which cannot be told apart. */
  data: Uint8Array;
}

export type FailureMessage = KnownFailure | UnknownFailure;

const defsByCode = new Map<number, FailureDef>(Object.values(failureMessageDefs).map((d) => [d.typeNumber, d]));

export function failureCode(failure: FailureMessage): number {
  return failure.type === 'unknown_failure' ? failure.code : failureMessageDefs[failure.type].typeNumber;
}

/** Decodes `failuremsg`: a 2-byte code, that code's data, then an optional TLV stream. */
export function decodeFailureMessage(bytes: Uint8Array): FailureMessage {
  const r = new Reader(bytes);
  const code = r.u16('failure code');
  const def = defsByCode.get(code);
  if (!def) return { type: 'unknown_failure', code, data: r.rest().slice() };
  return def.decodePayload(r.rest()) as KnownFailure;
}

export function encodeFailureMessage(failure: FailureMessage): Uint8Array {
  if (failure.type === 'unknown_failure') {
    if (failure.code < 0 || failure.code > 0xffff) throw new RangeError(`failure code out of range: ${failure.code}`);
    if (defsByCode.has(failure.code)) throw new RangeError(`failure code ${failure.code} is known: use its typed form`);
    return new Writer(2 + failure.data.length).u16(failure.code).bytes(failure.data).finish();
  }
  // Indexing by the message's own type gives its definition; TypeScript cannot correlate the two unions.
  return (failureMessageDefs[failure.type] as { encode(msg: KnownFailure): Uint8Array }).encode(failure);
}

