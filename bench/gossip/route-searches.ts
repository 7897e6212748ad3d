/**
 * Route searches over the graph the wallet synced: the engine's own view of its GraphStore
 * (src/engine/payments/graph-view.ts), from the wallet with one channel to the lsp, to random
 * synthetic nodes. Each search timed on its own; the first call also pays for the search index
 * (built once per graph version), timed apart.
 */
import { graphView } from '../../src/engine/payments/graph-view.ts';
import type { GraphStore } from '../../src/engine/gossip/graph-store.ts';
import { findRoute, routingGraph, splitPayment, type FirstHop, type RouteRequest } from '../../src/engine/routing/index.ts';
import { seededRandom } from '../../src/engine/routing/synthetic-graph.ts';
import { median, quantile } from '../timing.ts';

export interface SearchBatch {
  count: number;
  found: number;
  outcomes: Record<string, number>;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  /** Hops of each route found (findRoute), parts of each split (splitPayment). */
  medianSize: number;
  maxSize: number;
}

export interface RouteSearches {
  indexBuildMs: number;
  nodes: number;
  channels: number;
  directedEdges: number;
  single: SearchBatch;
  split: SearchBatch;
}

export function runRouteSearches(options: {
  graph: GraphStore;
  payer: string;
  lsp: string;
  payees: readonly string[];
  searches: number;
  warmup: number;
  seed: number;
  /** What our one channel to the lsp can send. */
  firstHopMsat: bigint;
  /** Amount ranges in sat (log-uniform): single routes, and split payments. */
  singleSat: [number, number];
  splitSat: [number, number];
}): RouteSearches {
  const view = graphView(options.graph);
  const random = seededRandom(options.seed);
  const firstHops: FirstHop[] = [{ peer: options.lsp, scid: '150x1x0', availableMsat: options.firstHopMsat }];
  const request = (payee: string, amountMsat: bigint): RouteRequest => ({
    payer: options.payer,
    payee,
    amountMsat,
    finalCltvDelta: 18,
    blockHeight: 200,
    firstHops,
    graph: view,
    now: Date.now(),
  });
  const jobs = (count: number, [minSat, maxSat]: [number, number]) =>
    Array.from({ length: count }, () =>
      request(options.payees[Math.floor(random() * options.payees.length)]!, BigInt(Math.floor(Math.exp(Math.log(minSat) + random() * (Math.log(maxSat) - Math.log(minSat))))) * 1000n),
    );

  const buildStarted = performance.now();
  const index = routingGraph(view);
  const indexBuildMs = performance.now() - buildStarted;

  const single = timeBatch(jobs(options.warmup, options.singleSat), jobs(options.searches, options.singleSat), (r) => {
    const result = findRoute(r);
    return result.ok ? result.route.hops.length : result.failure.reason;
  });
  const split = timeBatch(jobs(Math.ceil(options.warmup / 3), options.splitSat), jobs(Math.max(10, Math.floor(options.searches / 4)), options.splitSat), (r) => {
    const result = splitPayment(r);
    return result.ok ? result.routes.length : result.failure.reason;
  });
  return { indexBuildMs, nodes: index.nodeCount, channels: index.channelCount, directedEdges: index.edgeCount, single, split };
}

function timeBatch(warmup: RouteRequest[], requests: RouteRequest[], search: (request: RouteRequest) => number | string): SearchBatch {
  for (const request of warmup) search(request);
  const times: number[] = [];
  const sizes: number[] = [];
  const outcomes: Record<string, number> = {};
  for (const request of requests) {
    const t0 = performance.now();
    const outcome = search(request);
    times.push(performance.now() - t0);
    const name = typeof outcome === 'number' ? 'found' : outcome;
    outcomes[name] = (outcomes[name] ?? 0) + 1;
    if (typeof outcome === 'number') sizes.push(outcome);
  }
  return {
    count: requests.length,
    found: sizes.length,
    outcomes,
    medianMs: median(times),
    p90Ms: quantile(times, 0.9),
    maxMs: Math.max(...times),
    medianSize: sizes.length > 0 ? median(sizes) : NaN,
    maxSize: sizes.length > 0 ? Math.max(...sizes) : NaN,
  };
}
