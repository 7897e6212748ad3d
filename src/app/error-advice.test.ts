import { describe, expect, it } from 'vitest';
import { asSentence, describeError } from './error-advice.ts';

const err = (code: string, message = 'detail') => ({ name: 'EngineError', code, message });

describe('asSentence', () => {
  it('capitalises and ends with a full stop', () => {
    expect(asSentence('word 3, "abandonx", is not in the BIP39 word list')).toBe('Word 3, "abandonx", is not in the BIP39 word list.');
    expect(asSentence('Already fine.')).toBe('Already fine.');
    expect(asSentence('what?')).toBe('What?');
    expect(asSentence('  ')).toBe('');
  });
});

describe('describeError', () => {
  it('shows the engine’s words where they help', () => {
    const advice = describeError(err('mnemonic_unknown_word', 'word 7, "abandonn", is not in the BIP39 word list (did you mean "abandon"?)'), 'restore');
    expect(advice.detail).toBe('Word 7, "abandonn", is not in the BIP39 word list (did you mean "abandon"?).');
    expect(advice.title).toMatch(/words/);
  });

  it('quotes the server’s reason for a rejected broadcast and says nothing was sent', () => {
    const advice = describeError(err('broadcast_rejected', 'The chain server refused the transaction: min relay fee not met, 100 < 141'), 'send');
    expect(advice.detail).toBe('The chain server refused the transaction: min relay fee not met, 100 < 141.');
    expect(advice.advice).toMatch(/Nothing was sent/);
  });

  it('tells what to do for every wallet error', () => {
    const codes = [
      'insufficient_funds', 'chain_unavailable', 'invalid_address', 'invalid_payment_uri', 'invalid_amount', 'invalid_fee_rate', 'cannot_bump_fee',
      'wrong_passphrase', 'invalid_passphrase', 'mnemonic_word_count', 'mnemonic_bad_checksum', 'locked', 'no_wallet', 'open_elsewhere',
      'vault_corrupted', 'vault_malformed', 'invalid_config', 'not_running',
      'peer_unavailable', 'invalid_invoice', 'channel_failed', 'channel_unavailable', 'unknown_channel', 'no_route', 'already_paid',
    ];
    for (const code of codes) {
      const advice = describeError(err(code), 'send');
      expect(advice.title, code).not.toBe('Something went wrong');
      expect(advice.advice.length).toBeGreaterThan(0);
    }
  });

  it('keeps transport messages out of the main text', () => {
    expect(describeError(err('unknown_method', 'unknown method "walletState"')).detail).toBeUndefined();
    expect(describeError(err('internal', 'TypeError: x is undefined')).detail).toBeUndefined();
  });

  it('warns that a send may still go out when the answer is lost', () => {
    expect(describeError(err('timeout'), 'send').advice).toMatch(/Check Activity/);
    expect(describeError(err('timeout'), 'unlock').advice).not.toMatch(/Activity/);
    expect(describeError(err('internal'), 'bump').advice).toMatch(/Check Activity/);
  });
});

describe('describeError for channels and peers', () => {
  it('quotes the engine about Lightning errors this screen does not know yet', () => {
    const advice = describeError(err('peer_handshake_failed', 'the peer did not answer'), 'peer_connect');
    expect(advice.title).toBe('Couldn’t connect to the peer');
    expect(advice.detail).toBe('The peer did not answer.');
    expect(describeError({ name: 'TypeError', code: 'internal', message: 'x is undefined' }, 'channel_open').detail).toBeUndefined();
  });

  it('says the channel may still open or close when the answer is lost', () => {
    expect(describeError(err('timeout'), 'channel_open').advice).toMatch(/channel may still open/);
    expect(describeError(err('timeout'), 'channel_close').advice).toMatch(/close may still go ahead/);
    expect(describeError(err('internal'), 'channel_open').advice).toMatch(/channel list/);
  });

  it('tells a cooperative close without the peer to force close', () => {
    expect(describeError(err('peer_unavailable'), 'channel_close').advice).toMatch(/force close/);
    expect(describeError(err('channel_failed', 'the peer rejected the channel: too small'), 'channel_open')).toMatchObject({
      title: 'The channel didn’t open',
      detail: 'The peer rejected the channel: too small.',
    });
  });

  it('fits the advice to opening a channel', () => {
    expect(describeError(err('insufficient_funds'), 'channel_open').advice).toMatch(/channel amount/);
    expect(describeError(err('invalid_amount'), 'channel_open').title).toMatch(/channel/);
  });
});

describe('describeError for Lightning payments', () => {
  it('says a payment whose answer was lost may still go through', () => {
    expect(describeError(err('timeout'), 'pay').advice).toMatch(/may still go through/);
    expect(describeError(err('internal'), 'pay').advice).toMatch(/Check Activity/);
  });

  it('says nothing was paid when no route fits, and quotes the engine', () => {
    const advice = describeError(err('no_route', 'no route fits the fee limit of 15 sats'), 'pay');
    expect(advice.advice).toMatch(/Nothing was paid/);
    expect(advice.detail).toBe('No route fits the fee limit of 15 sats.');
  });

  it('names what failed for codes it does not know yet', () => {
    expect(describeError(err('some_new_code', 'the peer is gone'), 'invoice_create')).toMatchObject({ title: 'Couldn’t make an invoice', detail: 'The peer is gone.' });
    expect(describeError(err('some_new_code'), 'invoice_read').title).toBe('That invoice can’t be read');
  });
});
