import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hex } from '../../protocol/codec/bytes.ts';
import {
  CALIBRATION_MAX_LOG2N,
  CALIBRATION_MIN_LOG2N,
  calibrateScrypt,
  scryptCostProblem,
  stretchPassphrase,
  timeScrypt,
  type ScryptCost,
} from './kdf.ts';

describe('scrypt', () => {
  it('matches RFC 7914 (password/NaCl, N=1024, r=8, p=16)', async () => {
    const out = await stretchPassphrase('password', { log2N: 10, r: 8, p: 16, salt: new TextEncoder().encode('NaCl') }, 64);
    expect(hex(out)).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    );
  });

  it('reports progress', async () => {
    const progress: number[] = [];
    await stretchPassphrase('x', { log2N: 12, r: 8, p: 1, salt: new Uint8Array(16) }, 32, { onProgress: (f) => progress.push(f) });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
  });

  it.each([
    [{ log2N: 0, r: 8, p: 1 }, /log2N/],
    [{ log2N: 21, r: 8, p: 1 }, /log2N/],
    [{ log2N: 14.5, r: 8, p: 1 }, /log2N/],
    [{ log2N: 14, r: 0, p: 1 }, /r must/],
    [{ log2N: 14, r: 8, p: 17 }, /p must/],
    [{ log2N: 20, r: 8, p: 1 }, /MiB/],
    [{ log2N: 17, r: 8, p: 16 }, /N·r·p/],
  ])('refuses the cost %o', async (cost, message) => {
    expect(scryptCostProblem(cost)).toMatch(message);
    await expect(stretchPassphrase('x', { ...cost, salt: new Uint8Array(16) }, 32)).rejects.toThrow(RangeError);
  });

  it('runs every small cost it accepts (its limits agree with the scrypt implementation)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 16 }), async (log2N, r, p) => {
        expect(scryptCostProblem({ log2N, r, p })).toBeUndefined();
        expect(await stretchPassphrase('x', { log2N, r, p, salt: new Uint8Array(16) }, 64)).toHaveLength(64);
      }),
      { numRuns: 40 },
    );
  });

  it('accepts the calibration range and tiny test costs', () => {
    expect(scryptCostProblem({ log2N: CALIBRATION_MAX_LOG2N, r: 8, p: 1 })).toBeUndefined();
    expect(scryptCostProblem({ log2N: 1, r: 1, p: 1 })).toBeUndefined();
  });
});

/** A model device where scrypt at 2^log2N takes msAt14 · 2^(log2N-14) ms; records what was measured. */
function device(msAt14: number): { measure: (cost: ScryptCost) => Promise<number>; measured: number[] } {
  const measured: number[] = [];
  return {
    measured,
    measure: async (cost) => {
      measured.push(cost.log2N);
      return msAt14 * 2 ** (cost.log2N - 14);
    },
  };
}

describe('cost calibration', () => {
  it('doubles N until the target is reached and keeps the nearer of the last two', async () => {
    const laptop = device(64); // 14: 64 ms, 15: 128, 16: 256
    expect(await calibrateScrypt({ measure: laptop.measure })).toEqual({ cost: { log2N: 16, r: 8, p: 1 }, measuredMs: 256 });
    expect(laptop.measured).toEqual([10, 14, 15, 16]); // a warm-up, then one run per cost, none past the target

    const between = device(95); // 15: 190 ms is nearer 250 than 16: 380 ms
    expect((await calibrateScrypt({ measure: between.measure })).cost.log2N).toBe(15);
  });

  it('stays at the minimum on a slow device and at the maximum on a fast one', async () => {
    const phone = device(1200);
    expect(await calibrateScrypt({ measure: phone.measure })).toEqual({ cost: { log2N: CALIBRATION_MIN_LOG2N, r: 8, p: 1 }, measuredMs: 1200 });
    expect(phone.measured).toEqual([10, 14]);

    const workstation = device(1);
    expect((await calibrateScrypt({ measure: workstation.measure })).cost.log2N).toBe(CALIBRATION_MAX_LOG2N);
    expect(workstation.measured.at(-1)).toBe(CALIBRATION_MAX_LOG2N);
  });

  it('honours the target, bounds and block size it is given', async () => {
    const result = await calibrateScrypt({ measure: device(64).measure, targetMs: 30, minLog2N: 8, maxLog2N: 12, r: 4, p: 2 });
    expect(result.cost).toEqual({ log2N: 12, r: 4, p: 2 });
    expect((await calibrateScrypt({ measure: device(64).measure, targetMs: 8, minLog2N: 8, maxLog2N: 16 })).cost.log2N).toBe(11);
  });

  it('rejects nonsensical options', async () => {
    await expect(calibrateScrypt({ targetMs: 0 })).rejects.toThrow(RangeError);
    await expect(calibrateScrypt({ minLog2N: 16, maxLog2N: 14 })).rejects.toThrow(RangeError);
    await expect(calibrateScrypt({ maxLog2N: 25 })).rejects.toThrow(RangeError);
  });

  it('on this machine, picks a cost whose derivation takes about the target time', async () => {
    const targetMs = 100;
    // Bounds far on both sides of 100 ms, so the choice comes from measurement, not clamping.
    const { cost, measuredMs } = await calibrateScrypt({ targetMs, minLog2N: 6, maxLog2N: 17 });
    expect(cost.log2N).toBeGreaterThan(6);
    expect(cost.log2N).toBeLessThan(17);
    expect(measuredMs).toBeGreaterThan(targetMs / 8);
    expect(measuredMs).toBeLessThan(targetMs * 8);
    // Loose on purpose: a loaded 2-core machine may run the re-check slower or faster.
    const again = Math.min(await timeScrypt(cost), await timeScrypt(cost));
    expect(again).toBeGreaterThan(targetMs / 10);
    expect(again).toBeLessThan(targetMs * 10);
  });
});
