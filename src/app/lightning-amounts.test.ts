import { describe, expect, it } from 'vitest';
import { feeLimitField, formatMsatAsSats, parseFeeLimitInput } from './lightning-amounts.ts';

describe('formatMsatAsSats', () => {
  it('shows whole sats with separators, and millisatoshis only when there are some', () => {
    expect(formatMsatAsSats(1_234_567_000)).toBe('1,234,567');
    expect(formatMsatAsSats(1_234_567)).toBe('1,234.567');
    expect(formatMsatAsSats(1_500)).toBe('1.5');
    expect(formatMsatAsSats(7)).toBe('0.007');
    expect(formatMsatAsSats(0)).toBe('0');
    expect(formatMsatAsSats(-2_010)).toBe('−2.01');
  });
});

describe('parseFeeLimitInput', () => {
  it('reads whole sats into millisatoshis, zero included', () => {
    expect(parseFeeLimitInput(' 1,005 ')).toEqual({ ok: true, msat: 1_005_000 });
    expect(parseFeeLimitInput('0')).toEqual({ ok: true, msat: 0 });
  });

  it('says what is wrong with anything else', () => {
    expect(parseFeeLimitInput('')).toMatchObject({ ok: false, problem: expect.stringMatching(/fees/) });
    expect(parseFeeLimitInput('1.5')).toMatchObject({ ok: false, problem: expect.stringMatching(/whole sats/) });
    expect(parseFeeLimitInput('-3')).toMatchObject({ ok: false });
    expect(parseFeeLimitInput('9'.repeat(20))).toMatchObject({ ok: false, problem: expect.stringMatching(/ever exist/) });
  });
});

describe('feeLimitField', () => {
  it('rounds the default limit up to whole sats, so the default is never tightened', () => {
    expect(feeLimitField(15_001)).toBe('16');
    expect(feeLimitField(15_000)).toBe('15');
    expect(feeLimitField(null)).toBe('');
  });
});
