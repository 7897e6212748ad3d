/**
 * Timing helpers: warm up, then repeat a batch of work until it has run for at least a given
 * time, several times over, and keep the median rate. Contenders measured together are
 * interleaved run by run, so a load spike on the machine hits all of them alike.
 *
 * Every measurement records wall time (performance.now()) and this process's CPU time
 * (process.cpuUsage(), all threads: user + system). On a machine shared with other work the
 * wall figures include time spent waiting for a core; the CPU figures do not.
 */

export interface Elapsed {
  wallMs: number;
  cpuMs: number;
}

/** Starts a stopwatch; calling the result returns the time elapsed since. */
export function startStopwatch(): () => Elapsed {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  return () => {
    const wallMs = performance.now() - wallStart;
    const cpu = process.cpuUsage(cpuStart);
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** A unit of work that reports how many operations it performed. */
export type Batch = () => number;

export interface RateOptions {
  /** Warm-up time per contender before any measurement. */
  warmupMs: number;
  /** Minimum wall duration of one measured run. */
  runMs: number;
  /** Number of measured runs; the median is reported. */
  runs: number;
}

export interface Rate {
  /** Median operations per wall-clock second over the runs. */
  opsPerSecond: number;
  /** Median operations per CPU second over the runs. */
  opsPerCpuSecond: number;
  /** Each run's operations per wall-clock second, in run order. */
  runs: number[];
  /** Each run's operations per CPU second, in run order. */
  cpuRuns: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The smallest value with at least a `q` share of the values at or below it (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Runs `batch` repeatedly for at least `minMs` of wall time; returns operations per wall and per CPU second. */
function runFor(batch: Batch, minMs: number): { perWallSecond: number; perCpuSecond: number } {
  let operations = 0;
  const stop = startStopwatch();
  let elapsed: Elapsed;
  do {
    operations += batch();
    elapsed = stop();
  } while (elapsed.wallMs < minMs);
  return { perWallSecond: (operations * 1000) / elapsed.wallMs, perCpuSecond: (operations * 1000) / elapsed.cpuMs };
}

/** Measures several batches with interleaved runs; returns their rates in the same order. */
export function measureRates(batches: readonly Batch[], options: RateOptions): Rate[] {
  for (const batch of batches) runFor(batch, options.warmupMs);
  const runs = batches.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let run = 0; run < options.runs; run++) {
    batches.forEach((batch, index) => {
      const rate = runFor(batch, options.runMs);
      runs[index]!.wall.push(rate.perWallSecond);
      runs[index]!.cpu.push(rate.perCpuSecond);
    });
  }
  return runs.map(({ wall, cpu }) => ({ opsPerSecond: median(wall), opsPerCpuSecond: median(cpu), runs: wall, cpuRuns: cpu }));
}
