import { describe, expect, it } from 'vitest';
import { defaultMaxFeeMsat, directionOf, forwardingFeeMsat } from './fees.ts';
import { splitPayment } from './mpp.ts';
import { findRoute } from './pathfinder.ts';
import { ProbabilityScorer } from './scorer.ts';
import { randomNodeId, seededRandom, syntheticGraph } from './synthetic-graph.ts';
import type { FirstHop, GraphChannel, Route, RouteRequest } from './types.ts';

/** Every hop checked against the graph itself, not against the pathfinder's index. */
function checkRoute(route: Route, req: RouteRequest, channels: Map<string, GraphChannel>): void {
  const first = route.hops[0]!;
  const ours = req.firstHops.find((hop) => hop.scid === first.scid)!;
  expect(first.source).toBe('first_hop');
  expect(first.nodeId).toBe(ours.peer);
  expect(first.amountMsat <= ours.availableMsat).toBe(true);
  route.hops.forEach((hop, i) => {
    if (i === 0) return;
    const from = route.hops[i - 1]!;
    const channel = channels.get(hop.scid)!;
    const policy = channel.node1 === from.nodeId && channel.node2 === hop.nodeId ? channel.node1Policy : channel.node2 === from.nodeId && channel.node1 === hop.nodeId ? channel.node2Policy : undefined;
    expect(policy, `hop ${i} over ${hop.scid} does not connect its nodes`).toBeDefined();
    expect(policy!.disabled).toBe(false);
    expect(hop.direction).toBe(directionOf(from.nodeId, hop.nodeId));
    expect(hop.amountMsat >= BigInt(policy!.htlcMinimumMsat)).toBe(true);
    if (policy!.htlcMaximumMsat !== undefined) expect(hop.amountMsat <= BigInt(policy!.htlcMaximumMsat)).toBe(true);
    expect(hop.amountMsat <= BigInt(channel.capacitySat!) * 1000n).toBe(true);
    expect(from.amountMsat).toBe(hop.amountMsat + forwardingFeeMsat(hop.amountMsat, policy!));
    expect(from.cltvExpiry).toBe(hop.cltvExpiry + policy!.cltvExpiryDelta);
    expect(from.feeMsat).toBe(from.amountMsat - hop.amountMsat);
  });
  const last = route.hops.at(-1)!;
  expect(last.nodeId).toBe(req.payee);
  expect(last.cltvExpiry).toBe(req.blockHeight + req.finalCltvDelta);
  expect(route.feeMsat).toBe(first.amountMsat - route.amountMsat);
  expect(route.feeMsat <= (req.maxFeeMsat ?? defaultMaxFeeMsat(req.amountMsat))).toBe(true);
  expect(route.totalCltvDelta <= 2016).toBe(true);
}

describe('routes on a synthetic 10,000-channel graph', () => {
  const { view, nodeIds, degree } = syntheticGraph({ nodes: 2500, channels: 10_000, seed: 7 });
  const channels = new Map([...view.channels()].map((c) => [c.scid, c]));
  const random = seededRandom(99);
  const hubs = nodeIds.map((id, i) => [id, degree[i]!] as const).sort((a, b) => b[1] - a[1]);
  const payer = randomNodeId(random);
  const firstHops: FirstHop[] = [
    { peer: hubs[0]![0], scid: '1x1x0', availableMsat: 2_000_000_000n },
    { peer: hubs[5]![0], scid: '1x2x0', availableMsat: 1_000_000_000n },
  ];

  it('satisfies every channel constraint and the BOLT 7 arithmetic, hop by hop', () => {
    const scorer = new ProbabilityScorer();
    const reasons = new Map<string, number>();
    for (let i = 0; i < 80; i++) {
      const payee = nodeIds[Math.floor(random() * nodeIds.length)]!;
      const amountMsat = BigInt(Math.floor(Math.exp(Math.log(10_000) + random() * Math.log(100)))) * 1000n;
      const req: RouteRequest = { payer, payee, amountMsat, finalCltvDelta: 18, blockHeight: 800_000, firstHops, graph: view, scorer, now: i * 60_000 };
      const result = findRoute(req);
      const reason = result.ok ? 'ok' : result.failure.reason;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (!result.ok) continue;
      checkRoute(result.route, req, channels);
      expect(findRoute(req)).toEqual(result);
      // Learn something on the way so later searches see a scorer with data.
      if (result.route.hops.length > 2) scorer.recordRouteFailure(result.route, 2, i * 60_000);
    }
    expect(reasons.get('ok')!).toBeGreaterThan(60);
    for (const reason of reasons.keys()) expect(['ok', 'no_route', 'amount_too_large', 'amount_too_small', 'fee_too_high', 'cltv_too_high']).toContain(reason);
  });

  it('splits large payments into parts that each pass the same checks', () => {
    let split = 0;
    const reasons: string[] = [];
    for (let i = 0; i < 10; i++) {
      const payee = nodeIds[Math.floor(random() * nodeIds.length)]!;
      const req: RouteRequest = { payer, payee, amountMsat: 2_500_000_000n, finalCltvDelta: 18, blockHeight: 800_000, firstHops, graph: view, now: 0 };
      const result = splitPayment(req);
      reasons.push(result.ok ? `${result.routes.length} parts` : result.failure.reason);
      if (!result.ok) continue;
      if (result.routes.length > 1) split++;
      expect(result.routes.reduce((sum, route) => sum + route.amountMsat, 0n)).toBe(req.amountMsat);
      expect(result.feeMsat <= defaultMaxFeeMsat(req.amountMsat)).toBe(true);
      for (const route of result.routes) checkRoute(route, { ...req, amountMsat: route.amountMsat, maxFeeMsat: defaultMaxFeeMsat(req.amountMsat) }, channels);
    }
    expect(split, reasons.join(", ")).toBeGreaterThan(3);
  });
});
