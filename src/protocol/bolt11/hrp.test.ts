import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.ts';
import { DecodeError } from '../codec/errors.ts';
import { NETWORKS } from '../networks.ts';
import { formatHrp, parseHrp } from './hrp.ts';

interface Vectors {
  valid: { expected: { currency_prefix: string; amount_as_written: string | null; amount_msat: string | null } }[];
}
const { valid } = loadVectors<Vectors>('bolt11-invoices.json');
const U64_MAX = (1n << 64n) - 1n;

function rejection(hrp: string): string {
  try {
    parseHrp(hrp);
  } catch (e) {
    if (e instanceof DecodeError) return e.message;
    throw e;
  }
  throw new Error(`${hrp} was accepted`);
}

describe('human-readable part', () => {
  it.each(valid.map((v) => [v.expected.currency_prefix + (v.expected.amount_as_written ?? ''), v.expected] as const))(
    'reads the examples\' %s',
    (hrp, e) => {
      const { network, amountMsat } = parseHrp(hrp);
      expect(`ln${network.bolt11}`).toBe(e.currency_prefix);
      expect(amountMsat).toBe(e.amount_msat === null ? undefined : BigInt(e.amount_msat));
    },
  );

  it('maps every currency prefix of NETWORKS to a network with that prefix', () => {
    for (const network of Object.values(NETWORKS)) expect(parseHrp(`ln${network.bolt11}`).network.bolt11).toBe(network.bolt11);
  });

  it('names what is wrong with a bad prefix or amount', () => {
    expect(rejection('lnxy10m')).toMatch(/unknown currency prefix "xy"/);
    expect(rejection('bc10m')).toMatch(/does not start with "ln"/);
    expect(rejection('lnbc0')).toMatch(/amount is zero/);
    expect(rejection('lnbc0m')).toMatch(/amount is zero/);
    expect(rejection('lnbc010m')).toMatch(/leading zero/);
    expect(rejection('lnbc1x0m')).toMatch(/non-digit before its multiplier/);
    expect(rejection('lnbc10k')).toMatch(/invalid amount multiplier "k"/);
    expect(rejection('lnbc15p')).toMatch(/sub-millisatoshi precision/);
    expect(rejection(`lnbc${(U64_MAX + 1n) * 10n}p`)).toMatch(/overflows 64 bits/);
    expect(rejection(`lnbc${'9'.repeat(400)}`)).toMatch(/overflows 64 bits/);
  });

  it('accepts amounts up to 2^64 - 1 msat', () => {
    expect(parseHrp(`lnbc${U64_MAX * 10n}p`).amountMsat).toBe(U64_MAX);
  });

  it('writes each amount in its shortest exact form, which reads back as the same amount', () => {
    const units: [string, (msat: bigint) => bigint | undefined][] = [
      ['', (m) => (m % 100_000_000_000n === 0n ? m / 100_000_000_000n : undefined)],
      ['m', (m) => (m % 100_000_000n === 0n ? m / 100_000_000n : undefined)],
      ['u', (m) => (m % 100_000n === 0n ? m / 100_000n : undefined)],
      ['n', (m) => (m % 100n === 0n ? m / 100n : undefined)],
      ['p', (m) => m * 10n],
    ];
    const amounts = fc.oneof(
      fc.bigInt({ min: 1n, max: U64_MAX }),
      fc.tuple(fc.bigInt({ min: 1n, max: 1_000_000n }), fc.constantFrom(1n, 100n, 100_000n, 100_000_000n, 100_000_000_000n)).map(([a, b]) => a * b),
    );
    fc.assert(
      fc.property(amounts, fc.constantFrom(...Object.values(NETWORKS)), (msat, network) => {
        const hrp = formatHrp(network, msat);
        expect(parseHrp(hrp).amountMsat).toBe(msat);
        const amount = hrp.slice(`ln${network.bolt11}`.length);
        for (const [letter, value] of units) {
          const v = value(msat);
          if (v !== undefined) expect(amount.length).toBeLessThanOrEqual(`${v}${letter}`.length);
        }
      }),
    );
  });

  it('refuses to write an amount an invoice cannot carry', () => {
    expect(() => formatHrp(NETWORKS.mainnet, 0n)).toThrow(RangeError);
    expect(() => formatHrp(NETWORKS.mainnet, U64_MAX + 1n)).toThrow(RangeError);
  });
});
