import { describe, expect, it } from 'vitest';
import { explorerFor, paymentLink, readPaymentLink } from './links.ts';

const BECH32 = 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('paymentLink', () => {
  it('is the scheme and address without extras, upper case for the QR code', () => {
    expect(paymentLink({ address: BECH32 })).toEqual({ uri: `bitcoin:${BECH32}`, qr: `BITCOIN:${BECH32.toUpperCase()}` });
    expect(paymentLink({ address: BECH32, label: '' }).uri).toBe(`bitcoin:${BECH32}`);
  });

  it('adds the amount in BTC and an encoded label, which the QR form keeps as they are', () => {
    expect(paymentLink({ address: BECH32, amountSat: 150_000, label: 'Coffee & cake' })).toEqual({
      uri: `bitcoin:${BECH32}?amount=0.0015&label=Coffee%20%26%20cake`,
      qr: `BITCOIN:${BECH32.toUpperCase()}?amount=0.0015&label=Coffee%20%26%20cake`,
    });
  });

  it('refuses an amount that is not whole sats above zero', () => {
    for (const amountSat of [0, -1, 1.5, Number.NaN]) expect(codeOf(() => paymentLink({ address: BECH32, amountSat })), String(amountSat)).toBe('invalid_amount');
  });
});

describe('readPaymentLink', () => {
  it('is null for what is not a bitcoin: link', () => {
    expect(readPaymentLink(BECH32, 'regtest')).toBeNull();
    expect(readPaymentLink('', 'regtest')).toBeNull();
  });

  it('reads address, amount, label and message', () => {
    expect(readPaymentLink(` bitcoin:${BECH32}?amount=0.0005&label=Luke-Jr&message=Donation%20for%20project%20xyz `, 'regtest')).toEqual({
      address: BECH32,
      amountSat: 50_000,
      label: 'Luke-Jr',
      message: 'Donation for project xyz',
    });
    expect(readPaymentLink(`BITCOIN:${BECH32.toUpperCase()}?amount=1`, 'regtest')).toEqual({ address: BECH32, amountSat: 100_000_000 });
  });

  it('round-trips a link made by paymentLink', () => {
    const { uri, qr } = paymentLink({ address: BECH32, amountSat: 12_345, label: 'Rent: März?' });
    const expected = { address: BECH32, amountSat: 12_345, label: 'Rent: März?' };
    expect(readPaymentLink(uri, 'regtest')).toEqual(expected);
    expect(readPaymentLink(qr, 'regtest')).toEqual(expected);
  });

  it('throws for a broken link or one for another network', () => {
    expect(codeOf(() => readPaymentLink(`bitcoin:${BECH32}?amount=1e3`, 'regtest'))).toBe('invalid_payment_uri');
    expect(codeOf(() => readPaymentLink(`bitcoin:${BECH32}`, 'mainnet'))).toBe('invalid_payment_uri');
  });
});

describe('explorerFor', () => {
  it('is the site the Esplora API belongs to', () => {
    expect(explorerFor('https://blockstream.info/api')).toBe('https://blockstream.info');
    expect(explorerFor('https://mempool.space/testnet/api/')).toBe('https://mempool.space/testnet');
    expect(explorerFor('http://127.0.0.1:3002')).toBe('http://127.0.0.1:3002');
  });

  it('gives nothing for URLs that are not web pages', () => {
    expect(explorerFor('')).toBeUndefined();
    expect(explorerFor('javascript:alert(1)')).toBeUndefined();
  });
});
