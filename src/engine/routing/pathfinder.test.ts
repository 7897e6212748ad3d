import { describe, expect, it } from 'vitest';
import { channel, firstHop, graphOf, hint, names, node, request, type EdgeSpec } from './fixtures.ts';
import { routingGraph } from './graph-index.ts';
import { findRoute } from './pathfinder.ts';
import { StaticGraph } from './synthetic-graph.ts';
import type { ChannelPolicy, Route, RouteResult } from './types.ts';

const NAMES = ['us', 'A', 'B', 'C', 'X', 'Y', 'payee'];

function ok(result: RouteResult): Route {
  if (!result.ok) throw new Error(`expected a route, got ${result.failure.reason}: ${result.failure.message}`);
  return result.route;
}

function pathOf(result: RouteResult): string[] {
  return names(
    ok(result).hops.map((hop) => hop.nodeId),
    NAMES,
  );
}

function failure(result: RouteResult) {
  if (result.ok) throw new Error(`expected no route, got ${pathOf(result).join(' → ')}`);
  return result.failure;
}

/** us → A (our channel); A → payee directly (cheap), or A → B → payee. 100,000 sat to send. */
function diamond(direct: Partial<ChannelPolicy> = {}, directCapacitySat = 1_000_000, extra: EdgeSpec[] = []) {
  return graphOf([
    { scid: '10x1x0', from: 'A', to: 'payee', capacitySat: directCapacitySat, forward: { feeBaseMsat: 0, feeProportionalMillionths: 1, ...direct } },
    { scid: '20x1x0', from: 'A', to: 'B', capacitySat: 1_000_000, forward: { feeBaseMsat: 1000, feeProportionalMillionths: 100 } },
    { scid: '30x1x0', from: 'B', to: 'payee', capacitySat: 1_000_000, forward: { feeBaseMsat: 1000, feeProportionalMillionths: 100 } },
    ...extra,
  ]);
}
const OUR_CHANNEL = [firstHop('A', '1x1x0', 500_000)];

describe('findRoute: route hints', () => {
  it('reaches a private payee through a one-hop hint from our peer, with no graph at all', () => {
    const route = ok(findRoute(request({ firstHops: OUR_CHANNEL, routeHints: [hint({ from: 'A', scid: '900x1x0', feeBaseMsat: 1000, feeProportionalMillionths: 100, cltvExpiryDelta: 40 })] })));
    expect(route.hops.map((hop) => [hop.source, hop.scid])).toEqual([
      ['first_hop', '1x1x0'],
      ['route_hint', '900x1x0'],
    ]);
    expect(route.feeMsat).toBe(1000n + (100_000_000n * 100n) / 1_000_000n);
    expect(route.totalCltvDelta).toBe(40 + 18);
  });

  it('follows a multi-hop hint, entering it through the graph', () => {
    const graph = graphOf([{ scid: '20x1x0', from: 'A', to: 'X', capacitySat: 1_000_000 }]);
    const routeHints = [hint({ from: 'X', scid: '901x1x0' }, { from: 'Y', scid: '902x1x0' })];
    const result = findRoute(request({ firstHops: OUR_CHANNEL, graph, routeHints }));
    expect(pathOf(result)).toEqual(['A', 'X', 'Y', 'payee']);
    expect(ok(result).hops.map((hop) => hop.source)).toEqual(['first_hop', 'graph', 'route_hint', 'route_hint']);
  });

  it('picks the cheaper of two hints, and pays directly when the payee is our peer', () => {
    const routeHints = [hint({ from: 'A', scid: '900x1x0', feeBaseMsat: 5000 }), hint({ from: 'B', scid: '901x1x0', feeBaseMsat: 0 })];
    const firstHops = [firstHop('A', '1x1x0', 500_000), firstHop('B', '2x1x0', 500_000)];
    expect(pathOf(findRoute(request({ firstHops, routeHints })))).toEqual(['B', 'payee']);
    const direct = ok(findRoute(request({ firstHops: [firstHop('payee', '3x1x0', 500_000)], routeHints })));
    expect(direct.hops).toHaveLength(1);
    expect(direct).toMatchObject({ feeMsat: 0n, totalCltvDelta: 18 });
  });

  it('reports no_route when the hint starts at a node we cannot reach', () => {
    expect(failure(findRoute(request({ firstHops: OUR_CHANNEL, routeHints: [hint({ from: 'X', scid: '900x1x0' })] }))).reason).toBe('no_route');
  });
});

describe('findRoute: channel limits', () => {
  const send = (graph: StaticGraph, amountMsat = 100_000_000n) => findRoute(request({ graph, firstHops: OUR_CHANNEL, amountMsat }));

  it('takes the cheap direct channel when nothing stands in the way', () => {
    expect(pathOf(send(diamond()))).toEqual(['A', 'payee']);
  });

  it('avoids a channel whose htlc_maximum_msat is below the amount', () => {
    expect(pathOf(send(diamond({ htlcMaximumMsat: 99_999_999 })))).toEqual(['A', 'B', 'payee']);
    expect(pathOf(send(diamond({ htlcMaximumMsat: 100_000_000 })))).toEqual(['A', 'payee']);
  });

  it('avoids a channel whose htlc_minimum_msat is above the amount', () => {
    expect(pathOf(send(diamond({ htlcMinimumMsat: 100_000_001 })))).toEqual(['A', 'B', 'payee']);
    expect(pathOf(send(diamond({ htlcMinimumMsat: 100_000_000 })))).toEqual(['A', 'payee']);
  });

  it('avoids a disabled direction and a channel smaller than the amount', () => {
    expect(pathOf(send(diamond({ disabled: true })))).toEqual(['A', 'B', 'payee']);
    expect(pathOf(send(diamond({}, 99_999)))).toEqual(['A', 'B', 'payee']);
  });

  it('does not use a channel in the direction it has no policy for', () => {
    const graph = graphOf([{ scid: '10x1x0', from: 'payee', to: 'A', capacitySat: 1_000_000, back: undefined }]);
    expect(failure(send(graph)).reason).toBe('no_route');
  });

  it('names the limit when every path is blocked', () => {
    const everywhere = (p: Partial<ChannelPolicy>) =>
      graphOf([
        { scid: '10x1x0', from: 'A', to: 'payee', capacitySat: 1_000_000, forward: p },
        { scid: '20x1x0', from: 'A', to: 'B', capacitySat: 1_000_000, forward: p },
        { scid: '30x1x0', from: 'B', to: 'payee', capacitySat: 1_000_000, forward: p },
      ]);
    expect(failure(send(everywhere({ disabled: true }))).reason).toBe('no_route');
    expect(failure(send(everywhere({ htlcMaximumMsat: 50_000_000 }))).reason).toBe('amount_too_large');
    expect(failure(send(everywhere({ htlcMinimumMsat: 200_000_000 }))).reason).toBe('amount_too_small');
  });

  it('respects our own channels: their balance, not the graph', () => {
    // Our channel to A is in the graph as huge and free; the channel engine says 50,000 sat are available.
    const graph = diamond({}, 1_000_000, [{ scid: '1x1x0', from: 'us', to: 'A', capacitySat: 10_000_000 }]);
    const small = [firstHop('A', '1x1x0', 50_000)];
    expect(failure(findRoute(request({ graph, firstHops: small }))).reason).toBe('insufficient_balance');
    const split = [firstHop('A', '1x1x0', 60_000), firstHop('B', '2x1x0', 60_000)];
    const tooLarge = failure(findRoute(request({ graph, firstHops: split })));
    expect(tooLarge.reason).toBe('amount_too_large');
    expect(tooLarge.message).toMatch(/multi-part/);
  });

  it('honours excluded channels and nodes', () => {
    const graph = diamond();
    expect(pathOf(findRoute(request({ graph, firstHops: OUR_CHANNEL, excludedChannels: ['10x1x0'] })))).toEqual(['A', 'B', 'payee']);
    const noDirect = diamond({ disabled: true });
    expect(failure(findRoute(request({ graph: noDirect, firstHops: OUR_CHANNEL, excludedNodes: [node('B')] }))).reason).toBe('no_route');
    expect(failure(findRoute(request({ graph, firstHops: OUR_CHANNEL, excludedChannels: ['1x1x0'] }))).reason).toBe('insufficient_balance');
  });
});

describe('findRoute: fee and CLTV limits', () => {
  const graph = diamond({ feeBaseMsat: 1000, feeProportionalMillionths: 10, cltvExpiryDelta: 40 });

  it('stays within the default limit of 1% + 5 sat and reports the fee when over a set limit', () => {
    expect(ok(findRoute(request({ graph, firstHops: OUR_CHANNEL }))).feeMsat).toBe(2000n);
    const tooHigh = failure(findRoute(request({ graph, firstHops: OUR_CHANNEL, maxFeeMsat: 1999n })));
    expect(tooHigh).toMatchObject({ reason: 'fee_too_high', requiredFeeMsat: 2000n });
    expect(ok(findRoute(request({ graph, firstHops: OUR_CHANNEL, maxFeeMsat: 2000n }))).feeMsat).toBe(2000n);
  });

  it('falls back to a cheaper but riskier route when the preferred one is over the fee limit', () => {
    // Direct: 20,000 msat, a roomy channel. Via B: 4,000 msat, but B → payee has 110,000 sat for a 100,000 sat payment.
    const riskyCheap = graphOf([
      { scid: '10x1x0', from: 'A', to: 'payee', capacitySat: 10_000_000, forward: { feeBaseMsat: 20_000, feeProportionalMillionths: 0 } },
      { scid: '20x1x0', from: 'A', to: 'B', capacitySat: 10_000_000, forward: { feeBaseMsat: 1000, feeProportionalMillionths: 10 } },
      { scid: '30x1x0', from: 'B', to: 'payee', capacitySat: 110_000, forward: { feeBaseMsat: 1000, feeProportionalMillionths: 10 } },
    ]);
    const preferred = ok(findRoute(request({ graph: riskyCheap, firstHops: OUR_CHANNEL })));
    expect(pathOf({ ok: true, route: preferred })).toEqual(['A', 'payee']);
    const limited = ok(findRoute(request({ graph: riskyCheap, firstHops: OUR_CHANNEL, maxFeeMsat: 10_000n })));
    expect(pathOf({ ok: true, route: limited })).toEqual(['A', 'B', 'payee']);
    expect(limited.feeMsat).toBe(4000n); // B: 1000 + 1000; A: 1000 + floor(100,002,000 × 10 / 1e6) = 2000
    expect(limited.probability).toBeLessThan(preferred.probability);
  });

  it('rejects routes over the total CLTV limit, with the delta they need', () => {
    expect(failure(findRoute(request({ graph, firstHops: OUR_CHANNEL, maxTotalCltvDelta: 57 })))).toMatchObject({ reason: 'cltv_too_high', requiredCltvDelta: 58 });
    expect(ok(findRoute(request({ graph, firstHops: OUR_CHANNEL, maxTotalCltvDelta: 58 }))).totalCltvDelta).toBe(58);
    expect(failure(findRoute(request({ graph, firstHops: OUR_CHANNEL, finalCltvDelta: 3000 }))).reason).toBe('cltv_too_high');
  });

  it('rejects malformed requests', () => {
    expect(failure(findRoute(request({ firstHops: OUR_CHANNEL, amountMsat: 0n }))).reason).toBe('invalid_request');
    expect(failure(findRoute(request({ firstHops: OUR_CHANNEL, payee: node('us') }))).reason).toBe('invalid_request');
    expect(failure(findRoute(request({ firstHops: [firstHop('A', 'alias-1', 1000)] }))).reason).toBe('invalid_request');
  });
});

describe('determinism and caching', () => {
  it('returns the same route whatever the order of channels and first hops', () => {
    const specs: EdgeSpec[] = [
      { scid: '10x1x0', from: 'A', to: 'X', capacitySat: 1_000_000 },
      { scid: '11x1x0', from: 'A', to: 'Y', capacitySat: 1_000_000 },
      { scid: '12x1x0', from: 'X', to: 'payee', capacitySat: 1_000_000 },
      { scid: '13x1x0', from: 'Y', to: 'payee', capacitySat: 1_000_000 },
      { scid: '14x1x0', from: 'B', to: 'X', capacitySat: 1_000_000 },
      { scid: '15x1x0', from: 'B', to: 'Y', capacitySat: 1_000_000 },
    ];
    const firstHops = [firstHop('A', '1x1x0', 500_000), firstHop('B', '2x1x0', 500_000)];
    const reference = findRoute(request({ graph: graphOf(specs), firstHops }));
    for (let rotation = 1; rotation < specs.length; rotation++) {
      const rotated = [...specs.slice(rotation), ...specs.slice(0, rotation)].reverse();
      expect(findRoute(request({ graph: new StaticGraph(rotated.map(channel), rotation), firstHops: [...firstHops].reverse() }))).toEqual(reference);
    }
    expect(findRoute(request({ graph: graphOf(specs), firstHops }))).toEqual(reference);
  });

  it('builds the index once per graph version', () => {
    const view = diamond();
    const first = routingGraph(view);
    expect(routingGraph(view)).toBe(first);
    const bumped = { version: 2, channels: () => view.channels() };
    expect(routingGraph(bumped)).not.toBe(first);
    expect(first).toMatchObject({ nodeCount: 3, channelCount: 3, edgeCount: 3 });
  });
});
