import { describe, expect, it } from 'vitest';
import { expiresSoon, expiryLabel, formatCountdown } from './countdown.ts';

describe('formatCountdown', () => {
  it('counts minutes and seconds under an hour, rounding up so 0:00 never shows while still valid', () => {
    expect(formatCountdown(9 * 60_000 + 41_000)).toBe('9:41');
    expect(formatCountdown(7_000)).toBe('0:07');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(59 * 60_000 + 59_500)).toBe('1 h 00 min');
  });

  it('counts hours and minutes, then days', () => {
    expect(formatCountdown(3_600_000 + 5 * 60_000)).toBe('1 h 05 min');
    expect(formatCountdown(47 * 3_600_000)).toBe('47 h 00 min');
    expect(formatCountdown(3 * 86_400_000)).toBe('3 days');
  });

  it('is "expired" at and after the end', () => {
    expect(formatCountdown(0)).toBe('expired');
    expect(formatCountdown(-5_000)).toBe('expired');
  });
});

describe('expiryLabel and expiresSoon', () => {
  it('label the time left and the last minute', () => {
    expect(expiryLabel(100_000, 40_000)).toBe('Expires in 1:00');
    expect(expiryLabel(100_000, 100_000)).toBe('Expired');
    expect(expiresSoon(100_000, 40_000)).toBe(true);
    expect(expiresSoon(100_000, 39_999)).toBe(false);
    expect(expiresSoon(100_000, 100_000)).toBe(false);
  });
});
