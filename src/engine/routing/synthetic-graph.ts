/**
 * A seeded synthetic Lightning graph for the benchmark and the invariant tests: scale-free-ish
 * (a preferential-attachment spanning tree, then channels from uniform nodes to degree-weighted
 * ones), log-uniform capacities, typical fee and CLTV policies, a few disabled or missing
 * directions. Same seed, same graph.
 */
import type { ChannelPolicy, GraphChannel, GraphView, NodeId } from './types.ts';

/** A fixed list of channels as a GraphView. */
export class StaticGraph implements GraphView {
  constructor(
    readonly list: readonly GraphChannel[],
    readonly version: number | string = 1,
  ) {}

  channels(): Iterable<GraphChannel> {
    return this.list;
  }
}

/** mulberry32: a small, fast, seeded PRNG returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticGraphOptions {
  nodes: number;
  channels: number;
  seed: number;
  /** Share of directions with no policy, and of disabled ones. Defaults 0.03 and 0.03. */
  missingPolicyShare?: number;
  disabledShare?: number;
}

export interface SyntheticGraph {
  view: StaticGraph;
  nodeIds: NodeId[];
  /** Channel count per node, by index in nodeIds. */
  degree: number[];
}

export function randomNodeId(random: () => number): NodeId {
  let id = random() < 0.5 ? '02' : '03';
  for (let i = 0; i < 8; i++) id += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  return id;
}

const BASE_FEES = [0, 0, 100, 1000, 1000, 1000, 1000, 2000, 5000];
const CLTV_DELTAS = [18, 34, 40, 40, 72, 80, 144, 144];

export function syntheticGraph(options: SyntheticGraphOptions): SyntheticGraph {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const missing = options.missingPolicyShare ?? 0.03;
  const disabled = options.disabledShare ?? 0.03;
  const nodeIds = Array.from({ length: options.nodes }, () => randomNodeId(random));
  const degree = new Array<number>(options.nodes).fill(0);
  const endpoints: number[] = [];
  const pairs = new Set<string>();
  const list: GraphChannel[] = [];

  const policy = (capacitySat: number): ChannelPolicy | undefined => {
    if (random() < missing) return undefined;
    return {
      feeBaseMsat: pick(BASE_FEES),
      feeProportionalMillionths: Math.floor(Math.exp(random() * Math.log(2000))),
      cltvExpiryDelta: pick(CLTV_DELTAS),
      htlcMinimumMsat: random() < 0.7 ? 1000 : 1,
      htlcMaximumMsat: random() < 0.8 ? Math.floor(capacitySat * 1000 * 0.99) : undefined,
      disabled: random() < disabled,
    };
  };

  const connect = (a: number, b: number): boolean => {
    if (a === b) return false;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (pairs.has(key)) return false;
    pairs.add(key);
    const capacitySat = Math.floor(Math.exp(Math.log(20_000) + random() * (Math.log(50_000_000) - Math.log(20_000))));
    const [node1, node2] = nodeIds[a]! < nodeIds[b]! ? [nodeIds[a]!, nodeIds[b]!] : [nodeIds[b]!, nodeIds[a]!];
    const block = 500_000 + list.length;
    list.push({ scid: `${block}x${Math.floor(random() * 3000)}x${Math.floor(random() * 2)}`, node1, node2, capacitySat, node1Policy: policy(capacitySat), node2Policy: policy(capacitySat) });
    degree[a]!++;
    degree[b]!++;
    endpoints.push(a, b);
    return true;
  };

  // Degree-weighted pick among nodes [0, limit), with some uniform mixing.
  const preferential = (limit: number): number => {
    if (endpoints.length === 0 || random() < 0.15) return Math.floor(random() * limit);
    for (let tries = 0; tries < 8; tries++) {
      const node = endpoints[Math.floor(random() * endpoints.length)]!;
      if (node < limit) return node;
    }
    return Math.floor(random() * limit);
  };

  for (let k = 1; k < options.nodes && list.length < options.channels; k++) connect(k, preferential(k));
  let attempts = 0;
  while (list.length < options.channels && attempts++ < options.channels * 20) connect(Math.floor(random() * options.nodes), preferential(options.nodes));
  return { view: new StaticGraph(list), nodeIds, degree };
}
