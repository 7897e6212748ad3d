import { describe, expect, it } from 'vitest';
import { firstHop, graphOf, names, node, request } from './fixtures.ts';
import { findRoute } from './pathfinder.ts';
import { ProbabilityScorer, successProbability, type ScorerState } from './scorer.ts';
import type { RouteResult } from './types.ts';

const HOUR = 3_600_000;

function pathOf(result: RouteResult): string[] {
  if (!result.ok) throw new Error(`${result.failure.reason}: ${result.failure.message}`);
  return names(
    result.route.hops.map((hop) => hop.nodeId),
    ['A', 'B', 'C', 'payee'],
  );
}

describe('ProbabilityScorer bounds', () => {
  it('uses a uniform liquidity between the bounds', () => {
    expect(successProbability(10, 20, 100)).toBe(1);
    expect(successProbability(101, 20, 100)).toBe(0);
    expect(successProbability(60, 20, 100)).toBeCloseTo(41 / 81);
    expect(successProbability(0, 0, 0)).toBe(1);
  });

  it('narrows on failures and successes, and both decay with the half-life', () => {
    const scorer = new ProbabilityScorer();
    scorer.recordChannelSuccess('1x1x0', 0, 200_000n, 0);
    scorer.recordFailure('1x1x0', 0, 600_001n, 0);
    expect(scorer.liquidity('1x1x0', 0, 1_000_000, 0, 5e9)).toEqual({ lowerMsat: 200_000, upperMsat: 600_000, hardMaxMsat: 600_000 });
    // One half-life later: the lower bound halves, the upper bound's distance below capacity halves.
    expect(scorer.liquidity('1x1x0', 0, 1_000_000, HOUR, 5e9)).toEqual({ lowerMsat: 100_000, upperMsat: 800_000, hardMaxMsat: 800_000 });
    // The other direction knows nothing.
    expect(scorer.liquidity('1x1x0', 1, 1_000_000, 0, 5e9)).toEqual({ lowerMsat: 0, upperMsat: 1_000_000, hardMaxMsat: 1_000_000 });
    // Unknown capacity: only a failure is a hard limit; the model assumes the given capacity.
    expect(scorer.liquidity('9x9x9', 0, undefined, 0, 5e9)).toEqual({ lowerMsat: 0, upperMsat: 5e9, hardMaxMsat: Infinity });
  });

  it('keeps older tighter upper bounds until a newer one dominates them', () => {
    const scorer = new ProbabilityScorer();
    scorer.recordFailure('1x1x0', 1, 100n, 0);
    scorer.recordFailure('1x1x0', 1, 200n, HOUR);
    expect(scorer.state().channels['1x1x0/1']!.upper).toEqual([
      { msat: 99, at: 0 },
      { msat: 199, at: HOUR },
    ]);
    // At 1 h the new failure is the tighter one (199 vs 1000 − 901/2); at 3 h: 1000 − 901/8 vs 1000 − 801/4.
    expect(scorer.liquidity('1x1x0', 1, 1000, HOUR, 5e9).hardMaxMsat).toBe(199);
    expect(scorer.liquidity('1x1x0', 1, 1000, 3 * HOUR, 5e9).hardMaxMsat).toBe(799);
    scorer.recordFailure('1x1x0', 1, 50n, 2 * HOUR);
    expect(scorer.state().channels['1x1x0/1']!.upper).toEqual([{ msat: 49, at: 2 * HOUR }]);
    // A success above an upper bound contradicts it: the bound goes.
    scorer.recordChannelSuccess('1x1x0', 1, 80n, 2 * HOUR);
    expect(scorer.liquidity('1x1x0', 1, 1000, 2 * HOUR, 5e9)).toEqual({ lowerMsat: 80, upperMsat: 1000, hardMaxMsat: 1000 });
  });

  it('serialises to plain data and back, and prunes what has faded', () => {
    const scorer = new ProbabilityScorer();
    scorer.recordFailure('1x1x0', 0, 5000n, 0);
    scorer.recordChannelSuccess('2x1x0', 1, 7000n, 0);
    scorer.penalizeNode(node('B'), 0);
    const state: ScorerState = JSON.parse(JSON.stringify(scorer.state()));
    const restored = new ProbabilityScorer(state);
    expect(restored.state()).toEqual(scorer.state());
    expect(restored.liquidity('1x1x0', 0, 10_000, HOUR, 5e9)).toEqual(scorer.liquidity('1x1x0', 0, 10_000, HOUR, 5e9));
    expect(restored.nodeFactor(node('B'), 0)).toBe(0.5);
    expect(restored.nodeFactor(node('B'), HOUR)).toBeCloseTo(Math.SQRT1_2);
    expect(restored.prune(HOUR)).toBe(0);
    expect(restored.prune(20 * HOUR)).toBe(3);
    expect(restored.state()).toEqual({ version: 1, channels: {}, nodes: {} });
  });
});

describe('cheaper versus more reliable paths', () => {
  // us → A; A → payee directly for 100 msat (1 ppm), or A → B → payee for ≈ 4,000 msat.
  const graph = graphOf([
    { scid: '10x1x0', from: 'A', to: 'payee', capacitySat: 1_000_000, forward: { feeBaseMsat: 0, feeProportionalMillionths: 1 } },
    { scid: '20x1x0', from: 'A', to: 'B', capacitySat: 1_000_000, forward: { feeBaseMsat: 1000, feeProportionalMillionths: 10 } },
    { scid: '30x1x0', from: 'B', to: 'payee', capacitySat: 1_000_000, forward: { feeBaseMsat: 1000, feeProportionalMillionths: 10 } },
  ]);
  const direction = node('A') < node('payee') ? 0 : 1;
  const pay = (scorer: ProbabilityScorer, now: number) => findRoute(request({ graph, firstHops: [firstHop('A', '1x1x0', 500_000)], scorer, now }));

  it('prefers the cheap path until it fails just above the amount, then the reliable one, then the cheap one again', () => {
    const scorer = new ProbabilityScorer();
    expect(pathOf(pay(scorer, 0))).toEqual(['A', 'payee']);
    // The direct channel could not forward 110,000 sat: liquidity below that, so 100,000 sat now has P ≈ 9%.
    scorer.recordFailure('10x1x0', direction, 110_000_000n, 0);
    const after = pay(scorer, 0);
    expect(pathOf(after)).toEqual(['A', 'B', 'payee']);
    expect(after.ok && after.route.feeMsat).toBe(4000n);
    // Knowledge fades: after a few half-lives the cheap path is worth trying again.
    expect(pathOf(pay(scorer, 3 * HOUR))).toEqual(['A', 'payee']);
  });

  it('treats a failure at or below the amount as a hard limit', () => {
    const scorer = new ProbabilityScorer();
    scorer.recordFailure('10x1x0', direction, 100_000_000n, 0);
    scorer.recordFailure('20x1x0', node('A') < node('B') ? 0 : 1, 50_000_000n, 0);
    const result = pay(scorer, 0);
    expect(result.ok ? 'route' : result.failure.reason).toBe('amount_too_large');
  });

  it('learns from a success: a channel proven to carry the amount has probability 1', () => {
    const scorer = new ProbabilityScorer();
    const first = pay(scorer, 0);
    if (!first.ok) throw new Error('no route');
    expect(first.route.probability).toBeCloseTo(0.9, 3);
    scorer.recordSuccess(first.route, 0);
    const again = pay(scorer, 0);
    expect(again.ok && again.route.probability).toBe(1);
  });

  it('records a route failure at a hop as successes before it and a failure there', () => {
    const scorer = new ProbabilityScorer();
    const first = pay(scorer, 0);
    if (!first.ok) throw new Error('no route');
    scorer.recordRouteFailure(first.route, 1, 0);
    expect(scorer.liquidity('10x1x0', direction, 1e9, 0, 5e9).hardMaxMsat).toBe(99_999_999);
  });

  it('avoids a penalised node between two otherwise equal paths', () => {
    const twin = graphOf([
      { scid: '20x1x0', from: 'A', to: 'B', capacitySat: 1_000_000 },
      { scid: '21x1x0', from: 'B', to: 'payee', capacitySat: 1_000_000 },
      { scid: '22x1x0', from: 'A', to: 'C', capacitySat: 1_000_000 },
      { scid: '23x1x0', from: 'C', to: 'payee', capacitySat: 1_000_000 },
    ]);
    const scorer = new ProbabilityScorer();
    const route = (now: number) => pathOf(findRoute(request({ graph: twin, firstHops: [firstHop('A', '1x1x0', 500_000)], scorer, now })));
    const chosen = route(0)[1]!;
    scorer.penalizeNode(node(chosen), 0);
    const other = chosen === 'B' ? 'C' : 'B';
    expect(route(0)).toEqual(['A', other, 'payee']);
  });
});
