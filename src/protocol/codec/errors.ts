/**
 * The one error type every decoder in protocol/ throws for bad input. Anything else
 * escaping a decoder is a bug (the property tests enforce this).
 */
export type DecodeErrorCode =
  | 'truncated' // input ended before a field was complete
  | 'trailing_bytes' // input had bytes after the last field where none are allowed
  | 'non_minimal' // BigSize, truncated integer or TLV length not minimally encoded
  | 'tlv_order' // TLV types not strictly increasing (includes duplicates)
  | 'tlv_unknown_even' // an unknown even TLV type: "it's OK to be odd"
  | 'tlv_length' // a TLV record's value was not exactly the length its type requires
  | 'unknown_message' // an unknown even message type
  | 'invalid_value' // a field decoded but its value is not allowed
  | 'missing_field' // a required field is absent
  | 'invalid_point' // not a valid compressed secp256k1 point
  | 'invalid_signature'
  | 'bad_mac' // AEAD authentication failed
  | 'bad_version'
  | 'invalid_feature' // feature vector violates BOLT 9
  | 'invalid_checksum'
  | 'invalid_encoding'; // bech32 / character set / general structure

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function fail(code: DecodeErrorCode, message: string): never {
  throw new DecodeError(code, message);
}
