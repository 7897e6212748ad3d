import { describe, expect, it } from 'vitest';
import { formatAgo, formatConfirmations, formatShortTime } from './time-format.ts';

describe('formatAgo', () => {
  const now = 1_700_000_000_000;
  it('rounds to the unit a person would use', () => {
    expect(formatAgo(now, now)).toBe('just now');
    expect(formatAgo(now + 5000, now)).toBe('just now'); // clock skew
    expect(formatAgo(now - 44_000, now)).toBe('just now');
    expect(formatAgo(now - 90_000, now)).toBe('2 min ago');
    expect(formatAgo(now - 59 * 60_000, now)).toBe('59 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 26 * 3_600_000, now)).toBe('1 day ago');
    expect(formatAgo(now - 10 * 86_400_000, now)).toBe('10 days ago');
  });
});

describe('formatConfirmations', () => {
  it('says unconfirmed, singular and plural', () => {
    expect(formatConfirmations(0)).toBe('Unconfirmed');
    expect(formatConfirmations(1)).toBe('1 confirmation');
    expect(formatConfirmations(1200)).toBe('1,200 confirmations');
  });
});

describe('formatShortTime', () => {
  const now = new Date(2026, 10, 23, 20, 41).getTime();
  it('shows the time today, the day this year, the full date before', () => {
    expect(formatShortTime(new Date(2026, 10, 23, 8, 5).getTime(), now, 'en-US')).toBe('8:05 AM');
    expect(formatShortTime(new Date(2026, 0, 2, 8, 5).getTime(), now, 'en-US')).toBe('Jan 2');
    expect(formatShortTime(new Date(2025, 11, 31, 8, 5).getTime(), now, 'en-US')).toBe('Dec 31, 2025');
  });
});
