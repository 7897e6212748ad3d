/**
 * Test-only (the bolt3 tests and bench/commitment): the BOLT 3 Appendix C vectors
 * (option_static_remotekey) typed, and the channel every one of their commitments belongs to.
 */
import { loadVectors } from '../../test-support/vectors.ts';
import { fromHex, reversed } from '../codec/bytes.ts';
import { obscuringFactor, type CommitmentParams } from './commitment.ts';

export interface AppendixCVectors {
  params: {
    funding_tx_id: string;
    funding_output_index: number;
    funding_amount_satoshi: number;
    commitment_number: number;
    local_delay: number;
    local_dust_limit_satoshi: number;
    htlcs: { id: number; direction: string; amount_msat: number; expiry: number; payment_preimage: string }[];
    local_payment_basepoint: string;
    remote_payment_basepoint: string;
    obscured_commitment_number_comment: string;
    local_htlc_basepoint: string;
    remote_htlc_basepoint: string;
    local_funding_privkey: string;
    local_funding_pubkey: string;
    remote_funding_pubkey: string;
    local_privkey: string;
    local_htlcpubkey: string;
    remote_htlcpubkey: string;
    local_delayedpubkey: string;
    local_revocation_pubkey: string;
  };
  internal_values_comment: {
    remote_funding_privkey: string;
    local_payment_basepoint_secret: string;
    local_delayed_payment_basepoint_secret: string;
    remote_payment_basepoint_secret: string;
    x_local_per_commitment_secret: string;
    remote_revocation_basepoint: string;
    local_delayed_payment_basepoint: string;
    local_per_commitment_point: string;
    remote_privkey: string;
    local_delayed_privkey: string;
  };
  tests: {
    name: string;
    to_local_msat: number;
    to_remote_msat: number;
    local_feerate_per_kw: number;
    base_commitment_fee_sat?: number;
    actual_commitment_fee_sat?: number;
    to_local_output?: { amount_sat: number; wscript: string };
    to_remote_output?: { amount_sat: number; p2wpkh_pubkey: string };
    htlc_outputs_comment?: { htlc_id: number; direction: string; amount_sat: number; wscript: string }[];
    remote_signature: string;
    local_signature: string;
    commit_tx: string;
    htlc_txs: {
      commit_output_index: number;
      type: 'htlc-success' | 'htlc-timeout';
      htlc_id: number;
      remote_htlc_signature: string;
      local_htlc_signature: string;
      tx: string;
    }[];
  }[];
}

export function loadAppendixC(): AppendixCVectors {
  return loadVectors<AppendixCVectors>('bolt03-commitment-static-remotekey.json');
}

/** BOLT 3 prints private keys with a trailing 01 (the compressed-WIF convention). */
export function vectorPrivkey(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes.length !== 33 || bytes[32] !== 1) throw new Error(`private key ${text} lacks its trailing 01`);
  return bytes.subarray(0, 32);
}

/** What Appendix C fixes for every commitment: the local side funds, and the keys are those of commitment 42. */
export type AppendixCChannel = Pick<CommitmentParams, 'funding' | 'localIsFunder' | 'toSelfDelay' | 'keys' | 'commitmentNumber' | 'obscuringFactor'>;

export function appendixCChannel(p: AppendixCVectors['params']): AppendixCChannel {
  return {
    funding: { txid: reversed(fromHex(p.funding_tx_id)), vout: p.funding_output_index, amountSat: BigInt(p.funding_amount_satoshi) },
    localIsFunder: true,
    toSelfDelay: p.local_delay,
    keys: {
      revocationPubkey: fromHex(p.local_revocation_pubkey),
      localDelayedPubkey: fromHex(p.local_delayedpubkey),
      localHtlcPubkey: fromHex(p.local_htlcpubkey),
      remoteHtlcPubkey: fromHex(p.remote_htlcpubkey),
      remotePaymentPubkey: fromHex(p.remote_payment_basepoint),
      localFundingPubkey: fromHex(p.local_funding_pubkey),
      remoteFundingPubkey: fromHex(p.remote_funding_pubkey),
    },
    commitmentNumber: p.commitment_number,
    obscuringFactor: obscuringFactor(fromHex(p.local_payment_basepoint), fromHex(p.remote_payment_basepoint)),
  };
}
