import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.ts';
import {
  commitmentFeeSat,
  commitmentWeight,
  htlcTxFeeSat,
  htlcTxKind,
  htlcTxWeight,
  isTrimmed,
  type FeeContext,
  type HtlcAmount,
} from './fees.ts';

interface FeeExample {
  feerate_per_kw: number;
  dust_limit_satoshis: number;
  htlcs: {
    direction: 'offered' | 'received';
    amount_msat: number;
    trimmed: boolean;
    htlc_tx: 'htlc-timeout' | 'htlc-success';
    htlc_tx_weight: number;
    htlc_tx_fee_sat: number;
    htlc_tx_output_sat?: number;
  }[];
  commitment_weight_steps: number[];
  commitment_weight: number;
  base_commitment_fee_sat: number;
  actual_commitment_fee_sat: number;
}
const example = loadVectors<FeeExample>('bolt03-fee-example.json');
const ctx: FeeContext = {
  channelType: 'static_remotekey',
  feeratePerKw: example.feerate_per_kw,
  dustLimitSat: BigInt(example.dust_limit_satoshis),
};
const htlcs: HtlcAmount[] = example.htlcs.map((h) => ({ direction: h.direction, amountMsat: BigInt(h.amount_msat) }));

describe('fee calculation example (BOLT 3 "Fees")', () => {
  it.each(example.htlcs.map((h, i) => [`${h.direction} ${h.amount_msat} msat`, h, htlcs[i]!] as const))(
    '%s: HTLC tx weight, fee and trimming',
    (_name, expected, htlc) => {
      const kind = htlcTxKind(htlc.direction);
      expect(`htlc-${kind}`).toBe(expected.htlc_tx);
      expect(htlcTxWeight('static_remotekey', kind)).toBe(expected.htlc_tx_weight);
      expect(htlcTxFeeSat('static_remotekey', kind, ctx.feeratePerKw)).toBe(BigInt(expected.htlc_tx_fee_sat));
      expect(isTrimmed(htlc, ctx)).toBe(expected.trimmed);
    },
  );

  it('commitment weight grows by one HTLC output per untrimmed HTLC', () => {
    expect(example.commitment_weight_steps.map((_, i) => commitmentWeight('static_remotekey', i))).toEqual(
      example.commitment_weight_steps,
    );
    const untrimmed = htlcs.filter((h) => !isTrimmed(h, ctx)).length;
    expect(commitmentWeight('static_remotekey', untrimmed)).toBe(example.commitment_weight);
  });

  it('base commitment fee', () => {
    expect(commitmentFeeSat(ctx, htlcs)).toBe(BigInt(example.base_commitment_fee_sat));
  });

  it('anchor HTLC transactions pay no fee, so only the dust limit trims', () => {
    const anchors: FeeContext = { ...ctx, channelType: 'anchors' };
    for (const htlc of htlcs) {
      expect(htlcTxFeeSat('anchors', htlcTxKind(htlc.direction), ctx.feeratePerKw)).toBe(0n);
      expect(isTrimmed(htlc, anchors)).toBe(htlc.amountMsat / 1000n < anchors.dustLimitSat);
    }
  });
});
