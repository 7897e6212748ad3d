/**
 * `npm run bench`: the protocol core against npm bolt11 and LDK (lightningdevkit WASM).
 * Prints readable tables, then one JSON line with every figure as the last line of output.
 */
import { describeEnvironment } from './environment.ts';
import { initLdk } from './ldk/wasm.ts';
import { figure, printTable, rounded } from './report.ts';
import { runBolt11Section } from './sections/bolt11.ts';
import { runCommitmentSection } from './sections/commitment.ts';
import { runNoiseSection } from './sections/noise.ts';

const RATE_OPTIONS = { warmupMs: 500, runMs: 1000, runs: 5 };

const started = performance.now();
const environment = describeEnvironment();
const ldkWasm = await initLdk();
printTable('Environment', ['', ''], [
  ['Node', `${environment.node} (V8 ${environment.v8})`],
  ['Platform', environment.platform],
  ['CPU', `${environment.cpu} × ${environment.cores}`],
  ['Load average (1 min) at start', String(environment.loadAverage1m)],
  ['LDK WASM init (read + compile + instantiate, once)', `${figure(ldkWasm.milliseconds)} ms for ${figure(ldkWasm.wasmBytes / 1048576)} MiB`],
]);

const bolt11 = runBolt11Section(RATE_OPTIONS);
const noise = runNoiseSection({ handshakeWarmup: 5, handshakeSamples: 30, roundWarmup: 2, roundSamples: 9 });
const commitment = runCommitmentSection({ ...RATE_OPTIONS, runs: 3 });
const totalSeconds = (performance.now() - started) / 1000;
console.log(`\nTotal bench time ${figure(totalSeconds)} s. Ratios are medians of interleaved runs; see bench/README.md for what is compared.\n`);

/** Rounds every number in a JSON-able value. */
function roundAll(value: unknown): unknown {
  if (typeof value === 'number') return rounded(value);
  if (Array.isArray(value)) return value.map(roundAll);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, roundAll(inner)]));
  return value;
}

console.log(
  JSON.stringify(
    roundAll({
      environment,
      ldkWasmInitMs: ldkWasm.milliseconds,
      bolt11,
      noise,
      commitment,
      totalSeconds,
    }),
  ),
);
