/** Small hand-made graphs for the routing tests. */
import type { RouteHint } from '../../protocol/bolt11/route-hints.ts';
import { fromHex } from '../../protocol/codec/bytes.ts';
import { parseScid } from './fees.ts';
import { StaticGraph } from './synthetic-graph.ts';
import type { ChannelPolicy, FirstHop, GraphChannel, NodeId, RouteRequest } from './types.ts';

/** A deterministic, distinct node id per name (a 33-byte key shape; not a curve point). */
export function node(name: string): NodeId {
  let code = 0;
  for (const char of name) code = code * 131 + char.charCodeAt(0);
  return `02${(code >>> 0).toString(16).padStart(8, '0')}${'ab'.repeat(28)}`;
}

export function policy(overrides: Partial<ChannelPolicy> = {}): ChannelPolicy {
  return { feeBaseMsat: 1000, feeProportionalMillionths: 100, cltvExpiryDelta: 40, htlcMinimumMsat: 1, htlcMaximumMsat: undefined, disabled: false, ...overrides };
}

export interface EdgeSpec {
  scid: string;
  from: string;
  to: string;
  capacitySat?: number;
  /** Policy of `from` for from → to; the reverse direction gets `back` (or none). */
  forward?: Partial<ChannelPolicy>;
  back?: Partial<ChannelPolicy>;
}

export function channel(spec: EdgeSpec): GraphChannel {
  const from = node(spec.from);
  const to = node(spec.to);
  const forward = policy(spec.forward);
  const back = spec.back === undefined ? undefined : policy(spec.back);
  const fromIsNode1 = from < to;
  return {
    scid: spec.scid,
    node1: fromIsNode1 ? from : to,
    node2: fromIsNode1 ? to : from,
    capacitySat: spec.capacitySat,
    node1Policy: fromIsNode1 ? forward : back,
    node2Policy: fromIsNode1 ? back : forward,
  };
}

export function graphOf(specs: readonly EdgeSpec[], version: number | string = 1): StaticGraph {
  return new StaticGraph(specs.map(channel), version);
}

export function firstHop(peer: string, scid: string, availableSat: number): FirstHop {
  return { peer: node(peer), scid, availableMsat: BigInt(availableSat) * 1000n };
}

export function hint(...hops: { from: string; scid: string; feeBaseMsat?: number; feeProportionalMillionths?: number; cltvExpiryDelta?: number }[]): RouteHint {
  return hops.map((hop) => ({
    pubkey: fromHex(node(hop.from)),
    shortChannelId: parseScid(hop.scid),
    feeBaseMsat: hop.feeBaseMsat ?? 1000,
    feeProportionalMillionths: hop.feeProportionalMillionths ?? 100,
    cltvExpiryDelta: hop.cltvExpiryDelta ?? 40,
  }));
}

export const HEIGHT = 800_000;

export function request(overrides: Partial<RouteRequest> & Pick<RouteRequest, 'firstHops'>): RouteRequest {
  return {
    payer: node('us'),
    payee: node('payee'),
    amountMsat: 100_000_000n,
    finalCltvDelta: 18,
    blockHeight: HEIGHT,
    now: 0,
    ...overrides,
  };
}

/** Node names of a route, payer excluded. */
export function names(nodeIds: readonly NodeId[], known: readonly string[]): string[] {
  const byId = new Map(known.map((name) => [node(name), name]));
  return nodeIds.map((id) => byId.get(id) ?? id);
}
