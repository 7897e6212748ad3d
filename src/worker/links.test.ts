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

const INVOICE =
  'lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql';

describe('readPaymentLink with Lightning', () => {
  it('recognises a bare invoice, in either case, and a lightning: link', () => {
    expect(readPaymentLink(INVOICE, 'regtest')).toEqual({ lightning: INVOICE });
    expect(readPaymentLink(`  ${INVOICE.toUpperCase()}\n`, 'regtest')).toEqual({ lightning: INVOICE.toUpperCase() });
    expect(readPaymentLink(`lightning:${INVOICE}`, 'regtest')).toEqual({ lightning: INVOICE });
    expect(readPaymentLink(`LIGHTNING:${INVOICE.toUpperCase()}`, 'regtest')).toEqual({ lightning: INVOICE.toUpperCase() });
    expect(readPaymentLink(`lightning://${INVOICE}`, 'regtest')).toEqual({ lightning: INVOICE });
  });

  it('offers the invoice of a bitcoin: link beside its address, and alone', () => {
    expect(readPaymentLink(`bitcoin:${BECH32}?amount=0.00001&lightning=${INVOICE}`, 'regtest')).toEqual({ address: BECH32, amountSat: 1000, lightning: INVOICE });
    expect(readPaymentLink(`bitcoin:?lightning=${INVOICE}`, 'regtest')).toEqual({ lightning: INVOICE });
    expect(readPaymentLink(`BITCOIN:?LIGHTNING=LIGHTNING:${INVOICE.toUpperCase()}`, 'regtest')).toEqual({ lightning: INVOICE.toUpperCase() });
  });

  it('keeps the address of a bitcoin: link whose Lightning invoice is broken, and refuses one without address', () => {
    expect(readPaymentLink(`bitcoin:${BECH32}?lightning=garbage`, 'regtest')).toEqual({ address: BECH32 });
    expect(codeOf(() => readPaymentLink('bitcoin:?lightning=garbage', 'regtest'))).toBe('invalid_payment_uri');
  });

  it('refuses a lightning: link without an invoice, and says so for LNURL and BOLT 12', () => {
    expect(codeOf(() => readPaymentLink('lightning:', 'regtest'))).toBe('invalid_payment_uri');
    expect(codeOf(() => readPaymentLink('lightning:hello world', 'regtest'))).toBe('invalid_payment_uri');
    expect(() => readPaymentLink('LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS', 'regtest')).toThrow(/LNURL/);
    expect(() => readPaymentLink('lno1pg257enxv4ezqcneype82um50ynhxgrwdajx283qfwdpl28qqmc78ymlvhmxcsywdk5wrjnj36jryg488qwlrnzyjczs', 'regtest')).toThrow(/BOLT 12/);
  });

  it('is null for text that only looks a little like an invoice', () => {
    expect(readPaymentLink('lnbc', 'regtest')).toBeNull();
    expect(readPaymentLink('lightning network', 'regtest')).toBeNull();
    expect(readPaymentLink(`${INVOICE} extra`, 'regtest')).toBeNull();
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
