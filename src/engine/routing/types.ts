/**
 * Types of the pathfinder: the read-only graph view it searches, the request, and the routes it
 * returns. Node ids are lowercase hex of the 33-byte compressed public key; short channel ids are
 * strings in the `BLOCKxTXxOUTPUT` form of formatScid(). Amounts in the graph view are msat as safe
 * integers (numbers: the search runs on them); amounts in requests and routes are bigint msat,
 * as everywhere else in the engine.
 */
import type { ShortChannelId } from '../../protocol/codec/codec.ts';
import type { RouteHint } from '../../protocol/bolt11/route-hints.ts';

/** Lowercase hex of a 33-byte compressed public key. */
export type NodeId = string;

/** A short channel id (or an alias) as `BLOCKxTXxOUTPUT`. */
export type Scid = string;

/** BOLT 7 direction bit: 0 when the forwarding node is node_1, the one with the lesser node id. */
export type Direction = 0 | 1;

/** One direction's channel_update, as set by the node at the start of that direction. */
export interface ChannelPolicy {
  feeBaseMsat: number;
  feeProportionalMillionths: number;
  cltvExpiryDelta: number;
  htlcMinimumMsat: number;
  /** Undefined: no maximum advertised. */
  htlcMaximumMsat?: number | undefined;
  disabled: boolean;
}

export interface GraphChannel {
  scid: Scid;
  node1: NodeId;
  node2: NodeId;
  /** Funding output value; undefined when unknown. */
  capacitySat?: number | undefined;
  /** Policy of node1 for forwarding node1 → node2; undefined when no channel_update was seen. */
  node1Policy?: ChannelPolicy | undefined;
  /** Policy of node2 for forwarding node2 → node1. */
  node2Policy?: ChannelPolicy | undefined;
}

/**
 * What the pathfinder reads of the gossip graph. `version` must change whenever any channel
 * changes: the adjacency index built from it is cached per view object and version.
 */
export interface GraphView {
  readonly version: number | string;
  channels(): Iterable<GraphChannel>;
}

/** One of our channels, as the channel engine sees it right now; overrides any graph data about it. */
export interface FirstHop {
  peer: NodeId;
  /** The real short channel id or an alias the peer knows it by. */
  scid: Scid;
  /** What one HTLC over this channel can carry now (balance, reserve, in-flight limits). */
  availableMsat: bigint;
  /** The peer's htlc_minimum_msat; 0 if not given. */
  htlcMinimumMsat?: bigint;
}

/** Weights that turn a hop into a cost in msat: the search minimises fee + penalties. */
export interface CostParams {
  /** Flat cost per forwarding hop, so that among equal fees fewer hops win. */
  hopPenaltyMsat: number;
  /** Cost per nat of -ln(success probability), flat part. */
  probabilityWeightMsat: number;
  /** Cost per nat of -ln(success probability), per million msat of the amount carried. */
  probabilityAmountPpm: number;
  /** Capacity assumed for probabilities when a channel's is unknown (route hints, unannounced). */
  unknownCapacityMsat: number;
  /** Probability floor used when a channel of unknown capacity is asked for more than assumed. */
  minProbability: number;
}

export const DEFAULT_COST_PARAMS: CostParams = {
  hopPenaltyMsat: 500,
  probabilityWeightMsat: 13_000,
  probabilityAmountPpm: 80,
  unknownCapacityMsat: 16_777_215_000,
  minProbability: 1e-4,
};

export const DEFAULT_MAX_TOTAL_CLTV_DELTA = 2016;

/** Liquidity knowledge the search consults; ProbabilityScorer implements it. */
export interface LiquiditySource {
  /** The directed channels it knows something about. */
  knownChannels(): Iterable<readonly [Scid, Direction]>;
  /** The nodes it holds a penalty for. */
  penalizedNodes(): Iterable<NodeId>;
  liquidity(scid: Scid, direction: Direction, capacityMsat: number | undefined, now: number, unknownCapacityMsat: number): LiquidityBounds;
  /** Multiplier (0, 1] on the success probability of every channel the node forwards over. */
  nodeFactor(nodeId: NodeId, now: number): number;
}

export interface LiquidityBounds {
  /** Liquidity is believed at least this. */
  lowerMsat: number;
  /** Upper end of the uniform model (≤ capacity, or the assumed capacity when unknown). */
  upperMsat: number;
  /** Amounts above this cannot pass (capacity, or a recent failure); Infinity when unknown. */
  hardMaxMsat: number;
}

export interface RouteRequest {
  /** Our node id. */
  payer: NodeId;
  payee: NodeId;
  /** What the payee must receive (for a part of a multi-part payment: that part). */
  amountMsat: bigint;
  /** The invoice's min_final_cltv_expiry_delta (add any safety margin here). */
  finalCltvDelta: number;
  blockHeight: number;
  firstHops: readonly FirstHop[];
  graph?: GraphView | undefined;
  routeHints?: readonly RouteHint[] | undefined;
  /** Default: defaultMaxFeeMsat(amountMsat), 1% + 5 sat. */
  maxFeeMsat?: bigint | undefined;
  /** Sum of every CLTV delta including the final one. Default 2016. */
  maxTotalCltvDelta?: number | undefined;
  /** Channels not to use, either direction (graph, hint or first hop). */
  excludedChannels?: Iterable<Scid> | undefined;
  /** Nodes not to route through (the payee itself is never excluded). */
  excludedNodes?: Iterable<NodeId> | undefined;
  scorer?: LiquiditySource | undefined;
  /** Milliseconds, the clock of the scorer's records (decay). */
  now: number;
  cost?: Partial<CostParams> | undefined;
}

export type HopSource = 'first_hop' | 'graph' | 'route_hint';

/**
 * One channel of a route and the node it leads to. For the onion: the payload for hop i (i < last)
 * carries short_channel_id = hops[i+1].shortChannelId, amt_to_forward = hops[i+1].amountMsat,
 * outgoing_cltv_value = hops[i+1].cltvExpiry; the payee's payload carries its own amountMsat and
 * cltvExpiry plus payment_data. The HTLC we offer is hops[0].amountMsat / hops[0].cltvExpiry.
 */
export interface Hop {
  /** The node this hop's channel leads to; the last hop's is the payee. */
  nodeId: NodeId;
  scid: Scid;
  shortChannelId: ShortChannelId;
  /** BOLT 7 direction of the channel as used (0: the sending node has the lesser id). */
  direction: Direction;
  source: HopSource;
  /** The HTLC amount offered over this channel: what nodeId receives. */
  amountMsat: bigint;
  /** The HTLC's absolute cltv_expiry over this channel. */
  cltvExpiry: number;
  /** What nodeId keeps for forwarding to the next hop (0 for the payee). */
  feeMsat: bigint;
  /** The CLTV delta nodeId takes (0 for the payee). */
  cltvExpiryDelta: number;
  capacityMsat?: bigint | undefined;
}

export interface Route {
  hops: Hop[];
  /** What the payee receives. */
  amountMsat: bigint;
  /** What we send: hops[0].amountMsat. */
  totalAmountMsat: bigint;
  /** totalAmountMsat − amountMsat. */
  feeMsat: bigint;
  /** hops[0].cltvExpiry. */
  cltvExpiry: number;
  /** cltvExpiry − blockHeight: every delta including the final one. */
  totalCltvDelta: number;
  /** Estimated success probability (product over channels past our own). */
  probability: number;
}

export type RouteFailureReason =
  | 'invalid_request' // malformed amounts, ids or heights
  | 'insufficient_balance' // our channels together cannot send the amount
  | 'no_route' // the payee is unreachable whatever the amount, fee or CLTV
  | 'amount_too_large' // reachable, but no route (or split) can carry this amount
  | 'amount_too_small' // reachable, but every route has an htlc_minimum above the amount
  | 'cltv_too_high' // every route needs more than the maximum total CLTV delta
  | 'fee_too_high'; // every route costs more than the maximum fee

export interface RouteFailure {
  reason: RouteFailureReason;
  message: string;
  /** For fee_too_high: the fee of the route found without the fee limit. */
  requiredFeeMsat?: bigint;
  /** For cltv_too_high: the total CLTV delta of the route found without the CLTV limit. */
  requiredCltvDelta?: number;
}

export type RouteResult = { ok: true; route: Route } | { ok: false; failure: RouteFailure };

export type PaymentRoutesResult =
  | { ok: true; routes: Route[]; amountMsat: bigint; feeMsat: bigint }
  | { ok: false; failure: RouteFailure };
