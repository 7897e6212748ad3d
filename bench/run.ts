/**
 * `npm run bench`: the protocol core against npm bolt11 and LDK (lightningdevkit WASM).
 * Prints readable tables, then one JSON line with every figure as the last line of output.
 */
import { describeEnvironment, environmentRows } from './environment.ts';
import { initLdk } from './ldk/wasm.ts';
import { figure, printTable, roundAll } from './report.ts';
import { runBolt11Section } from './sections/bolt11.ts';
import { runCommitmentSection } from './sections/commitment.ts';
import { runNoiseSection } from './sections/noise.ts';

const RATE_OPTIONS = { warmupMs: 500, runMs: 1000, runs: 5 };

const started = performance.now();
const environment = describeEnvironment();
const ldkWasm = await initLdk();
printTable('Environment', ['', ''], [
  ...environmentRows(environment),
  ['LDK WASM init (read + compile + instantiate, once)', `${figure(ldkWasm.milliseconds)} ms for ${figure(ldkWasm.wasmBytes / 1048576)} MiB`],
]);

const bolt11 = runBolt11Section(RATE_OPTIONS);
const noise = runNoiseSection({ handshakeWarmup: 5, handshakeSamples: 30, roundWarmup: 2, roundSamples: 9 });
const commitment = runCommitmentSection({ ...RATE_OPTIONS, runs: 3 });
const totalSeconds = (performance.now() - started) / 1000;
console.log(`\nTotal bench time ${figure(totalSeconds)} s. Ratios are medians of interleaved runs; see bench/README.md for what is compared.\n`);

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
