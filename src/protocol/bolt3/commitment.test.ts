import { describe, expect, it } from 'vitest';
import { compactToDer } from '../bitcoin/ecdsa.ts';
import { encodeTx, txWeight, type Transaction } from '../bitcoin/tx.ts';
import { fromHex, hex } from '../codec/bytes.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import {
  buildCommitmentTx,
  obscuringFactor,
  type CommitmentHtlc,
  type CommitmentParams,
  type CommitmentTx,
} from './commitment.ts';
import { ANCHOR_OUTPUT_SAT, commitmentWeight, type ChannelType } from './fees.ts';
import { buildHtlcTxs, type HtlcTx } from './htlc-tx.ts';
import { derivePrivkey, derivePubkey, perCommitmentPoint, revocationPubkey } from './keys.ts';
import {
  signCommitmentTx,
  signHtlcTx,
  signedCommitmentTx,
  signedHtlcTx,
  verifyCommitmentSig,
  verifyHtlcSig,
} from './signing.ts';
import { appendixCChannel, loadAppendixC, vectorPrivkey } from './test-vectors.ts';

interface AnchorVectors {
  tests: {
    Name: string;
    LocalBalance: number;
    RemoteBalance: number;
    DustLimitSatoshis: number;
    FeePerKw: number;
    UseTestHtlcs: boolean;
    HtlcDescs: { RemoteSigHex: string; ResolutionTxHex: string }[];
    ExpectedCommitmentTxHex: string;
    RemoteSigHex: string;
  }[];
}

const staticVectors = loadAppendixC();
const anchorVectors = loadVectors<AnchorVectors>('bolt03-commitment-anchors.json');
const p = staticVectors.params;
const internal = staticVectors.internal_values_comment;

const localFundingPrivkey = vectorPrivkey(p.local_funding_privkey);
const remoteFundingPrivkey = vectorPrivkey(internal.remote_funding_privkey);
const localHtlcPrivkey = vectorPrivkey(p.local_privkey);
const remoteHtlcPrivkey = vectorPrivkey(internal.remote_privkey);

const channel = appendixCChannel(p);
const { keys } = channel;

interface VectorHtlc extends CommitmentHtlc {
  readonly id: number;
  readonly preimage: Uint8Array;
}

const vectorHtlcs: VectorHtlc[] = p.htlcs.map((h) => {
  const preimage = fromHex(h.payment_preimage);
  return {
    id: h.id,
    direction: h.direction === 'local->remote' ? 'offered' : 'received',
    amountMsat: BigInt(h.amount_msat),
    paymentHash: sha256(preimage),
    cltvExpiry: h.expiry,
    preimage,
  };
});

const fundingMsat = BigInt(p.funding_amount_satoshi) * 1000n;

/**
 * The HTLCs in flight: HTLCs 0-4, except in the "same amount and preimage" test (1, 5 and 6),
 * and none when the balances already add up to the funding amount.
 */
function htlcsInFlight(name: string, toLocalMsat: bigint, toRemoteMsat: bigint): VectorHtlc[] {
  const inFlightMsat = fundingMsat - toLocalMsat - toRemoteMsat;
  if (inFlightMsat === 0n) return [];
  const ids = name.includes('same amount and preimage') ? [1, 5, 6] : [0, 1, 2, 3, 4];
  const htlcs = vectorHtlcs.filter((h) => ids.includes(h.id));
  expect(htlcs.reduce((sum, h) => sum + h.amountMsat, 0n)).toBe(inFlightMsat);
  return htlcs;
}

function commitmentParams(
  channelType: ChannelType,
  toLocalMsat: bigint,
  toRemoteMsat: bigint,
  htlcs: VectorHtlc[],
  feeratePerKw: number,
  dustLimitSat: bigint,
): CommitmentParams<VectorHtlc> {
  return { ...channel, channelType, feeratePerKw, dustLimitSat, toLocalMsat, toRemoteMsat, htlcs };
}

function der(signature: Uint8Array): string {
  return hex(compactToDer(signature));
}

function outputSum(tx: Transaction): bigint {
  return tx.outputs.reduce((sum, o) => sum + o.value, 0n);
}

/** Signs with both funding keys, checks both signatures and returns the fully signed tx hex. */
function signCommitment(commitment: CommitmentTx<VectorHtlc>, expectedRemoteSig: string, expectedLocalSig?: string): string {
  const localSig = signCommitmentTx(commitment, localFundingPrivkey);
  const remoteSig = signCommitmentTx(commitment, remoteFundingPrivkey);
  expect(der(remoteSig)).toBe(expectedRemoteSig);
  if (expectedLocalSig) expect(der(localSig)).toBe(expectedLocalSig);
  expect(verifyCommitmentSig(commitment, remoteSig, keys.remoteFundingPubkey)).toBe(true);
  expect(verifyCommitmentSig(commitment, localSig, keys.localFundingPubkey)).toBe(true);
  expect(verifyCommitmentSig(commitment, remoteSig, keys.localFundingPubkey)).toBe(false);
  const signed = signedCommitmentTx(commitment, localSig, remoteSig);
  // The expected weight assumes maximal signatures and every output, so it bounds the real one.
  expect(txWeight(signed)).toBeLessThanOrEqual(commitmentWeight(commitment.params.channelType, commitment.htlcOutputs.length));
  return hex(encodeTx(signed));
}

/** Signs one HTLC tx as both parties, checks the signatures and returns the fully signed tx hex. */
function signHtlc(htlcTx: HtlcTx<VectorHtlc>, expectedRemoteSig: string, expectedLocalSig?: string): string {
  const remoteSig = signHtlcTx(htlcTx, remoteHtlcPrivkey, 'remote');
  const localSig = signHtlcTx(htlcTx, localHtlcPrivkey, 'local');
  expect(der(remoteSig)).toBe(expectedRemoteSig);
  if (expectedLocalSig) expect(der(localSig)).toBe(expectedLocalSig);
  expect(verifyHtlcSig(htlcTx, remoteSig, keys.remoteHtlcPubkey, 'remote')).toBe(true);
  expect(verifyHtlcSig(htlcTx, localSig, keys.localHtlcPubkey, 'local')).toBe(true);
  expect(verifyHtlcSig(htlcTx, localSig, keys.localHtlcPubkey, 'remote')).toBe(htlcTx.channelType !== 'anchors');
  return hex(encodeTx(signedHtlcTx(htlcTx, localSig, remoteSig, htlcTx.htlc.preimage)));
}

describe('BOLT 3 Appendix C key chain', () => {
  it('derives the keys the commitment vectors use', () => {
    const point = perCommitmentPoint(vectorPrivkey(internal.x_local_per_commitment_secret));
    expect(hex(point)).toBe(internal.local_per_commitment_point);
    expect(hex(derivePubkey(fromHex(internal.local_delayed_payment_basepoint), point))).toBe(p.local_delayedpubkey);
    expect(hex(derivePrivkey(vectorPrivkey(internal.local_delayed_payment_basepoint_secret), point))).toBe(
      hex(vectorPrivkey(internal.local_delayed_privkey)),
    );
    expect(hex(revocationPubkey(fromHex(internal.remote_revocation_basepoint), point))).toBe(p.local_revocation_pubkey);
    expect(hex(derivePubkey(fromHex(p.local_htlc_basepoint), point))).toBe(p.local_htlcpubkey);
    expect(hex(derivePubkey(fromHex(p.remote_htlc_basepoint), point))).toBe(p.remote_htlcpubkey);
    expect(hex(derivePrivkey(vectorPrivkey(internal.local_payment_basepoint_secret), point))).toBe(hex(localHtlcPrivkey));
    expect(hex(derivePrivkey(vectorPrivkey(internal.remote_payment_basepoint_secret), point))).toBe(hex(remoteHtlcPrivkey));
    expect(hex(publicKey(localFundingPrivkey))).toBe(p.local_funding_pubkey);
    expect(hex(publicKey(remoteFundingPrivkey))).toBe(p.remote_funding_pubkey);
  });

  it('obscures the commitment number with the factor the spec states', () => {
    const stated = /^0x([0-9a-f]{12}) \^ (\d+)$/.exec(p.obscured_commitment_number_comment);
    expect(stated).not.toBeNull();
    expect(obscuringFactor(fromHex(p.local_payment_basepoint), fromHex(p.remote_payment_basepoint))).toBe(
      parseInt(stated![1]!, 16),
    );
    expect(Number(stated![2])).toBe(p.commitment_number);
  });
});

describe('commitment and HTLC transactions, option_static_remotekey (BOLT 3 Appendix C)', () => {
  it.each(staticVectors.tests.map((t) => [t.name, t] as const))('%s', (name, t) => {
    const [toLocalMsat, toRemoteMsat] = [BigInt(t.to_local_msat), BigInt(t.to_remote_msat)];
    const htlcs = htlcsInFlight(name, toLocalMsat, toRemoteMsat);
    const dustLimitSat = BigInt(p.local_dust_limit_satoshi);
    const params = commitmentParams('static_remotekey', toLocalMsat, toRemoteMsat, htlcs, t.local_feerate_per_kw, dustLimitSat);
    const commitment = buildCommitmentTx(params);

    if (t.base_commitment_fee_sat !== undefined) expect(commitment.baseFeeSat).toBe(BigInt(t.base_commitment_fee_sat));
    if (t.actual_commitment_fee_sat !== undefined) {
      expect(params.funding.amountSat - outputSum(commitment.tx)).toBe(BigInt(t.actual_commitment_fee_sat));
    }
    if (t.to_local_output) expect(hex(commitment.toLocalScript)).toBe(t.to_local_output.wscript);
    expect(t.htlc_outputs_comment?.length ?? 0).toBe(commitment.htlcOutputs.length);
    for (const expected of t.htlc_outputs_comment ?? []) {
      const committed = commitment.htlcOutputs.find((h) => h.htlc.id === expected.htlc_id);
      expect(committed, `HTLC ${expected.htlc_id} missing`).toBeDefined();
      expect(hex(committed!.witnessScript)).toBe(expected.wscript);
      expect(committed!.amountSat).toBe(BigInt(expected.amount_sat));
      expect(committed!.htlc.direction).toBe(expected.direction);
    }

    expect(signCommitment(commitment, t.remote_signature, t.local_signature)).toBe(t.commit_tx);

    const htlcTxs = buildHtlcTxs(commitment);
    expect(htlcTxs.map((h) => h.tx.inputs[0]!.vout)).toEqual(t.htlc_txs.map((h) => h.commit_output_index));
    t.htlc_txs.forEach((expected, i) => {
      const htlcTx = htlcTxs[i]!;
      expect(htlcTx.htlc.id).toBe(expected.htlc_id);
      expect(`htlc-${htlcTx.kind}`).toBe(expected.type);
      expect(signHtlc(htlcTx, expected.remote_htlc_signature, expected.local_htlc_signature)).toBe(expected.tx);
    });
  });
});

describe('commitment and HTLC transactions, option_anchors (BOLT 3 Appendix F)', () => {
  it.each(anchorVectors.tests.map((t) => [t.Name, t] as const))('%s', (name, t) => {
    const [toLocalMsat, toRemoteMsat] = [BigInt(t.LocalBalance), BigInt(t.RemoteBalance)];
    const htlcs = htlcsInFlight(name, toLocalMsat, toRemoteMsat);
    expect(htlcs.length > 0).toBe(t.UseTestHtlcs);
    const params = commitmentParams('anchors', toLocalMsat, toRemoteMsat, htlcs, t.FeePerKw, BigInt(t.DustLimitSatoshis));
    const commitment = buildCommitmentTx(params);
    expect(signCommitment(commitment, t.RemoteSigHex)).toBe(t.ExpectedCommitmentTxHex);

    const htlcTxs = buildHtlcTxs(commitment);
    expect(htlcTxs.length).toBe(t.HtlcDescs.length);
    t.HtlcDescs.forEach((expected, i) => {
      expect(signHtlc(htlcTxs[i]!, expected.RemoteSigHex)).toBe(expected.ResolutionTxHex);
    });
  });
});

describe('signed HTLC transactions', () => {
  const htlcs = vectorHtlcs.slice(0, 5);
  const toRemoteMsat = fundingMsat / 2n;
  const toLocalMsat = fundingMsat - toRemoteMsat - htlcs.reduce((sum, h) => sum + h.amountMsat, 0n);
  const params = commitmentParams('static_remotekey', toLocalMsat, toRemoteMsat, htlcs, 0, BigInt(p.local_dust_limit_satoshi));
  const htlcTxs = buildHtlcTxs(buildCommitmentTx(params));
  const success = htlcTxs.find((h) => h.kind === 'success')!;
  const sig = signHtlcTx(success, localHtlcPrivkey, 'local');

  it('refuse an HTLC-success witness without the right preimage', () => {
    expect(() => signedHtlcTx(success, sig, sig)).toThrow(RangeError);
    expect(() => signedHtlcTx(success, sig, sig, new Uint8Array(32).fill(9))).toThrow(RangeError);
    expect(() => signedHtlcTx(success, sig, sig, success.htlc.preimage)).not.toThrow();
  });

  it('reject a signature over a different HTLC tx', () => {
    const other = htlcTxs.find((h) => h !== success)!;
    expect(verifyHtlcSig(other, sig, keys.localHtlcPubkey, 'local')).toBe(false);
  });
});

describe('fee calculation example (BOLT 3 "Fees") in a built commitment', () => {
  interface FeeExample {
    feerate_per_kw: number;
    dust_limit_satoshis: number;
    htlcs: { direction: 'offered' | 'received'; amount_msat: number; trimmed: boolean; htlc_tx_output_sat?: number }[];
    base_commitment_fee_sat: number;
    actual_commitment_fee_sat: number;
  }
  const example = loadVectors<FeeExample>('bolt03-fee-example.json');
  // Payment hashes and expiries are borrowed from Appendix C; only amounts and directions matter here.
  const htlcs: VectorHtlc[] = example.htlcs.map((h, i) => ({
    ...vectorHtlcs[i]!,
    direction: h.direction,
    amountMsat: BigInt(h.amount_msat),
  }));
  const inFlightMsat = htlcs.reduce((sum, h) => sum + h.amountMsat, 0n);
  const toRemoteMsat = fundingMsat / 2n;
  const toLocalMsat = fundingMsat - toRemoteMsat - inFlightMsat;
  const dustLimitSat = BigInt(example.dust_limit_satoshis);
  const params = commitmentParams('static_remotekey', toLocalMsat, toRemoteMsat, htlcs, example.feerate_per_kw, dustLimitSat);
  const commitment = buildCommitmentTx(params);

  it('pays the base fee plus the trimmed HTLCs', () => {
    expect(commitment.baseFeeSat).toBe(BigInt(example.base_commitment_fee_sat));
    expect(params.funding.amountSat - outputSum(commitment.tx)).toBe(BigInt(example.actual_commitment_fee_sat));
  });

  it('gives each untrimmed HTLC a second-stage tx paying its amount minus the HTLC tx fee', () => {
    const untrimmed = example.htlcs.filter((h) => !h.trimmed);
    const htlcTxs = buildHtlcTxs(commitment);
    expect(htlcTxs.length).toBe(untrimmed.length);
    for (const expected of untrimmed) {
      const htlcTx = htlcTxs.find((h) => h.htlc.amountMsat === BigInt(expected.amount_msat));
      expect(htlcTx?.tx.outputs[0]!.value).toBe(BigInt(expected.htlc_tx_output_sat!));
    }
  });
});

describe('commitment paid for by the remote funder', () => {
  const first = staticVectors.tests[0]!;
  const [toLocalMsat, toRemoteMsat] = [BigInt(first.to_local_msat), BigInt(first.to_remote_msat)];

  it.each(['static_remotekey', 'anchors'] as const)('%s: the fee and anchors come out of to_remote', (channelType) => {
    const feerate = first.local_feerate_per_kw;
    const dustLimitSat = BigInt(p.local_dust_limit_satoshi);
    const params = { ...commitmentParams(channelType, toLocalMsat, toRemoteMsat, [], feerate, dustLimitSat), localIsFunder: false };
    const commitment = buildCommitmentTx(params);
    if (channelType === 'static_remotekey') expect(commitment.baseFeeSat).toBe(BigInt(first.base_commitment_fee_sat!));
    const anchorsCost = channelType === 'anchors' ? 2n * ANCHOR_OUTPUT_SAT : 0n;
    const values = commitment.tx.outputs.map((o) => o.value);
    expect(values).toContain(toLocalMsat / 1000n);
    expect(values).toContain(toRemoteMsat / 1000n - commitment.baseFeeSat - anchorsCost);
    expect(params.funding.amountSat - outputSum(commitment.tx)).toBe(commitment.baseFeeSat);
  });
});
