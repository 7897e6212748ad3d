/** Errors the engine reports to its host, with a code the UI can act on. */
export type EngineErrorCode =
  | 'invalid_config'
  | 'invalid_peer_uri'
  | 'not_running'
  | 'no_wallet' // nothing created or restored on this device yet
  | 'locked' // the vault must be unlocked first
  | 'chain_unavailable' // the Esplora server is unreachable, rate-limiting or answering nonsense
  | 'broadcast_rejected' // the chain server refused a transaction; the message carries its reason
  | 'open_elsewhere' // another tab holds this wallet's engine
  | 'invalid_address' // a destination that is not a Bitcoin address of the wallet's network
  | 'invalid_payment_uri' // a malformed BIP21 bitcoin: URI, or one requiring what we do not support
  | 'invalid_amount' // an amount that is malformed, zero, below dust or above 21M BTC
  | 'invalid_fee_rate' // a fee rate below the relay minimum or absurdly high
  | 'insufficient_funds' // not enough spendable coins for the amount plus fee
  | 'cannot_bump_fee' // a fee bump that is impossible (confirmed, not replaceable, no funds) or too small
  | 'mnemonic_word_count' // a recovery phrase with a number of words BIP39 does not allow
  | 'mnemonic_unknown_word' // a word not in the BIP39 English list
  | 'mnemonic_bad_checksum' // every word is valid but the phrase's checksum is not
  | 'invalid_passphrase' // a vault passphrase that cannot be used (empty)
  | 'wrong_passphrase' // the vault's passphrase check failed
  | 'vault_malformed' // a stored vault record that is not a well-formed vault
  | 'vault_corrupted' // a well-formed vault whose ciphertext fails authentication with the right passphrase
  | 'peer_unavailable' // the peer is not connected
  | 'invalid_invoice' // a BOLT 11 invoice that does not decode, is expired, for another network, or already being paid
  | 'channel_failed' // a channel open or operation failed; the message says why
  | 'channel_unavailable' // the channel cannot do this now (state, limits, balance)
  | 'unknown_channel'
  | 'no_route' // no route to the payee fits the amount, the fee limit and our channels' balances
  | 'already_paid'; // this invoice is already paid, or being paid, by this wallet

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
