import { describe, expect, it } from 'vitest';
import { btcDecimalToSats, formatBtc, formatSats, formatSatsNumber, formatSignedSats, parseSatsInput, satsToBtcDecimal, MAX_SATS } from './sats.ts';

describe('formatting sats', () => {
  it('groups thousands', () => {
    expect(formatSatsNumber(0)).toBe('0');
    expect(formatSatsNumber(999)).toBe('999');
    expect(formatSatsNumber(1000)).toBe('1,000');
    expect(formatSatsNumber(1234567)).toBe('1,234,567');
    expect(formatSatsNumber(MAX_SATS)).toBe('2,100,000,000,000,000');
    expect(formatSatsNumber(-12345)).toBe('−12,345');
  });

  it('names the unit, singular for one', () => {
    expect(formatSats(1)).toBe('1 sat');
    expect(formatSats(-1)).toBe('−1 sat');
    expect(formatSats(2500)).toBe('2,500 sats');
  });

  it('signs money in and out', () => {
    expect(formatSignedSats(5000)).toBe('+5,000 sats');
    expect(formatSignedSats(-5000)).toBe('−5,000 sats');
    expect(formatSignedSats(0)).toBe('0 sats');
  });

  it('prints BTC with eight decimals and no float error', () => {
    expect(formatBtc(0)).toBe('0.00000000 BTC');
    expect(formatBtc(1)).toBe('0.00000001 BTC');
    expect(formatBtc(123456789)).toBe('1.23456789 BTC');
    expect(formatBtc(MAX_SATS)).toBe('21,000,000.00000000 BTC');
    expect(formatBtc(-30000)).toBe('−0.00030000 BTC');
  });
});

describe('BIP21 decimal amounts', () => {
  it('converts sats to the shortest BTC string', () => {
    expect(satsToBtcDecimal(100000)).toBe('0.001');
    expect(satsToBtcDecimal(1)).toBe('0.00000001');
    expect(satsToBtcDecimal(250000000)).toBe('2.5');
    expect(satsToBtcDecimal(100000000)).toBe('1');
  });

  it('reads BTC decimals exactly', () => {
    expect(btcDecimalToSats('0.001')).toBe(100000);
    expect(btcDecimalToSats('1')).toBe(100000000);
    expect(btcDecimalToSats('1.')).toBe(100000000);
    expect(btcDecimalToSats('0.00000001')).toBe(1);
    // 0.1 + 0.2 style float traps do not apply.
    expect(btcDecimalToSats('0.3')).toBe(30000000);
    expect(btcDecimalToSats('20999999.9769')).toBe(2099999997690000);
  });

  it('rejects what is not an amount', () => {
    for (const bad of ['', 'abc', '-1', '0.000000001', '1e3', '1,5', '21000001']) expect(btcDecimalToSats(bad)).toBeUndefined();
  });

  it('round-trips', () => {
    for (const sat of [1, 546, 100000, 123456789, MAX_SATS]) expect(btcDecimalToSats(satsToBtcDecimal(sat))).toBe(sat);
  });
});

describe('typed amounts', () => {
  it('accepts grouped digits', () => {
    expect(parseSatsInput('50000')).toEqual({ ok: true, sat: 50000 });
    expect(parseSatsInput(' 1,000,000 ')).toEqual({ ok: true, sat: 1000000 });
    expect(parseSatsInput('1 000 000')).toEqual({ ok: true, sat: 1000000 });
    expect(parseSatsInput('1_000')).toEqual({ ok: true, sat: 1000 });
  });

  it('explains what is wrong', () => {
    expect(parseSatsInput('')).toMatchObject({ ok: false, problem: expect.stringContaining('Enter') });
    expect(parseSatsInput('0.5')).toMatchObject({ ok: false, problem: expect.stringContaining('whole sats') });
    expect(parseSatsInput('-5')).toMatchObject({ ok: false });
    expect(parseSatsInput('0')).toMatchObject({ ok: false, problem: expect.stringContaining('more than 0') });
    expect(parseSatsInput(String(MAX_SATS + 1))).toMatchObject({ ok: false });
  });
});
