import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoute, defaultMaxFeeMsat, forwardingFee, forwardingFeeMsat } from './fees.ts';
import { firstHop, graphOf, HEIGHT, node, request } from './fixtures.ts';
import { hopPayloads } from './onion.ts';
import { findRoute } from './pathfinder.ts';

describe('BOLT 7 fee arithmetic', () => {
  it('charges base + floor(amount × proportional / 1e6)', () => {
    expect(forwardingFeeMsat(1_000_000n, { feeBaseMsat: 1000, feeProportionalMillionths: 1 })).toBe(1001n);
    expect(forwardingFeeMsat(999_999n, { feeBaseMsat: 0, feeProportionalMillionths: 1 })).toBe(0n);
    expect(forwardingFeeMsat(1_234_567n, { feeBaseMsat: 2000, feeProportionalMillionths: 250 })).toBe(2308n);
    expect(forwardingFee(1_234_567, 2000, 250)).toBe(2308);
  });

  it('computes exactly on numbers, as on bigints, even when amount × proportional passes 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (amount, base, proportional) => {
        const exact = forwardingFeeMsat(BigInt(amount), { feeBaseMsat: base, feeProportionalMillionths: proportional });
        if (exact <= BigInt(Number.MAX_SAFE_INTEGER)) expect(forwardingFee(amount, base, proportional)).toBe(Number(exact));
      }),
    );
  });

  it('defaults the fee limit to 1% + 5 sat', () => {
    expect(defaultMaxFeeMsat(100_000_000n)).toBe(1_005_000n);
    expect(defaultMaxFeeMsat(1_000n)).toBe(5_010n);
  });
});

describe('a hand-computed 3-hop route: us → A → B → C', () => {
  // A charges 1000 msat + 100 ppm and 40 blocks for A → B; B charges 2000 msat + 250 ppm and 144 blocks for B → C.
  // C is paid 1,234,567 msat with a final delta of 18 at height 800,000:
  //   B→C carries 1,234,567 msat, expiry 800,018.
  //   B's fee: 2000 + floor(1,234,567 × 250 / 1e6) = 2000 + floor(308.64) = 2308  →  A→B carries 1,236,875, expiry 800,162.
  //   A's fee: 1000 + floor(1,236,875 × 100 / 1e6) = 1000 + floor(123.69) = 1123   →  us→A carries 1,237,998, expiry 800,202.
  //   Total fee 3,431 msat; total CLTV delta 202.
  const expectedHops = [
    { nodeId: node('A'), scid: '100x1x0', amountMsat: 1_237_998n, cltvExpiry: 800_202, feeMsat: 1123n, cltvExpiryDelta: 40, source: 'first_hop' },
    { nodeId: node('B'), scid: '200x1x0', amountMsat: 1_236_875n, cltvExpiry: 800_162, feeMsat: 2308n, cltvExpiryDelta: 144, source: 'graph' },
    { nodeId: node('C'), scid: '300x1x0', amountMsat: 1_234_567n, cltvExpiry: 800_018, feeMsat: 0n, cltvExpiryDelta: 0, source: 'graph' },
  ];
  const policyAB = { feeBaseMsat: 1000, feeProportionalMillionths: 100, cltvExpiryDelta: 40 };
  const policyBC = { feeBaseMsat: 2000, feeProportionalMillionths: 250, cltvExpiryDelta: 144 };

  it('buildRoute works out amounts, fees and expiries backwards', () => {
    const route = buildRoute(
      [
        { source: node('us'), target: node('A'), scid: '100x1x0', kind: 'first_hop' },
        { source: node('A'), target: node('B'), scid: '200x1x0', kind: 'graph', policy: policyAB },
        { source: node('B'), target: node('C'), scid: '300x1x0', kind: 'graph', policy: policyBC },
      ],
      1_234_567n,
      18,
      HEIGHT,
    );
    expect(route.hops).toMatchObject(expectedHops);
    expect(route).toMatchObject({ amountMsat: 1_234_567n, totalAmountMsat: 1_237_998n, feeMsat: 3431n, cltvExpiry: 800_202, totalCltvDelta: 202 });
  });

  it('findRoute finds that route in a graph and the onion payloads follow BOLT 4', () => {
    const graph = graphOf([
      { scid: '200x1x0', from: 'A', to: 'B', capacitySat: 1_000_000, forward: { ...policyAB, htlcMinimumMsat: 1000 } },
      { scid: '300x1x0', from: 'B', to: 'C', capacitySat: 1_000_000, forward: { ...policyBC, htlcMinimumMsat: 1000 } },
    ]);
    const result = findRoute(request({ payee: node('C'), amountMsat: 1_234_567n, graph, firstHops: [firstHop('A', '100x1x0', 100_000)] }));
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.route.hops).toMatchObject(expectedHops);
    expect(result.route.feeMsat).toBe(3431n);
    expect(result.route.totalCltvDelta).toBe(202);

    const secret = new Uint8Array(32).fill(7);
    const payloads = hopPayloads(result.route, { paymentSecret: secret, totalMsat: 1_234_567n });
    expect(payloads.map((p) => p.payload)).toEqual([
      { amtToForward: 1_236_875n, outgoingCltvValue: 800_162, shortChannelId: { block: 200, txIndex: 1, outputIndex: 0 } },
      { amtToForward: 1_234_567n, outgoingCltvValue: 800_018, shortChannelId: { block: 300, txIndex: 1, outputIndex: 0 } },
      { amtToForward: 1_234_567n, outgoingCltvValue: 800_018, paymentData: { paymentSecret: secret, totalMsat: 1_234_567n } },
    ]);
    expect(payloads.map((p) => p.nodeId.length)).toEqual([33, 33, 33]);
  });
});
