/**
 * `npm run bench:pathfinding`: the pathfinder (src/engine/routing) on a synthetic, seeded,
 * scale-free-ish graph of 10,000 channels over 2,500 nodes. Times building the search index
 * (once per graph version in the engine), then findRoute to random payees for random amounts,
 * without and with a scorer holding learned liquidity, and splitPayment for amounts no single
 * channel of ours can send. Target: a search well under 50 ms. Prints tables, then one JSON line.
 *
 *   npm run bench:pathfinding -- [--searches 200] [--warmup 30] [--nodes 2500] [--channels 10000] [--seed 1]
 *
 * Each search is timed on its own (performance.now()); a failed search includes the reruns that
 * name the failure's reason. CPU time (process.cpuUsage()) is reported per batch.
 */
import { parseArgs } from 'node:util';
import { findRoute, ProbabilityScorer, RoutingGraph, routingGraph, splitPayment, type FirstHop, type RouteRequest } from '../src/engine/routing/index.ts';
import { randomNodeId, seededRandom, syntheticGraph } from '../src/engine/routing/synthetic-graph.ts';
import { describeEnvironment, environmentRows } from './environment.ts';
import { integerFlag } from './flags.ts';
import { figure, printTable, roundAll } from './report.ts';
import { median, quantile, startStopwatch } from './timing.ts';

const { values: flags } = parseArgs({
  options: {
    searches: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '30' },
    nodes: { type: 'string', default: '2500' },
    channels: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
  },
});

const SEARCHES = integerFlag('searches', flags.searches);
const WARMUP = integerFlag('warmup', flags.warmup);
const NODES = integerFlag('nodes', flags.nodes);
const CHANNELS = integerFlag('channels', flags.channels);
const SEED = integerFlag('seed', flags.seed);
const TARGET_MS = 50;

const started = performance.now();
const environment = describeEnvironment();
printTable('Environment', ['', ''], environmentRows(environment));

// ---------------------------------------------------------------- graph

const generateStarted = performance.now();
const { view, nodeIds, degree } = syntheticGraph({ nodes: NODES, channels: CHANNELS, seed: SEED });
const generateMs = performance.now() - generateStarted;
const channelList = [...view.channels()];

const coldStarted = performance.now();
const index = routingGraph(view);
const coldBuildMs = performance.now() - coldStarted;
const buildSamples: number[] = [];
for (let i = 0; i < 7; i++) {
  const stop = performance.now();
  new RoutingGraph(`rebuild-${i}`, channelList);
  buildSamples.push(performance.now() - stop);
}
const cachedStarted = performance.now();
for (let i = 0; i < 1000; i++) routingGraph(view);
const cachedLookupUs = ((performance.now() - cachedStarted) * 1000) / 1000;

const degrees = [...degree].sort((a, b) => b - a);
printTable(`Graph (seed ${SEED})`, ['', ''], [
  ['Nodes / channels / usable directed edges', `${index.nodeCount} / ${index.channelCount} / ${index.edgeCount}`],
  ['Largest degrees', degrees.slice(0, 5).join(', ')],
  ['Median degree', String(median(degree))],
  ['Generating the synthetic graph', `${figure(generateMs)} ms`],
  ['Index build, first (cold JIT)', `${figure(coldBuildMs)} ms`],
  ['Index build, median of 7 rebuilds', `${figure(median(buildSamples))} ms`],
  ['Cached index lookup (same version)', `${figure(cachedLookupUs)} µs`],
]);

// ---------------------------------------------------------------- searches

const random = seededRandom(SEED * 7919);
const payer = randomNodeId(random);
const byDegree = nodeIds.map((id, i) => [id, degree[i]!] as const).sort((a, b) => b[1] - a[1]);
const firstHops: FirstHop[] = [
  { peer: byDegree[0]![0], scid: '1x1x0', availableMsat: 5_000_000_000n },
  { peer: byDegree[9]![0], scid: '1x2x0', availableMsat: 3_000_000_000n },
  { peer: nodeIds[Math.floor(random() * nodeIds.length)]!, scid: '1x3x0', availableMsat: 2_000_000_000n },
];

interface Job {
  payee: string;
  amountMsat: bigint;
}
const jobs = (count: number, minSat: number, maxSat: number): Job[] =>
  Array.from({ length: count }, () => ({
    payee: nodeIds[Math.floor(random() * nodeIds.length)]!,
    amountMsat: BigInt(Math.floor(Math.exp(Math.log(minSat) + random() * (Math.log(maxSat) - Math.log(minSat))))) * 1000n,
  }));

const requestFor = (job: Job, scorer?: ProbabilityScorer): RouteRequest => ({
  payer,
  payee: job.payee,
  amountMsat: job.amountMsat,
  finalCltvDelta: 18,
  blockHeight: 800_000,
  firstHops,
  graph: view,
  scorer,
  now: 10 * 60_000,
});

// A scorer with 1,000 learned channel bounds and 50 penalised nodes, as after a busy day.
const scorer = new ProbabilityScorer();
for (let i = 0; i < 1000; i++) {
  const channel = channelList[Math.floor(random() * channelList.length)]!;
  const direction = random() < 0.5 ? 0 : 1;
  const amount = BigInt(Math.floor(random() * (channel.capacitySat ?? 1_000_000) * 1000));
  if (random() < 0.6) scorer.recordFailure(channel.scid, direction, amount, 0);
  else scorer.recordChannelSuccess(channel.scid, direction, amount, 0);
}
for (let i = 0; i < 50; i++) scorer.penalizeNode(nodeIds[Math.floor(random() * nodeIds.length)]!, 0);

interface Batch {
  label: string;
  times: number[];
  foundTimes: number[];
  failedTimes: number[];
  outcomes: Record<string, number>;
  /** Of each route found: its hops, or the parts of a split payment. */
  sizes: number[];
  cpuMs: number;
  wallMs: number;
}

/** Times `search` on each request on its own; it returns the size of what it found, or the failure's reason. */
function timeBatch(label: string, requests: readonly RouteRequest[], search: (request: RouteRequest) => number | string): Batch {
  const batch: Batch = { label, times: [], foundTimes: [], failedTimes: [], outcomes: {}, sizes: [], cpuMs: 0, wallMs: 0 };
  const stop = startStopwatch();
  for (const request of requests) {
    const t0 = performance.now();
    const outcome = search(request);
    const ms = performance.now() - t0;
    batch.times.push(ms);
    const name = typeof outcome === 'number' ? 'found' : outcome;
    batch.outcomes[name] = (batch.outcomes[name] ?? 0) + 1;
    if (typeof outcome === 'number') {
      batch.foundTimes.push(ms);
      batch.sizes.push(outcome);
    } else batch.failedTimes.push(ms);
  }
  return { ...batch, ...stop() };
}

const hopsOf = (request: RouteRequest) => {
  const result = findRoute(request);
  return result.ok ? result.route.hops.length : result.failure.reason;
};
const partsOf = (request: RouteRequest) => {
  const result = splitPayment(request);
  return result.ok ? result.routes.length : result.failure.reason;
};

function runSearches(label: string, list: Job[], withScorer: ProbabilityScorer | undefined): Batch {
  for (const job of jobs(WARMUP, 1_000, 1_000_000)) findRoute(requestFor(job, withScorer));
  return timeBatch(label, list.map((job) => requestFor(job, withScorer)), hopsOf);
}

const searchJobs = jobs(SEARCHES, 1_000, 1_000_000);
const plain = runSearches('findRoute, no scorer', searchJobs, undefined);
const scored = runSearches('findRoute, scorer with 1,000 bounds', searchJobs, scorer);

// Split payments of 6–9 million sat: more than our largest channel (5 million sat) can send alone.
const splitJobs = jobs(Math.max(10, Math.floor(SEARCHES / 10)), 6_000_000, 9_000_000);
const split = timeBatch('splitPayment, 6–9 M sat', splitJobs.map((job) => requestFor(job)), partsOf);

const summary = (batch: Batch) => ({
  count: batch.times.length,
  outcomes: batch.outcomes,
  medianMs: median(batch.times),
  p90Ms: quantile(batch.times, 0.9),
  maxMs: Math.max(...batch.times),
  foundMedianMs: batch.foundTimes.length > 0 ? median(batch.foundTimes) : NaN,
  failedMedianMs: batch.failedTimes.length > 0 ? median(batch.failedTimes) : NaN,
  cpuMsPerCall: batch.cpuMs / batch.times.length,
});
const sizes = (batch: Batch) => ({
  median: batch.sizes.length > 0 ? median(batch.sizes) : NaN,
  max: batch.sizes.length > 0 ? Math.max(...batch.sizes) : NaN,
});

const summaries = [plain, scored].map((batch) => ({ ...summary(batch), medianHops: sizes(batch).median }));
const splitSummary = { ...summary(split), medianParts: sizes(split).median, maxParts: sizes(split).max };
printTable(
  `Searches from 3 first hops to ${SEARCHES} random payees, 1,000 – 1,000,000 sat (after ${WARMUP} warm-up searches)`,
  ['', 'found', 'median ms', 'p90 ms', 'max ms', 'found med.', 'failed med.', 'CPU ms/call', 'hops', `< ${TARGET_MS} ms`],
  [plain, scored, split].map((batch, i) => {
    const s = i < 2 ? summaries[i]! : splitSummary;
    return [
      batch.label,
      `${batch.outcomes.found ?? 0}/${batch.times.length}`,
      figure(s.medianMs),
      figure(s.p90Ms),
      figure(s.maxMs),
      figure(s.foundMedianMs),
      figure(s.failedMedianMs),
      figure(s.cpuMsPerCall),
      i < 2 ? String(summaries[i]!.medianHops) : `${splitSummary.medianParts} parts`,
      s.p90Ms < TARGET_MS ? 'yes (p90)' : 'NO',
    ];
  }),
);
const failureLine = (batch: Batch) =>
  Object.entries(batch.outcomes)
    .filter(([outcome]) => outcome !== 'found')
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(', ') || 'none';
console.log(`\nFailures — no scorer: ${failureLine(plain)}; with scorer: ${failureLine(scored)}; split: ${failureLine(split)}.`);
const totalSeconds = (performance.now() - started) / 1000;
console.log(`Total bench time ${figure(totalSeconds)} s.\n`);

console.log(
  JSON.stringify(
    roundAll({
      environment,
      graph: { seed: SEED, nodes: index.nodeCount, channels: index.channelCount, directedEdges: index.edgeCount, generateMs, coldBuildMs, buildMedianMs: median(buildSamples), buildSamplesMs: buildSamples, cachedLookupUs },
      findRoute: summaries[0],
      findRouteWithScorer: summaries[1],
      splitPayment: splitSummary,
      targetMs: TARGET_MS,
      totalSeconds,
    }),
  ),
);
