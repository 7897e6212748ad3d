/**
 * Passphrase stretching for the seed vault: scrypt (RFC 7914). Scrypt rather than PBKDF2
 * because it is memory-hard (guessing on GPUs costs memory, not just hashing), and because
 * asking it for 64 bytes costs no more than 32 — PBKDF2 would run all its iterations again
 * for the second 32 bytes while an attacker could test guesses with the first alone.
 *
 * The cost is N = 2^log2N (time and memory grow with it), r and p; memory is about 128·r·N bytes.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';

export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

export interface ScryptParams extends ScryptCost {
  salt: Uint8Array;
}

/** A sound cost for when no calibration has run: 32 MiB, ~0.3 s on a laptop. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };

/** What calibration may choose: never below 16 MiB, never above 128 MiB (phones run out of memory). */
export const CALIBRATION_MIN_LOG2N = 14;
export const CALIBRATION_MAX_LOG2N = 17;
export const CALIBRATION_TARGET_MS = 250;

/**
 * What a vault may ask for. Wider than calibration (tests use tiny costs; a future version may
 * raise the cost) but bounded so a corrupted or hostile record cannot make unlocking allocate
 * gigabytes or run for minutes. Work is N·r·p: 8 times the largest calibrated cost (2^17·8·1).
 */
export const SCRYPT_LIMITS = { maxLog2N: 20, maxR: 32, maxP: 16, maxMemoryBytes: 2 ** 28, maxWork: 2 ** 23 } as const;

/** Why a cost is not acceptable, or undefined if it is. */
export function scryptCostProblem(cost: ScryptCost): string | undefined {
  const { log2N, r, p } = cost;
  if (!Number.isInteger(log2N) || log2N < 1 || log2N > SCRYPT_LIMITS.maxLog2N) return `log2N must be an integer from 1 to ${SCRYPT_LIMITS.maxLog2N}`;
  if (!Number.isInteger(r) || r < 1 || r > SCRYPT_LIMITS.maxR) return `r must be an integer from 1 to ${SCRYPT_LIMITS.maxR}`;
  if (!Number.isInteger(p) || p < 1 || p > SCRYPT_LIMITS.maxP) return `p must be an integer from 1 to ${SCRYPT_LIMITS.maxP}`;
  if (scryptMemoryBytes(cost) > SCRYPT_LIMITS.maxMemoryBytes) return `needs more than ${SCRYPT_LIMITS.maxMemoryBytes / 2 ** 20} MiB`;
  if (2 ** log2N * r * p > SCRYPT_LIMITS.maxWork) return `N·r·p exceeds 2^${Math.log2(SCRYPT_LIMITS.maxWork)}`;
  return undefined;
}

/** Bytes scrypt allocates for a cost (as @noble/hashes counts them against its maxmem). */
export function scryptMemoryBytes({ log2N, r, p }: ScryptCost): number {
  return 128 * r * (2 ** log2N + p + 1);
}

export interface DeriveOptions {
  /** Called with the fraction done (0..1), for a progress bar on slow devices. */
  onProgress?: (fraction: number) => void;
}

/** Stretches a passphrase into `length` bytes; yields to the event loop so a UI thread stays responsive. */
export async function stretchPassphrase(passphrase: string, params: ScryptParams, length: number, options: DeriveOptions = {}): Promise<Uint8Array> {
  const problem = scryptCostProblem(params);
  if (problem !== undefined) throw new RangeError(`scrypt cost out of range: ${problem}`);
  return scryptAsync(passphrase, params.salt, {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    dkLen: length,
    maxmem: SCRYPT_LIMITS.maxMemoryBytes,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/** Milliseconds one derivation at `cost` takes here and now. */
export async function timeScrypt(cost: ScryptCost): Promise<number> {
  const params = { ...cost, salt: crypto.getRandomValues(new Uint8Array(16)) };
  const start = performance.now();
  await stretchPassphrase('calibration', params, 64);
  return performance.now() - start;
}

export interface CalibrationOptions {
  targetMs?: number;
  minLog2N?: number;
  maxLog2N?: number;
  r?: number;
  p?: number;
  /** How to time one derivation; real scrypt unless a test injects a model of the device. */
  measure?: (cost: ScryptCost) => Promise<number>;
}

export interface Calibration {
  cost: ScryptCost;
  /** What the chosen cost took when measured. */
  measuredMs: number;
}

/**
 * Picks the scrypt cost whose derivation takes closest to `targetMs` (250 ms) on this device.
 * It times N = 2^minLog2N, doubles N until a derivation reaches the target, then keeps
 * whichever of the last two measured costs is nearer the target in ratio. Every choice rests
 * on a real measurement (scrypt slows more than linearly as it outgrows the CPU caches, so
 * extrapolating from a small N would undershoot). On a fast device it costs about twice the
 * target in total; on a slow one, a single derivation at the minimum.
 */
export async function calibrateScrypt(options: CalibrationOptions = {}): Promise<Calibration> {
  const {
    targetMs = CALIBRATION_TARGET_MS,
    minLog2N = CALIBRATION_MIN_LOG2N,
    maxLog2N = CALIBRATION_MAX_LOG2N,
    r = DEFAULT_SCRYPT_COST.r,
    p = DEFAULT_SCRYPT_COST.p,
    measure = timeScrypt,
  } = options;
  if (!(targetMs > 0)) throw new RangeError('the calibration target must be a positive number of milliseconds');
  if (!Number.isInteger(minLog2N) || !Number.isInteger(maxLog2N) || minLog2N > maxLog2N) {
    throw new RangeError(`calibration bounds must be integers with min ≤ max, got ${minLog2N}..${maxLog2N}`);
  }
  for (const log2N of [minLog2N, maxLog2N]) {
    const problem = scryptCostProblem({ log2N, r, p });
    if (problem !== undefined) throw new RangeError(`calibration bound out of range: ${problem}`);
  }

  // The first run pays for JIT compilation and page faults; a small warm-up keeps it out of the timing.
  await measure({ log2N: Math.max(1, minLog2N - 4), r, p });

  let previous: Calibration | undefined;
  for (let log2N = minLog2N; ; log2N++) {
    const current: Calibration = { cost: { log2N, r, p }, measuredMs: await measure({ log2N, r, p }) };
    if (current.measuredMs >= targetMs) {
      if (previous === undefined) return current;
      return targetMs / previous.measuredMs <= current.measuredMs / targetMs ? previous : current;
    }
    if (log2N === maxLog2N) return current;
    previous = current;
  }
}
