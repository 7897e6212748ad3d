import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-error.ts';
import { MAX_MONEY_SATS, formatBtcAmount, parseBtcAmount } from './btc-amount.ts';

describe('BTC amounts', () => {
  it.each([
    ['1', 100_000_000n],
    ['0.001', 100_000n],
    ['.5', 50_000_000n],
    ['20.3', 2_030_000_000n],
    ['0.00000001', 1n],
    ['21000000', MAX_MONEY_SATS],
    ['0.1', 10_000_000n], // 0.1 has no exact binary float: string arithmetic keeps it exact
    ['0', 0n],
  ])('parses %s BTC as %d sats', (text, sats) => {
    expect(parseBtcAmount(text)).toBe(sats);
  });

  it.each([
    ['', /not a BTC amount/],
    ['.', /not a BTC amount/],
    ['1e-3', /not a BTC amount/],
    ['-1', /not a BTC amount/],
    ['+1', /not a BTC amount/],
    ['1,000', /not a BTC amount/],
    ['1.2.3', /not a BTC amount/],
    [' 1', /not a BTC amount/],
    ['0.000000001', /more than 8 decimals/],
    ['21000000.00000001', /21 million/],
  ])('rejects %j', (text, message) => {
    expect(() => parseBtcAmount(text)).toThrow(EngineError);
    expect(() => parseBtcAmount(text)).toThrow(message);
  });

  it('formats without trailing zeros', () => {
    expect(formatBtcAmount(150_000n)).toBe('0.0015');
    expect(formatBtcAmount(100_000_000n)).toBe('1');
    expect(formatBtcAmount(0n)).toBe('0');
    expect(formatBtcAmount(1n)).toBe('0.00000001');
  });

  it('round-trips every amount exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_MONEY_SATS }), (sats) => {
        expect(parseBtcAmount(formatBtcAmount(sats))).toBe(sats);
      }),
    );
  });
});
