import { describe, expect, it } from 'vitest';
import { effectiveFeeChoice, formatFeeRate, parseFeeRateInput, resolveFeeRate } from './fee-rate.ts';

describe('fee rates', () => {
  it('formats without float noise', () => {
    expect(formatFeeRate(12)).toBe('12 sat/vB');
    expect(formatFeeRate(1.5)).toBe('1.5 sat/vB');
    expect(formatFeeRate(0.1 + 0.2)).toBe('0.3 sat/vB');
  });

  it('reads custom rates', () => {
    expect(parseFeeRateInput('5')).toEqual({ ok: true, rate: 5 });
    expect(parseFeeRateInput(' 2.5 ')).toEqual({ ok: true, rate: 2.5 });
    expect(parseFeeRateInput('2,5')).toEqual({ ok: true, rate: 2.5 });
    expect(parseFeeRateInput('')).toMatchObject({ ok: false });
    expect(parseFeeRateInput('abc')).toMatchObject({ ok: false });
    expect(parseFeeRateInput('0.5')).toMatchObject({ ok: false, problem: expect.stringContaining('at least 1') });
    expect(parseFeeRateInput('50000')).toMatchObject({ ok: false });
  });

  it('resolves a choice against the estimates', () => {
    const rates = { slow: 2, normal: 6, fast: 15 };
    expect(resolveFeeRate('fast', rates, '')).toEqual({ ok: true, rate: 15 });
    expect(resolveFeeRate('custom', rates, '9')).toEqual({ ok: true, rate: 9 });
    expect(resolveFeeRate('normal', undefined, '')).toMatchObject({ ok: false, problem: expect.stringContaining('custom') });
  });
});

describe('effectiveFeeChoice', () => {
  it('falls back to custom only when estimates failed', () => {
    expect(effectiveFeeChoice('normal', 'loaded')).toBe('normal');
    expect(effectiveFeeChoice('normal', 'loading')).toBe('normal');
    expect(effectiveFeeChoice('fast', 'failed')).toBe('custom');
    expect(effectiveFeeChoice('custom', 'loaded')).toBe('custom');
  });
});
