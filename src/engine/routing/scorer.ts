/**
 * Success probabilities learned from past payment attempts. For each directed channel we keep
 * bounds on the liquidity its sender has towards the other side: a failure to forward A msat means
 * liquidity < A, a success means liquidity ≥ A. Knowledge fades with a half-life: a lower bound
 * decays towards 0, an upper bound's distance below the capacity decays towards 0 (the bound rises
 * to the capacity). The success probability of carrying `a` is that of a liquidity uniformly
 * distributed between the bounds. Nodes that misbehave are penalised, the penalty fading alike.
 *
 * An upper bound needs the capacity to decay, which the recording calls do not know; so a channel
 * keeps a short list of (bound, time) pairs, none dominated by another (lower and newer), and the
 * tightest one is picked when the capacity is known, at query time.
 *
 * The state is plain data (ScorerState) for the engine to persist. Times are milliseconds.
 */
import type { Direction, Hop, LiquidityBounds, LiquiditySource, NodeId, Route, Scid } from './types.ts';

export interface TimedMsat {
  msat: number;
  at: number;
}

export interface ChannelLiquidityState {
  /** Liquidity was at least msat at `at`. */
  lower?: TimedMsat | undefined;
  /** Liquidity was at most msat at `at`; oldest first, bounds strictly rising. */
  upper: TimedMsat[];
}

export interface NodePenaltyState {
  weight: number;
  at: number;
}

export interface ScorerState {
  version: 1;
  /** Keyed `${scid}/${direction}`. */
  channels: Record<string, ChannelLiquidityState>;
  nodes: Record<NodeId, NodePenaltyState>;
}

export interface ScorerOptions {
  /** Default one hour. */
  halfLifeMs: number;
  /** Success probability factor of a node per unit of penalty (each penalizeNode adds one). Default 0.5. */
  nodePenaltyFactor: number;
  /** Upper bounds kept per directed channel. Default 3. */
  maxUpperBounds: number;
}

const DEFAULT_OPTIONS: ScorerOptions = { halfLifeMs: 3_600_000, nodePenaltyFactor: 0.5, maxUpperBounds: 3 };

/** Knowledge weighing less than this is forgotten by prune(). */
const FORGOTTEN = 2 ** -10;

export function channelKey(scid: Scid, direction: Direction): string {
  return `${scid}/${direction}`;
}

function parseKey(key: string): [Scid, Direction] | undefined {
  const slash = key.lastIndexOf('/');
  const direction = key.slice(slash + 1);
  if (slash <= 0 || (direction !== '0' && direction !== '1')) return undefined;
  return [key.slice(0, slash), direction === '0' ? 0 : 1];
}

/** P(liquidity ≥ amount) for a liquidity uniform over the integers [lower, upper]. */
export function successProbability(amountMsat: number, lowerMsat: number, upperMsat: number): number {
  if (amountMsat <= lowerMsat) return 1;
  if (amountMsat > upperMsat) return 0;
  return (upperMsat - amountMsat + 1) / (upperMsat - lowerMsat + 1);
}

export class ProbabilityScorer implements LiquiditySource {
  readonly options: ScorerOptions;
  #channels = new Map<string, ChannelLiquidityState>();
  #nodes = new Map<NodeId, NodePenaltyState>();

  constructor(state?: ScorerState, options: Partial<ScorerOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    if (!(this.options.halfLifeMs > 0)) throw new RangeError('halfLifeMs must be positive');
    if (state === undefined) return;
    if (state.version !== 1) throw new RangeError(`unknown scorer state version ${String(state.version)}`);
    for (const [key, entry] of Object.entries(state.channels)) {
      if (parseKey(key) === undefined) continue;
      this.#channels.set(key, { ...(entry.lower ? { lower: { ...entry.lower } } : {}), upper: entry.upper.map((u) => ({ ...u })) });
    }
    for (const [node, penalty] of Object.entries(state.nodes)) this.#nodes.set(node, { ...penalty });
  }

  /** Weight left after `elapsedMs` of decay. */
  #decay(elapsedMs: number): number {
    return elapsedMs <= 0 ? 1 : 2 ** (-elapsedMs / this.options.halfLifeMs);
  }

  #lowerAt(entry: ChannelLiquidityState, now: number): number {
    return entry.lower === undefined ? 0 : entry.lower.msat * this.#decay(now - entry.lower.at);
  }

  #entry(scid: Scid, direction: Direction): ChannelLiquidityState {
    const key = channelKey(scid, direction);
    let entry = this.#channels.get(key);
    if (entry === undefined) {
      entry = { upper: [] };
      this.#channels.set(key, entry);
    }
    return entry;
  }

  /** The channel could not forward amountMsat in this direction: its liquidity is below it. */
  recordFailure(scid: Scid, direction: Direction, amountMsat: bigint, now: number): void {
    const bound = Math.max(0, Number(amountMsat) - 1);
    const entry = this.#entry(scid, direction);
    // Older bounds at or above the new one are dominated by it for ever after.
    entry.upper = entry.upper.filter((u) => u.msat < bound);
    entry.upper.push({ msat: bound, at: now });
    if (entry.upper.length > this.options.maxUpperBounds) entry.upper.splice(0, entry.upper.length - this.options.maxUpperBounds);
    const lower = this.#lowerAt(entry, now);
    if (entry.lower !== undefined) entry.lower = { msat: Math.min(lower, bound), at: now };
  }

  /** The channel forwarded amountMsat in this direction: its liquidity was at least that. */
  recordChannelSuccess(scid: Scid, direction: Direction, amountMsat: bigint, now: number): void {
    const amount = Number(amountMsat);
    const entry = this.#entry(scid, direction);
    entry.lower = { msat: Math.max(this.#lowerAt(entry, now), amount), at: now };
    entry.upper = entry.upper.filter((u) => u.msat >= amount);
  }

  /** Every channel of a route carried its amount (our own channel is not scored). */
  recordSuccess(route: Route, now: number): void {
    for (const hop of route.hops) if (hop.source !== 'first_hop') this.recordChannelSuccess(hop.scid, hop.direction, hop.amountMsat, now);
  }

  /**
   * The channel of hops[failedHop] failed to carry its amount (e.g. temporary_channel_failure from
   * the node before it); the channels before it did carry theirs.
   */
  recordRouteFailure(route: Route, failedHop: number, now: number): void {
    route.hops.forEach((hop: Hop, index) => {
      if (hop.source === 'first_hop' || index > failedHop) return;
      if (index < failedHop) this.recordChannelSuccess(hop.scid, hop.direction, hop.amountMsat, now);
      else this.recordFailure(hop.scid, hop.direction, hop.amountMsat, now);
    });
  }

  /** The node failed a payment in a way that blames it: every channel it forwards over counts as less likely. */
  penalizeNode(nodeId: NodeId, now: number, weight = 1): void {
    const current = this.#nodes.get(nodeId);
    const left = current === undefined ? 0 : current.weight * this.#decay(now - current.at);
    this.#nodes.set(nodeId, { weight: left + weight, at: now });
  }

  *knownChannels(): Iterable<readonly [Scid, Direction]> {
    for (const key of this.#channels.keys()) {
      const parsed = parseKey(key);
      if (parsed !== undefined) yield parsed;
    }
  }

  penalizedNodes(): Iterable<NodeId> {
    return this.#nodes.keys();
  }

  liquidity(scid: Scid, direction: Direction, capacityMsat: number | undefined, now: number, unknownCapacityMsat: number): LiquidityBounds {
    const known = capacityMsat !== undefined && capacityMsat >= 0;
    const target = known ? capacityMsat : unknownCapacityMsat;
    const entry = this.#channels.get(channelKey(scid, direction));
    let hardMaxMsat = known ? capacityMsat : Infinity;
    let lowerMsat = 0;
    if (entry !== undefined) {
      lowerMsat = this.#lowerAt(entry, now);
      for (const u of entry.upper) {
        const bound = u.msat >= target ? u.msat : target - (target - u.msat) * this.#decay(now - u.at);
        if (bound < hardMaxMsat) hardMaxMsat = bound;
      }
    }
    hardMaxMsat = Math.floor(hardMaxMsat);
    const upperMsat = Math.min(hardMaxMsat, target);
    return { lowerMsat: Math.min(Math.floor(lowerMsat), upperMsat), upperMsat, hardMaxMsat };
  }

  nodeFactor(nodeId: NodeId, now: number): number {
    const penalty = this.#nodes.get(nodeId);
    if (penalty === undefined) return 1;
    return this.options.nodePenaltyFactor ** (penalty.weight * this.#decay(now - penalty.at));
  }

  /** Drops what has decayed to (almost) nothing; returns how many records went. */
  prune(now: number): number {
    let dropped = 0;
    for (const [key, entry] of this.#channels) {
      const kept = entry.upper.filter((u) => this.#decay(now - u.at) >= FORGOTTEN);
      dropped += entry.upper.length - kept.length;
      entry.upper = kept;
      if (entry.lower !== undefined && this.#lowerAt(entry, now) < 1) {
        entry.lower = undefined;
        dropped++;
      }
      if (entry.lower === undefined && entry.upper.length === 0) this.#channels.delete(key);
    }
    for (const [node, penalty] of this.#nodes) {
      if (penalty.weight * this.#decay(now - penalty.at) < 0.01) {
        this.#nodes.delete(node);
        dropped++;
      }
    }
    return dropped;
  }

  /** A plain-data copy to persist; the constructor takes it back. */
  state(): ScorerState {
    const channels: Record<string, ChannelLiquidityState> = {};
    for (const [key, entry] of [...this.#channels].sort(([a], [b]) => (a < b ? -1 : 1))) {
      channels[key] = { ...(entry.lower ? { lower: { ...entry.lower } } : {}), upper: entry.upper.map((u) => ({ ...u })) };
    }
    const nodes: Record<NodeId, NodePenaltyState> = {};
    for (const [node, penalty] of [...this.#nodes].sort(([a], [b]) => (a < b ? -1 : 1))) nodes[node] = { ...penalty };
    return { version: 1, channels, nodes };
  }
}
