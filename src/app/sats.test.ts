import { describe, expect, it } from 'vitest';
import { formatBtc, formatSats, formatSatsNumber, parseSatsInput, MAX_SATS } from './sats.ts';

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

  it('prints BTC with eight decimals and no float error', () => {
    expect(formatBtc(0)).toBe('0.00000000 BTC');
    expect(formatBtc(1)).toBe('0.00000001 BTC');
    expect(formatBtc(123456789)).toBe('1.23456789 BTC');
    expect(formatBtc(MAX_SATS)).toBe('21,000,000.00000000 BTC');
    expect(formatBtc(-30000)).toBe('−0.00030000 BTC');
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
