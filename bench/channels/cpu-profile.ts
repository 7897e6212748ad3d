/**
 * `--cpu-profile`: V8's sampling profiler over the measured rounds (node:inspector, in this
 * process), each sample given to the round it fell in and to a category by its stack: which part
 * of our engine, or the LDK nodes (lsp and the LDK payer share the code, so only the round tells
 * them apart), or the runtime.
 */
import { Session, type Profiler } from 'node:inspector/promises';

const OUR_PARTS: [string, RegExp][] = [
  ['ours: store commit (encode, check, copy)', /\/src\/node\/(file-store|tagged-json|frames)\.ts|\/src\/engine\/storage\//],
  ['ours: invoice parse + onion', /\/src\/protocol\/(bolt11|bolt4)\/|\/direct-payments\.ts/],
  ['ours: channel step (commitments, keys, signatures)', /\/src\/engine\/channel\/|\/src\/protocol\/bolt3\//],
  ['ours: transport (Noise, wire codec)', /\/src\/protocol\/(bolt8|bolt1|codec)\/|\/src\/protocol\/wire|\/src\/engine\/(transport|peer)\//],
  ['ours: node, chain, wallet', /\/src\//],
];
const LDK_WASM = 'LDK nodes: WASM + JS bindings';
const LDK_FILES = 'LDK nodes: devnet file writes (sync fs)';
const LDK_GLUE = 'LDK nodes: devnet glue (events, payments.json, logs, sockets)';
const BENCH = 'this bench (timing, tracing)';

export const CATEGORIES = [...OUR_PARTS.map(([name]) => name), LDK_WASM, LDK_FILES, LDK_GLUE, BENCH, 'garbage collector', 'other (runtime, sockets, idle excluded)'];

/** `urls` from the sampled frame outwards. */
function categorise(urls: string[], leaf: string): string | undefined {
  if (leaf === '(idle)') return undefined;
  if (leaf === '(garbage collector)') return 'garbage collector';
  if (urls.some((u) => u.includes('/devnet/ldk/') || u.includes('lightningdevkit'))) {
    const innermost = urls.find((u) => u !== '') ?? '';
    if (innermost.startsWith('wasm://') || innermost.includes('lightningdevkit')) return LDK_WASM;
    if (innermost === 'node:fs' || innermost.startsWith('node:internal/fs')) return LDK_FILES;
    return LDK_GLUE;
  }
  for (const [name, pattern] of OUR_PARTS) if (urls.some((u) => pattern.test(u))) return name;
  if (urls.some((u) => u.includes('/bench/'))) return BENCH;
  return 'other (runtime, sockets, idle excluded)';
}

/** Monotonic microseconds: the profile's clock (hrtime). */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

export interface CpuProfiler {
  /** Milliseconds per category within each [start, end) span (microseconds from `monotonicUs`). */
  stop(spans: readonly (readonly [number, number])[]): Promise<Map<string, number>[]>;
}

export async function startCpuProfiler(): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    stop: async (spans) => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return attribute(profile, spans);
    },
  };
}

function attribute(profile: Profiler.Profile, spans: readonly (readonly [number, number])[]): Map<string, number>[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, string | undefined>();
  const category = (id: number): string | undefined => {
    if (!categoryOf.has(id)) {
      const urls: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) urls.push(nodes.get(at)!.callFrame.url);
      categoryOf.set(id, categorise(urls, nodes.get(id)!.callFrame.functionName));
    }
    return categoryOf.get(id);
  };
  const out = spans.map(() => new Map<string, number>());
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    // A sample stands for the interval up to the next one.
    const weight = (deltas[i + 1] ?? 0) / 1000;
    const span = spans.findIndex(([start, end]) => t >= start && t < end);
    const name = category(samples[i]!);
    if (span < 0 || name === undefined) continue;
    out[span]!.set(name, (out[span]!.get(name) ?? 0) + weight);
  }
  return out;
}
