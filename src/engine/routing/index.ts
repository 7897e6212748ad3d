export * from './types.ts';
export { buildRoute, defaultMaxFeeMsat, directionOf, forwardingFee, forwardingFeeMsat, parseScid, type FeePolicy, type PathEdge } from './fees.ts';
export { routingGraph, RoutingGraph } from './graph-index.ts';
export { findRoute } from './pathfinder.ts';
export { splitPayment, DEFAULT_MAX_PARTS, DEFAULT_MIN_PART_MSAT, type SplitOptions } from './mpp.ts';
export { channelKey, ProbabilityScorer, successProbability, type ChannelLiquidityState, type ScorerOptions, type ScorerState } from './scorer.ts';
export { hopPayloads, onionHops, type FinalHopData } from './onion.ts';
