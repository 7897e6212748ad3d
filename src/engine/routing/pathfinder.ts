/**
 * Pathfinding from our channels to a payee: Dijkstra from the payee backwards, so that each node's
 * fee and CLTV delta are applied to the amount and expiry it actually forwards (BOLT 7). The cost
 * of a channel is its fee plus a per-hop penalty plus −ln(success probability) times a weight in
 * msat (see CostParams); the probability comes from the capacity and what the scorer has learned.
 * Hard limits: htlc_minimum/maximum, capacity and known liquidity, disabled channels (left out of
 * the index), our first hops' available balance, the fee and total CLTV limits, exclusions.
 *
 * Pure: it reads the graph view (through the cached index), the request and the scorer; it writes
 * only scratch arrays kept per graph index, reset by generation stamps instead of being cleared.
 */
import { hex } from '../../protocol/codec/bytes.ts';
import { formatScid } from '../../protocol/codec/codec.ts';
import { buildRoute, defaultMaxFeeMsat, directionOf, forwardingFee, parseScid, type PathEdge } from './fees.ts';
import { routingGraph, type RoutingGraph } from './graph-index.ts';
import { MinHeap } from './heap.ts';
import { successProbability } from './scorer.ts';
import {
  DEFAULT_COST_PARAMS,
  DEFAULT_MAX_TOTAL_CLTV_DELTA,
  type CostParams,
  type NodeId,
  type Route,
  type RouteFailure,
  type RouteRequest,
  type RouteResult,
  type Scid,
} from './types.ts';

const FIRST_HOP = 0;
const GRAPH = 1;
const HINT = 2;

interface HintEdge {
  src: number;
  dst: number;
  scid: Scid;
  feeBase: number;
  feeProportional: number;
  cltvDelta: number;
  /** msat; -1 when unknown. */
  capacity: number;
  lower: number;
  upper: number;
  hard: number;
}

interface FirstHopEdge {
  peer: number;
  scid: Scid;
  available: number;
  htlcMin: number;
}

/** A path found by one search, as (kind, ref) per channel from us to the payee. */
export interface FoundPath {
  kinds: number[];
  refs: number[];
  probability: number;
  cost: number;
}

/** Per-graph scratch: arrays valid for an entry only when its stamp equals the current generation. */
class Scratch {
  generation = 0;
  readonly edgeStamp: Int32Array;
  readonly edgeBlocked: Uint8Array;
  readonly edgeLower: Float64Array;
  readonly edgeUpper: Float64Array;
  readonly edgeHard: Float64Array;
  nodeCapacity = 0;
  nodeCtxStamp = new Int32Array(0);
  nodeBlocked = new Uint8Array(0);
  nodeFactor = new Float64Array(0);
  seen = new Int32Array(0);
  settled = new Int32Array(0);
  cost = new Float64Array(0);
  amount = new Float64Array(0);
  cltv = new Float64Array(0);
  probability = new Float64Array(0);
  next = new Int32Array(0);
  viaKind = new Uint8Array(0);
  viaRef = new Int32Array(0);
  readonly heap = new MinHeap(1024);

  constructor(edgeCount: number) {
    this.edgeStamp = new Int32Array(edgeCount);
    this.edgeBlocked = new Uint8Array(edgeCount);
    this.edgeLower = new Float64Array(edgeCount);
    this.edgeUpper = new Float64Array(edgeCount);
    this.edgeHard = new Float64Array(edgeCount);
  }

  nextGeneration(): number {
    if (this.generation >= 0x3fffffff) {
      this.generation = 0;
      for (const stamps of [this.edgeStamp, this.nodeCtxStamp, this.seen, this.settled]) stamps.fill(0);
    }
    return ++this.generation;
  }

  ensureNodes(count: number): void {
    if (count <= this.nodeCapacity) return;
    const n = Math.max(count + 64, Math.ceil(this.nodeCapacity * 1.5));
    this.nodeCapacity = n;
    this.nodeCtxStamp = new Int32Array(n);
    this.nodeBlocked = new Uint8Array(n);
    this.nodeFactor = new Float64Array(n);
    this.seen = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.cost = new Float64Array(n);
    this.amount = new Float64Array(n);
    this.cltv = new Float64Array(n);
    this.probability = new Float64Array(n);
    this.next = new Int32Array(n);
    this.viaKind = new Uint8Array(n);
    this.viaRef = new Int32Array(n);
  }
}

const scratches = new WeakMap<RoutingGraph, Scratch>();

function scratchFor(graph: RoutingGraph): Scratch {
  let scratch = scratches.get(graph);
  if (scratch === undefined) {
    scratch = new Scratch(graph.edgeCount);
    scratches.set(graph, scratch);
  }
  return scratch;
}

export interface SearchLimits {
  maxFee: number;
  maxCltv: number;
  /** htlc_maximum, capacity, known liquidity, first-hop balance. */
  enforceMax: boolean;
  /** htlc_minimum. */
  enforceMin: boolean;
}

/**
 * One request's view of the graph: overlay nodes and edges (route hints, first hops), exclusions
 * and learned liquidity, reusable for several searches (diagnosis, the parts of a split payment).
 */
export class SearchContext {
  readonly graph: RoutingGraph;
  readonly request: RouteRequest;
  readonly params: CostParams;
  readonly payer: number;
  readonly payee: number;
  readonly maxFeeMsat: bigint;
  readonly maxCltv: number;
  readonly #scratch: Scratch;
  readonly #ctx: number;
  readonly #extraIds: NodeId[] = [];
  readonly #extraIndex = new Map<NodeId, number>();
  readonly #hints: HintEdge[] = [];
  readonly #hintsInto = new Map<number, number[]>();
  readonly #firstHops: FirstHopEdge[] = [];
  readonly #firstHopsOf = new Map<number, number[]>();
  /** MPP: msat already committed per first hop. */
  readonly #firstHopReserved: number[] = [];

  constructor(request: RouteRequest) {
    const graph = routingGraph(request.graph);
    this.graph = graph;
    this.request = request;
    this.params = { ...DEFAULT_COST_PARAMS, ...request.cost };
    this.maxFeeMsat = request.maxFeeMsat ?? defaultMaxFeeMsat(request.amountMsat);
    this.maxCltv = request.maxTotalCltvDelta ?? DEFAULT_MAX_TOTAL_CLTV_DELTA;
    const scratch = scratchFor(graph);
    this.#scratch = scratch;
    this.#ctx = scratch.nextGeneration();
    const excludedChannels = new Set(request.excludedChannels ?? []);
    const { scorer, now, payer: payerId, payee: payeeId } = request;
    const unknownCapacity = this.params.unknownCapacityMsat;

    this.payer = this.#index(payerId);
    this.payee = this.#index(payeeId);

    // Route hints: each hop is a channel from its node to the next hop's node (the last one's to the payee).
    const hintKeys = new Set<string>();
    for (const hint of request.routeHints ?? []) {
      hint.forEach((hop, i) => {
        const from = hex(hop.pubkey);
        const next = hint[i + 1];
        const to = next === undefined ? payeeId : hex(next.pubkey);
        const scid = formatScid(hop.shortChannelId);
        if (from === to || from === payerId || excludedChannels.has(scid)) return;
        const direction = directionOf(from, to);
        const key = `${scid}/${direction}`;
        if (hintKeys.has(key)) return;
        hintKeys.add(key);
        const src = this.#index(from);
        const dst = this.#index(to);
        const channel = graph.scidIndex.get(scid);
        const capacity = channel === undefined ? -1 : graph.capacityMsat[channel]!;
        if (channel !== undefined) {
          // The hint describes this direction of a public channel: it replaces the gossip.
          const e = graph.channelEdge[2 * channel + direction]!;
          if (e >= 0 && graph.edgeSrc[e] === src && graph.edgeDst[e] === dst) this.#touchEdge(e).edgeBlocked[e] = 1;
        }
        const bounds = scorer?.liquidity(scid, direction, capacity >= 0 ? capacity : undefined, now, unknownCapacity);
        const index = this.#hints.length;
        this.#hints.push({
          src,
          dst,
          scid,
          feeBase: hop.feeBaseMsat,
          feeProportional: hop.feeProportionalMillionths,
          cltvDelta: hop.cltvExpiryDelta,
          capacity,
          lower: bounds?.lowerMsat ?? 0,
          upper: bounds?.upperMsat ?? (capacity >= 0 ? capacity : unknownCapacity),
          hard: bounds?.hardMaxMsat ?? (capacity >= 0 ? capacity : Infinity),
        });
        const into = this.#hintsInto.get(dst);
        if (into === undefined) this.#hintsInto.set(dst, [index]);
        else into.push(index);
      });
    }

    // Our channels, the roomiest first (ties by scid): the order decides between equal-cost choices.
    const firstHops = [...request.firstHops].sort((a, b) => (a.availableMsat > b.availableMsat ? -1 : a.availableMsat < b.availableMsat ? 1 : a.scid < b.scid ? -1 : a.scid > b.scid ? 1 : 0));
    for (const hop of firstHops) {
      if (hop.peer === payerId || excludedChannels.has(hop.scid) || hop.availableMsat <= 0n) continue;
      const peer = this.#index(hop.peer);
      const index = this.#firstHops.length;
      this.#firstHops.push({ peer, scid: hop.scid, available: safeNumber(hop.availableMsat), htlcMin: Number(hop.htlcMinimumMsat ?? 0n) });
      this.#firstHopReserved.push(0);
      const of = this.#firstHopsOf.get(peer);
      if (of === undefined) this.#firstHopsOf.set(peer, [index]);
      else of.push(index);
    }

    scratch.ensureNodes(graph.nodeCount + this.#extraIds.length);

    for (const scid of excludedChannels) {
      const channel = graph.scidIndex.get(scid);
      if (channel === undefined) continue;
      for (const direction of [0, 1]) {
        const e = graph.channelEdge[2 * channel + direction]!;
        if (e >= 0) this.#touchEdge(e).edgeBlocked[e] = 1;
      }
    }
    for (const node of request.excludedNodes ?? []) {
      const index = this.#lookup(node);
      if (index !== undefined && index !== this.payee && index !== this.payer) this.#touchNode(index).nodeBlocked[index] = 1;
    }
    if (scorer !== undefined) {
      for (const [scid, direction] of scorer.knownChannels()) {
        const channel = graph.scidIndex.get(scid);
        if (channel === undefined) continue;
        const e = graph.channelEdge[2 * channel + direction]!;
        if (e < 0) continue;
        const capacity = graph.capacityMsat[channel]!;
        const bounds = scorer.liquidity(scid, direction, capacity >= 0 ? capacity : undefined, now, unknownCapacity);
        const s = this.#touchEdge(e);
        s.edgeLower[e] = bounds.lowerMsat;
        s.edgeUpper[e] = bounds.upperMsat;
        s.edgeHard[e] = bounds.hardMaxMsat;
      }
      for (const node of scorer.penalizedNodes()) {
        const index = this.#lookup(node);
        if (index !== undefined) this.#touchNode(index).nodeFactor[index] = scorer.nodeFactor(node, now);
      }
    }
  }

  #lookup(id: NodeId): number | undefined {
    return this.graph.nodeIndex.get(id) ?? this.#extraIndex.get(id);
  }

  #index(id: NodeId): number {
    const known = this.#lookup(id);
    if (known !== undefined) return known;
    const index = this.graph.nodeCount + this.#extraIds.length;
    this.#extraIds.push(id);
    this.#extraIndex.set(id, index);
    return index;
  }

  nodeId(index: number): NodeId {
    return index < this.graph.nodeCount ? this.graph.nodeIds[index]! : this.#extraIds[index - this.graph.nodeCount]!;
  }

  /** Gives a graph edge this context's own bounds (initially its defaults) and returns the scratch. */
  #touchEdge(e: number): Scratch {
    const s = this.#scratch;
    if (s.edgeStamp[e] !== this.#ctx) {
      const capacity = this.graph.capacityMsat[this.graph.edgeChannel[e]!]!;
      s.edgeStamp[e] = this.#ctx;
      s.edgeBlocked[e] = 0;
      s.edgeLower[e] = 0;
      s.edgeUpper[e] = capacity >= 0 ? capacity : this.params.unknownCapacityMsat;
      s.edgeHard[e] = capacity >= 0 ? capacity : Infinity;
    }
    return s;
  }

  #touchNode(index: number): Scratch {
    const s = this.#scratch;
    if (s.nodeCtxStamp[index] !== this.#ctx) {
      s.nodeCtxStamp[index] = this.#ctx;
      s.nodeBlocked[index] = 0;
      s.nodeFactor[index] = 1;
    }
    return s;
  }

  /** What our channels can still send together. */
  availableMsat(): number {
    return this.#firstHops.reduce((sum, hop, i) => sum + hop.available - this.#firstHopReserved[i]!, 0);
  }

  /** One Dijkstra run for `amount` msat delivered; undefined when nothing satisfies the limits. */
  search(amount: number, limits: SearchLimits): FoundPath | undefined {
    const g = this.graph;
    const s = this.#scratch;
    const ctx = this.#ctx;
    const run = s.nextGeneration();
    const { payer, payee } = this;
    const { maxFee, maxCltv, enforceMax, enforceMin } = limits;
    const { hopPenaltyMsat, probabilityWeightMsat, probabilityAmountPpm, unknownCapacityMsat, minProbability } = this.params;
    const heap = s.heap;
    const { seen, settled, cost, amount: amountAt, cltv, probability, next, viaKind, viaRef, nodeCtxStamp, nodeBlocked, nodeFactor } = s;
    const { edgeStamp, edgeBlocked, edgeLower, edgeUpper, edgeHard } = s;
    const { inStart, inEdges, edgeSrc, edgeChannel, capacityMsat, feeBase, feeProportional, cltvDelta, htlcMin, htlcMax } = g;
    const graphNodes = g.nodeCount;
    const firstCltv = this.request.finalCltvDelta;
    if (firstCltv > maxCltv) return undefined;

    heap.clear();
    seen[payee] = run;
    cost[payee] = 0;
    amountAt[payee] = amount;
    cltv[payee] = firstCltv;
    probability[payee] = 1;
    next[payee] = -1;
    heap.push(0, payee);

    // Offers the channel u → v, charging by u's policy for it.
    const relax = (u: number, v: number, kind: number, ref: number, base: number, proportional: number, delta: number, min: number, max: number, lower: number, upper: number, hard: number): void => {
      const carried = amountAt[v]!;
      if (enforceMin && carried < min) return;
      if (enforceMax && (carried > max || carried > hard)) return;
      const fee = forwardingFee(carried, base, proportional);
      const incoming = carried + fee;
      if (incoming - amount > maxFee) return;
      const expiry = cltv[v]! + delta;
      if (expiry > maxCltv) return;
      let p = successProbability(carried, lower, upper);
      if (p < minProbability) p = minProbability;
      if (nodeCtxStamp[u] === ctx) p *= nodeFactor[u]!;
      const total = cost[v]! + fee + hopPenaltyMsat - Math.log(p) * (probabilityWeightMsat + (carried * probabilityAmountPpm) / 1e6);
      if (seen[u] === run && total >= cost[u]!) return;
      seen[u] = run;
      cost[u] = total;
      amountAt[u] = incoming;
      cltv[u] = expiry;
      probability[u] = probability[v]! * p;
      next[u] = v;
      viaKind[u] = kind;
      viaRef[u] = ref;
      heap.push(total, u);
    };

    let found = false;
    while (heap.size > 0) {
      const key = heap.peekKey()!;
      const v = heap.pop();
      if (settled[v] === run || key > cost[v]!) continue;
      settled[v] = run;
      if (v === payer) {
        found = true;
        break;
      }
      const carried = amountAt[v]!;

      const ours = this.#firstHopsOf.get(v);
      if (ours !== undefined) {
        for (const index of ours) {
          const hop = this.#firstHops[index]!;
          if (enforceMax && carried > hop.available - this.#firstHopReserved[index]!) continue;
          if (enforceMin && carried < hop.htlcMin) continue;
          if (seen[payer] === run && cost[v]! >= cost[payer]!) continue;
          seen[payer] = run;
          cost[payer] = cost[v]!;
          amountAt[payer] = carried;
          cltv[payer] = cltv[v]!;
          probability[payer] = probability[v]!;
          next[payer] = v;
          viaKind[payer] = FIRST_HOP;
          viaRef[payer] = index;
          heap.push(cost[v]!, payer);
        }
      }

      if (v < graphNodes) {
        for (let k = inStart[v]!, end = inStart[v + 1]!; k < end; k++) {
          const e = inEdges[k]!;
          const u = edgeSrc[e]!;
          if (u === payer || settled[u] === run) continue;
          if (nodeCtxStamp[u] === ctx && nodeBlocked[u] === 1) continue;
          let lower = 0;
          let upper: number;
          let hard: number;
          if (edgeStamp[e] === ctx) {
            if (edgeBlocked[e] === 1) continue;
            lower = edgeLower[e]!;
            upper = edgeUpper[e]!;
            hard = edgeHard[e]!;
          } else {
            const capacity = capacityMsat[edgeChannel[e]!]!;
            upper = capacity >= 0 ? capacity : unknownCapacityMsat;
            hard = capacity >= 0 ? capacity : Infinity;
          }
          relax(u, v, GRAPH, e, feeBase[e]!, feeProportional[e]!, cltvDelta[e]!, htlcMin[e]!, htlcMax[e]!, lower, upper, hard);
        }
      }

      const hinted = this.#hintsInto.get(v);
      if (hinted !== undefined) {
        for (const index of hinted) {
          const h = this.#hints[index]!;
          const u = h.src;
          if (u === payer || settled[u] === run) continue;
          if (nodeCtxStamp[u] === ctx && nodeBlocked[u] === 1) continue;
          relax(u, v, HINT, index, h.feeBase, h.feeProportional, h.cltvDelta, 0, Infinity, h.lower, h.upper, h.hard);
        }
      }
    }
    if (!found) return undefined;

    const kinds: number[] = [];
    const refs: number[] = [];
    for (let u = payer; u !== payee; u = next[u]!) {
      kinds.push(viaKind[u]!);
      refs.push(viaRef[u]!);
    }
    return { kinds, refs, probability: probability[payer]!, cost: cost[payer]! };
  }

  /** The route of a found path delivering amountMsat, with exact bigint arithmetic. */
  toRoute(path: FoundPath, amountMsat: bigint): Route {
    const g = this.graph;
    const edges: PathEdge[] = [];
    let at = this.payer;
    path.kinds.forEach((kind, i) => {
      const ref = path.refs[i]!;
      if (kind === FIRST_HOP) {
        const hop = this.#firstHops[ref]!;
        edges.push({ source: this.nodeId(at), target: this.nodeId(hop.peer), scid: hop.scid, kind: 'first_hop' });
        at = hop.peer;
      } else if (kind === GRAPH) {
        const channel = g.edgeChannel[ref]!;
        const capacity = g.capacityMsat[channel]!;
        const to = g.edgeDst[ref]!;
        edges.push({
          source: this.nodeId(at),
          target: this.nodeId(to),
          scid: g.scids[channel]!,
          kind: 'graph',
          policy: { feeBaseMsat: g.feeBase[ref]!, feeProportionalMillionths: g.feeProportional[ref]!, cltvExpiryDelta: g.cltvDelta[ref]! },
          capacityMsat: capacity >= 0 ? capacity : undefined,
        });
        at = to;
      } else {
        const h = this.#hints[ref]!;
        edges.push({
          source: this.nodeId(at),
          target: this.nodeId(h.dst),
          scid: h.scid,
          kind: 'route_hint',
          policy: { feeBaseMsat: h.feeBase, feeProportionalMillionths: h.feeProportional, cltvExpiryDelta: h.cltvDelta },
          capacityMsat: h.capacity >= 0 ? h.capacity : undefined,
        });
        at = h.dst;
      }
    });
    return buildRoute(edges, amountMsat, this.request.finalCltvDelta, this.request.blockHeight, path.probability);
  }

  /** Marks a route's amounts as in flight: later searches see that much less liquidity on its channels. */
  reserve(path: FoundPath, route: Route): void {
    path.kinds.forEach((kind, i) => {
      const ref = path.refs[i]!;
      const carried = Number(route.hops[i]!.amountMsat);
      if (kind === FIRST_HOP) {
        this.#firstHopReserved[ref]! += carried;
      } else if (kind === GRAPH) {
        const s = this.#touchEdge(ref);
        s.edgeLower[ref] = Math.max(0, s.edgeLower[ref]! - carried);
        s.edgeUpper[ref]! -= carried;
        s.edgeHard[ref]! -= carried;
      } else {
        const h = this.#hints[ref]!;
        h.lower = Math.max(0, h.lower - carried);
        h.upper -= carried;
        h.hard -= carried;
      }
    });
  }

  /** Why nothing was found for `amount` under `limits`: reruns the search with limits relaxed one by one. */
  diagnose(amount: number, limits: SearchLimits): RouteFailure {
    const relaxed = { maxFee: Infinity, maxCltv: Infinity, enforceMax: false, enforceMin: false };
    if (this.search(amount, relaxed) === undefined) {
      return { reason: 'no_route', message: 'no path from our channels to the payee (given the exclusions and disabled channels)' };
    }
    if (this.search(amount, { ...relaxed, enforceMax: true }) === undefined) {
      if (amount > this.availableMsat()) return { reason: 'insufficient_balance', message: `our channels can send ${this.availableMsat()} msat in all, not ${amount}` };
      return { reason: 'amount_too_large', message: `no route can carry ${amount} msat (channel capacities, htlc_maximum, known liquidity or our channel balances); a multi-part payment may` };
    }
    const uncapped = this.search(amount, { ...relaxed, enforceMax: true, enforceMin: true });
    if (uncapped === undefined) return { reason: 'amount_too_small', message: `every route has an htlc_minimum above ${amount} msat` };
    const withinCltv = this.search(amount, { ...limits, maxFee: Infinity });
    if (withinCltv === undefined) {
      const needed = this.toRoute(uncapped, BigInt(amount)).totalCltvDelta;
      return { reason: 'cltv_too_high', message: `routes need a total CLTV delta of ${needed} blocks, above the limit of ${limits.maxCltv}`, requiredCltvDelta: needed };
    }
    const needed = this.toRoute(withinCltv, BigInt(amount)).feeMsat;
    return { reason: 'fee_too_high', message: `the cheapest route costs ${needed} msat in fees, above the limit of ${limits.maxFee} msat`, requiredFeeMsat: needed };
  }
}

function safeNumber(msat: bigint): number {
  return msat > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(msat);
}

/** Checks what the search cannot work with; undefined when the request is usable. */
export function requestProblem(request: RouteRequest): RouteFailure | undefined {
  const invalid = (message: string): RouteFailure => ({ reason: 'invalid_request', message });
  if (request.amountMsat <= 0n) return invalid('the amount must be positive');
  if (request.amountMsat > BigInt(Number.MAX_SAFE_INTEGER)) return invalid('the amount is beyond any channel');
  if (request.maxFeeMsat !== undefined && request.maxFeeMsat < 0n) return invalid('the maximum fee must not be negative');
  if (!Number.isSafeInteger(request.blockHeight) || request.blockHeight < 0) return invalid('bad block height');
  if (!Number.isSafeInteger(request.finalCltvDelta) || request.finalCltvDelta < 0) return invalid('bad final CLTV delta');
  if (request.payer === request.payee) return invalid('the payee is this wallet');
  for (const hop of request.firstHops) {
    try {
      parseScid(hop.scid);
    } catch {
      return invalid(`first hop channel id ${hop.scid} is not BLOCKxTXxOUTPUT`);
    }
  }
  return undefined;
}

export function limitsOf(context: SearchContext, maxFeeMsat: bigint): SearchLimits {
  return { maxFee: Number(maxFeeMsat), maxCltv: context.maxCltv, enforceMax: true, enforceMin: true };
}

/** The cheapest route (fees plus risk) delivering request.amountMsat to the payee, or why there is none. */
export function findRoute(request: RouteRequest): RouteResult {
  const problem = requestProblem(request);
  if (problem !== undefined) return { ok: false, failure: problem };
  const context = new SearchContext(request);
  const amount = Number(request.amountMsat);
  const limits = limitsOf(context, context.maxFeeMsat);
  if (request.finalCltvDelta > context.maxCltv) {
    return { ok: false, failure: { reason: 'cltv_too_high', message: `the final CLTV delta ${request.finalCltvDelta} alone exceeds the limit of ${context.maxCltv}`, requiredCltvDelta: request.finalCltvDelta } };
  }
  if (amount > context.availableMsat()) {
    return { ok: false, failure: { reason: 'insufficient_balance', message: `our channels can send ${context.availableMsat()} msat in all, not ${amount}` } };
  }
  const path = context.search(amount, limits);
  if (path === undefined) return { ok: false, failure: context.diagnose(amount, limits) };
  return { ok: true, route: context.toRoute(path, request.amountMsat) };
}

