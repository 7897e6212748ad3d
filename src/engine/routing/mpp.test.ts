import { describe, expect, it } from 'vitest';
import { defaultMaxFeeMsat } from './fees.ts';
import { firstHop, graphOf, node, request, type EdgeSpec } from './fixtures.ts';
import { splitPayment } from './mpp.ts';
import { onionHops } from './onion.ts';
import { findRoute } from './pathfinder.ts';
import type { FirstHop, PaymentRoutesResult, Route, RouteRequest } from './types.ts';

function routesOf(result: PaymentRoutesResult): Route[] {
  if (!result.ok) throw new Error(`${result.failure.reason}: ${result.failure.message}`);
  return result.routes;
}

/** Checks a split: amounts add up, fees within the limit, no channel direction and no first hop over its limit. */
function checkSplit(req: RouteRequest, routes: Route[], capacitySat: Map<string, number>, firstHops: readonly FirstHop[]) {
  expect(routes.reduce((sum, route) => sum + route.amountMsat, 0n)).toBe(req.amountMsat);
  expect(routes.reduce((sum, route) => sum + route.feeMsat, 0n)).toBeLessThanOrEqual(req.maxFeeMsat ?? defaultMaxFeeMsat(req.amountMsat));
  const used = new Map<string, bigint>();
  for (const route of routes) for (const hop of route.hops) used.set(`${hop.scid}/${hop.direction}`, (used.get(`${hop.scid}/${hop.direction}`) ?? 0n) + hop.amountMsat);
  for (const [key, msat] of used) {
    const scid = key.split('/')[0]!;
    const ours = firstHops.find((hop) => hop.scid === scid);
    const limit = ours !== undefined ? ours.availableMsat : BigInt(capacitySat.get(scid)!) * 1000n;
    expect(msat, `what ${key} carries`).toBeLessThanOrEqual(limit);
  }
}

const capacities = (specs: readonly EdgeSpec[]) => new Map(specs.map((s) => [s.scid, s.capacitySat!]));

/** `count` disjoint paths from our peer A to the payee, A → hop → payee, each limited to `capacitySat` on its first channel. */
function parallelPaths(count: number, capacitySat: number): EdgeSpec[] {
  return ['B', 'C', 'X'].slice(0, count).flatMap((hop, i) => [
    { scid: `${10 + 2 * i}x1x0`, from: 'A', to: hop, capacitySat },
    { scid: `${11 + 2 * i}x1x0`, from: hop, to: 'payee', capacitySat: 1_000_000 },
  ]);
}

describe('splitPayment', () => {
  it('returns a single route when one can carry the amount', () => {
    const specs = [{ scid: '10x1x0', from: 'A', to: 'payee', capacitySat: 1_000_000 }];
    const routes = routesOf(splitPayment(request({ graph: graphOf(specs), firstHops: [firstHop('A', '1x1x0', 500_000)] })));
    expect(routes).toHaveLength(1);
  });

  it('splits over two of our channels when neither can send the whole amount', () => {
    const specs = [
      { scid: '10x1x0', from: 'A', to: 'payee', capacitySat: 1_000_000 },
      { scid: '11x1x0', from: 'B', to: 'payee', capacitySat: 1_000_000 },
    ];
    const firstHops = [firstHop('A', '1x1x0', 60_000), firstHop('B', '2x1x0', 60_000)];
    const req = request({ graph: graphOf(specs), firstHops });
    expect(findRoute(req)).toMatchObject({ ok: false, failure: { reason: 'amount_too_large' } });
    const routes = routesOf(splitPayment(req));
    expect(routes.map((route) => route.amountMsat)).toEqual([50_000_000n, 50_000_000n]);
    expect(new Set(routes.map((route) => route.hops[0]!.scid))).toEqual(new Set(['1x1x0', '2x1x0']));
    checkSplit(req, routes, capacities(specs), firstHops);
  });

  it('splits over graph channels too small for the amount, halving until the parts fit', () => {
    // Three disjoint paths of 40,000 sat each for 100,000 sat: halves fail, quarters and eighths fit.
    const specs = parallelPaths(3, 40_000);
    const firstHops = [firstHop('A', '1x1x0', 500_000)];
    const req = request({ graph: graphOf(specs), firstHops });
    const result = splitPayment(req);
    const routes = routesOf(result);
    expect(routes.length).toBeGreaterThan(3);
    checkSplit(req, routes, capacities(specs), firstHops);
    expect(result.ok && result.feeMsat).toBe(routes.reduce((sum, route) => sum + route.feeMsat, 0n));
    // Every part's onion carries the whole payment's total_msat.
    const secret = new Uint8Array(32);
    for (const route of routes) expect(onionHops(route, { paymentSecret: secret, totalMsat: req.amountMsat }).length).toBe(route.hops.length);
    expect(splitPayment(req)).toEqual(result);
  });

  it('gives up with amount_too_large when the parts allowed cannot carry it', () => {
    const specs = parallelPaths(2, 40_000);
    const req = request({ graph: graphOf(specs), firstHops: [firstHop('A', '1x1x0', 500_000)] });
    const failure = splitPayment(req);
    expect(failure).toMatchObject({ ok: false, failure: { reason: 'amount_too_large' } });
    expect(!failure.ok && failure.failure.message).toMatch(/cannot split/);
    expect(splitPayment({ ...req, amountMsat: 60_000_000n }, { maxParts: 1 })).toMatchObject({ ok: false, failure: { reason: 'amount_too_large' } });
    expect(routesOf(splitPayment({ ...req, amountMsat: 60_000_000n })).length).toBe(2);
    expect(splitPayment({ ...req, amountMsat: 60_000_000n }, { minPartMsat: 40_000_000n })).toMatchObject({ ok: false });
  });

  it('does not split when the balance, the fee or the payee is the problem', () => {
    const specs = [{ scid: '10x1x0', from: 'A', to: 'payee', capacitySat: 1_000_000, forward: { feeBaseMsat: 10_000 } }];
    const graph = graphOf(specs);
    expect(splitPayment(request({ graph, firstHops: [firstHop('A', '1x1x0', 50_000)] }))).toMatchObject({ ok: false, failure: { reason: 'insufficient_balance' } });
    expect(splitPayment(request({ graph, firstHops: [firstHop('A', '1x1x0', 500_000)], maxFeeMsat: 5000n }))).toMatchObject({ ok: false, failure: { reason: 'fee_too_high' } });
    expect(splitPayment(request({ graph, firstHops: [firstHop('A', '1x1x0', 500_000)], payee: node('nobody') }))).toMatchObject({ ok: false, failure: { reason: 'no_route' } });
  });
});
