import { describe, expect, it } from 'vitest';
import { confirmWordMatches, pickConfirmPositions, secureRandomInt } from './confirm-positions.ts';

describe('pickConfirmPositions', () => {
  it('picks distinct positions in ascending order', () => {
    for (let run = 0; run < 200; run++) {
      const picked = pickConfirmPositions(12, 3);
      expect(picked).toHaveLength(3);
      expect(new Set(picked).size).toBe(3);
      expect([...picked].sort((a, b) => a - b)).toEqual(picked);
      for (const p of picked) expect(p >= 0 && p < 12).toBe(true);
    }
  });

  it('uses the given randomness', () => {
    // Always the first remaining word: 0, then 1, then 2.
    expect(pickConfirmPositions(12, 3, () => 0)).toEqual([0, 1, 2]);
    // Always the last remaining word: 11, 10, 9.
    expect(pickConfirmPositions(12, 3, (n) => n - 1)).toEqual([9, 10, 11]);
  });

  it('eventually asks for every position', () => {
    const seen = new Set<number>();
    for (let run = 0; run < 500; run++) for (const p of pickConfirmPositions(12, 3)) seen.add(p);
    expect(seen.size).toBe(12);
  });

  it('refuses impossible requests', () => {
    expect(() => pickConfirmPositions(2, 3)).toThrow(RangeError);
    expect(() => pickConfirmPositions(12, -1)).toThrow(RangeError);
    expect(pickConfirmPositions(12, 0)).toEqual([]);
  });
});

describe('secureRandomInt', () => {
  it('stays in range', () => {
    for (let i = 0; i < 1000; i++) {
      const n = secureRandomInt(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
    }
  });
});

describe('confirmWordMatches', () => {
  it('forgives case and spaces but nothing else', () => {
    expect(confirmWordMatches('abandon', ' Abandon ')).toBe(true);
    expect(confirmWordMatches('abandon', 'abando')).toBe(false);
    expect(confirmWordMatches('abandon', '')).toBe(false);
  });
});
