import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-error.ts';
import { MAX_FEE_RATE, customFeeRate, feeRatesFromEstimates, toSatPerKvb } from './fee-rates.ts';

// A real mainnet /fee-estimates answer (abridged).
const ESPLORA = {
  '1': 87.882, '2': 87.882, '3': 87.882, '4': 87.882, '5': 81.129, '6': 68.285, '10': 1.027, '144': 1.027, '504': 1.027, '1008': 1.027,
  '7': 68.285, '8': 68.285, '9': 68.285, '11': 1.027, '12': 1.027, '13': 1.027, '14': 1.027, '15': 1.027, '25': 1.027,
};

describe('fee rates', () => {
  it('takes fast, normal and slow from the 1, 6 and 144 block targets', () => {
    expect(feeRatesFromEstimates(ESPLORA)).toEqual({ fast: 87.882, normal: 68.285, slow: 1.027 });
  });

  it('falls back to the nearest faster target, then to the nearest slower one', () => {
    expect(feeRatesFromEstimates({ '2': 30, '5': 12, '25': 3 })).toEqual({ fast: 30, normal: 12, slow: 3 });
    expect(feeRatesFromEstimates({ '1008': 2 })).toEqual({ fast: 2, normal: 2, slow: 2 });
  });

  it('floors at 1 sat/vB, caps absurd rates, and ignores junk entries', () => {
    expect(feeRatesFromEstimates({})).toEqual({ fast: 1, normal: 1, slow: 1 });
    expect(feeRatesFromEstimates({ '1': 0.5, '6': 0.2, '144': 0.1 })).toEqual({ fast: 1, normal: 1, slow: 1 });
    expect(feeRatesFromEstimates({ '1': 1e9, abc: 50, '-3': 70, '6': Number.NaN, '144': -2 } as Record<string, number>)).toEqual({
      fast: MAX_FEE_RATE,
      normal: MAX_FEE_RATE,
      slow: MAX_FEE_RATE,
    });
  });

  it('keeps slow ≤ normal ≤ fast, each within the limits, for any map', () => {
    const estimates = fc.dictionary(fc.oneof(fc.integer({ min: 1, max: 1008 }).map(String), fc.string()), fc.oneof(fc.double(), fc.double({ min: 0, max: 2000, noNaN: true })));
    fc.assert(
      fc.property(estimates, (map) => {
        const { slow, normal, fast } = feeRatesFromEstimates(map);
        expect(slow).toBeLessThanOrEqual(normal);
        expect(normal).toBeLessThanOrEqual(fast);
        expect(slow).toBeGreaterThanOrEqual(1);
        expect(fast).toBeLessThanOrEqual(MAX_FEE_RATE);
      }),
    );
  });

  it('validates a custom rate', () => {
    expect(customFeeRate(1)).toBe(1);
    expect(customFeeRate(12.5)).toBe(12.5);
    expect(customFeeRate(1.0001)).toBe(1.001);
    expect(toSatPerKvb(1.1)).toBe(1100n);
    expect(toSatPerKvb(2.011)).toBe(2011n);
    for (const [rate, message] of [
      [0.5, /at least 1 sat\/vB/],
      [0, /at least 1 sat\/vB/],
      [-4, /at least 1 sat\/vB/],
      [Number.NaN, /must be a number/],
      [Number.POSITIVE_INFINITY, /must be a number/],
      [20_000, /far above/],
    ] as const) {
      expect(() => customFeeRate(rate)).toThrow(EngineError);
      expect(() => customFeeRate(rate)).toThrow(message);
    }
  });

  it('never converts a rate to fewer sat/kvB than it asks for', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: MAX_FEE_RATE, noNaN: true }), (rate) => {
        expect(Number(toSatPerKvb(rate))).toBeGreaterThanOrEqual(rate * 1000 - 1e-6);
        expect(Number(toSatPerKvb(rate))).toBeLessThan(rate * 1000 + 1);
      }),
    );
  });
});
