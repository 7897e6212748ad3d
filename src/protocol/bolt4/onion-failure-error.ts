import { DecodeError, type DecodeErrorCode } from '../codec/errors.ts';
import type { KnownFailure } from './failure-messages.ts';

/**
 * An incoming onion (or its payload) was rejected; `failure` is the BOLT 4 failure to send back.
 * If `failure` has the BADONION flag the onion could not be authenticated, so it goes back in
 * `update_fail_malformed_htlc`; otherwise it is encrypted for the sender with the hop's shared secret
 * (`sharedSecret` when peeling got that far, else the one from the successful peel).
 */
export class OnionFailureError extends DecodeError {
  constructor(
    code: DecodeErrorCode,
    message: string,
    readonly failure: KnownFailure,
    readonly sharedSecret?: Uint8Array,
  ) {
    super(code, message);
  }
}
