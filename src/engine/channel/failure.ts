/**
 * Why a channel step refused a message. `protocol` and `bad_signature` are the peer breaking
 * BOLT 2: the channel fails (error, then force close). `refused` is a request we turn down
 * without harming the channel (a warning, or an error for a channel not yet funded).
 */
export type ChannelFailureKind = 'protocol' | 'bad_signature' | 'refused';

export class ChannelFailure extends Error {
  override readonly name = 'ChannelFailure';
  constructor(
    readonly kind: ChannelFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** A local command the channel cannot carry out now (e.g. an HTLC over the limits); nothing is sent. */
export class CommandRefused extends Error {
  override readonly name = 'CommandRefused';
  constructor(
    readonly code: 'channel_unavailable' | 'invalid_expiry' | 'amount_too_low' | 'amount_too_high' | 'too_many_htlcs' | 'insufficient_balance' | 'dust_exposure' | 'closing',
    message: string,
  ) {
    super(message);
  }
}
