import { describe, expect, it } from 'vitest';
import { bip21ForQr, buildBip21, destinationAddress, parseBip21 } from './bip21.ts';

const BECH32 = 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';

describe('parseBip21', () => {
  it('is undefined for a bare address', () => {
    expect(parseBip21(BECH32)).toBeUndefined();
    expect(parseBip21('')).toBeUndefined();
  });

  it('reads address, amount, label and message', () => {
    expect(parseBip21(`bitcoin:${BECH32}?amount=0.0005&label=Luke-Jr&message=Donation%20for%20project%20xyz`)).toEqual({
      address: BECH32,
      amountSat: 50000,
      label: 'Luke-Jr',
      message: 'Donation for project xyz',
    });
  });

  it('accepts any case of the scheme and an upper-case address', () => {
    expect(parseBip21(`BITCOIN:${BECH32.toUpperCase()}?amount=1`)).toEqual({ address: BECH32.toUpperCase(), amountSat: 100000000 });
  });

  it('ignores an amount that is not a BTC decimal and unknown parameters', () => {
    expect(parseBip21(`bitcoin:${BECH32}?amount=1e3&foo=bar&lightning=lnbc1`)).toEqual({ address: BECH32 });
  });

  it('survives bad percent-encoding', () => {
    expect(parseBip21(`bitcoin:${BECH32}?label=100%`)?.label).toBe('100%');
  });

  it('picks the destination address out of pasted text', () => {
    expect(destinationAddress(`  bitcoin:${BECH32}?amount=1 `)).toBe(BECH32);
    expect(destinationAddress(` ${BECH32}\n`)).toBe(BECH32);
  });
});

describe('buildBip21', () => {
  it('is just the scheme and address without extras', () => {
    expect(buildBip21(BECH32)).toBe(`bitcoin:${BECH32}`);
    expect(buildBip21(BECH32, { amountSat: 0, label: '' })).toBe(`bitcoin:${BECH32}`);
  });

  it('adds the amount in BTC and an encoded label', () => {
    expect(buildBip21(BECH32, { amountSat: 150000, label: 'Coffee & cake' })).toBe(`bitcoin:${BECH32}?amount=0.0015&label=Coffee%20%26%20cake`);
  });

  it('round-trips through parseBip21', () => {
    const uri = buildBip21(BECH32, { amountSat: 12345, label: 'Rent: März?' });
    expect(parseBip21(uri)).toEqual({ address: BECH32, amountSat: 12345, label: 'Rent: März?' });
  });
});

describe('bip21ForQr', () => {
  it('upper-cases the scheme and a bech32 address', () => {
    expect(bip21ForQr(`bitcoin:${BECH32}`)).toBe(`BITCOIN:${BECH32.toUpperCase()}`);
    expect(bip21ForQr('bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBe('BITCOIN:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ');
    expect(bip21ForQr('bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toBe('BITCOIN:TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX');
  });

  it('keeps query parameters exactly as they are', () => {
    expect(bip21ForQr(`bitcoin:${BECH32}?amount=0.001&label=Bob%27s%20Cafe`)).toBe(`BITCOIN:${BECH32.toUpperCase()}?amount=0.001&label=Bob%27s%20Cafe`);
  });

  it('leaves case-sensitive base58 addresses alone', () => {
    expect(bip21ForQr('bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=1')).toBe('BITCOIN:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=1');
    expect(bip21ForQr('bitcoin:2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc')).toBe('BITCOIN:2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc');
  });

  it('leaves a mixed-case (invalid) bech32 string alone', () => {
    expect(bip21ForQr('bitcoin:bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBe('BITCOIN:bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  });

  it('passes through what is not a bitcoin: URI', () => {
    expect(bip21ForQr(BECH32)).toBe(BECH32);
  });
});
