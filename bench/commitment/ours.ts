/**
 * Our BOLT 3 code (src/protocol/bolt3) doing what a `commitment_signed` needs: build an anchors
 * commitment transaction carrying 10 HTLCs (5 offered, 5 received, none trimmed), build its 10
 * second-stage HTLC transactions, sign the commitment with the funding key and each HTLC
 * transaction with the HTLC key (as the remote signer: SIGHASH_SINGLE|ANYONECANPAY).
 * Keys, channel and funding are those of the BOLT 3 Appendix C vectors; the HTLCs are ours.
 * Optionally the per-commitment keys are derived from the basepoints first, as each new
 * commitment requires.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  buildCommitmentTx,
  buildHtlcTxs,
  derivePrivkey,
  derivePubkey,
  obscuringFactor,
  revocationPubkey,
  signCommitmentTx,
  signHtlcTx,
  verifyCommitmentSig,
  verifyHtlcSig,
  type CommitmentHtlc,
  type CommitmentKeys,
  type CommitmentParams,
} from '../../src/protocol/bolt3/index.ts';
import { loadVectors } from '../../src/test-support/vectors.ts';

export const HTLC_COUNT = 10;

interface AppendixCVectors {
  params: {
    funding_tx_id: string;
    funding_output_index: number;
    funding_amount_satoshi: number;
    commitment_number: number;
    local_delay: number;
    local_dust_limit_satoshi: number;
    local_payment_basepoint: string;
    remote_payment_basepoint: string;
    local_htlc_basepoint: string;
    remote_htlc_basepoint: string;
    local_funding_pubkey: string;
    remote_funding_pubkey: string;
    local_htlcpubkey: string;
    remote_htlcpubkey: string;
    local_delayedpubkey: string;
    local_revocation_pubkey: string;
  };
  internal_values_comment: {
    remote_funding_privkey: string;
    remote_payment_basepoint_secret: string;
    remote_revocation_basepoint: string;
    local_delayed_payment_basepoint: string;
    local_per_commitment_point: string;
    remote_privkey: string;
  };
}

/** BOLT 3 prints private keys with a trailing 01 (the compressed-WIF convention). */
function privkey(text: string): Uint8Array {
  return hexToBytes(text).subarray(0, 32);
}

/** Everything a commitment needs that does not change from one signature to the next. */
export interface CommitmentFixture {
  params: CommitmentParams;
  remoteFundingPrivkey: Uint8Array;
  remoteHtlcPrivkey: Uint8Array;
  basepoints: {
    remoteRevocation: Uint8Array;
    localDelayedPayment: Uint8Array;
    localHtlc: Uint8Array;
    remoteHtlc: Uint8Array;
    remoteHtlcSecret: Uint8Array;
    perCommitmentPoint: Uint8Array;
  };
}

export function commitmentFixture(): CommitmentFixture {
  const { params: p, internal_values_comment: internal } = loadVectors<AppendixCVectors>('bolt03-commitment-static-remotekey.json');
  const keys: CommitmentKeys = {
    revocationPubkey: hexToBytes(p.local_revocation_pubkey),
    localDelayedPubkey: hexToBytes(p.local_delayedpubkey),
    localHtlcPubkey: hexToBytes(p.local_htlcpubkey),
    remoteHtlcPubkey: hexToBytes(p.remote_htlcpubkey),
    remotePaymentPubkey: hexToBytes(p.remote_payment_basepoint),
    localFundingPubkey: hexToBytes(p.local_funding_pubkey),
    remoteFundingPubkey: hexToBytes(p.remote_funding_pubkey),
  };
  const htlcs: CommitmentHtlc[] = Array.from({ length: HTLC_COUNT }, (_, i) => ({
    direction: i % 2 === 0 ? 'offered' : 'received',
    amountMsat: BigInt(i + 1) * 10_000_000n,
    paymentHash: sha256(new Uint8Array(32).fill(i)),
    cltvExpiry: 500 + i,
  }));
  const htlcTotalMsat = htlcs.reduce((sum, htlc) => sum + htlc.amountMsat, 0n);
  const toRemoteMsat = 3_000_000_000n;
  const fundingMsat = BigInt(p.funding_amount_satoshi) * 1000n;
  const params: CommitmentParams = {
    channelType: 'anchors',
    feeratePerKw: 253,
    dustLimitSat: BigInt(p.local_dust_limit_satoshi),
    funding: {
      txid: hexToBytes(p.funding_tx_id).reverse(),
      vout: p.funding_output_index,
      amountSat: BigInt(p.funding_amount_satoshi),
    },
    localIsFunder: true,
    toSelfDelay: p.local_delay,
    keys,
    commitmentNumber: p.commitment_number,
    obscuringFactor: obscuringFactor(hexToBytes(p.local_payment_basepoint), hexToBytes(p.remote_payment_basepoint)),
    toLocalMsat: fundingMsat - toRemoteMsat - htlcTotalMsat,
    toRemoteMsat,
    htlcs,
  };
  return {
    params,
    remoteFundingPrivkey: privkey(internal.remote_funding_privkey),
    remoteHtlcPrivkey: privkey(internal.remote_privkey),
    basepoints: {
      remoteRevocation: hexToBytes(internal.remote_revocation_basepoint),
      localDelayedPayment: hexToBytes(internal.local_delayed_payment_basepoint),
      localHtlc: hexToBytes(p.local_htlc_basepoint),
      remoteHtlc: hexToBytes(p.remote_htlc_basepoint),
      // In Appendix C the remote HTLC basepoint is its payment basepoint.
      remoteHtlcSecret: privkey(internal.remote_payment_basepoint_secret),
      perCommitmentPoint: hexToBytes(internal.local_per_commitment_point),
    },
  };
}

/** The per-commitment keys from the basepoints (four point derivations, one secret derivation). */
function derivedKeys(fixture: CommitmentFixture): { keys: CommitmentKeys; remoteHtlcPrivkey: Uint8Array } {
  const b = fixture.basepoints;
  const keys: CommitmentKeys = {
    ...fixture.params.keys,
    revocationPubkey: revocationPubkey(b.remoteRevocation, b.perCommitmentPoint),
    localDelayedPubkey: derivePubkey(b.localDelayedPayment, b.perCommitmentPoint),
    localHtlcPubkey: derivePubkey(b.localHtlc, b.perCommitmentPoint),
    remoteHtlcPubkey: derivePubkey(b.remoteHtlc, b.perCommitmentPoint),
  };
  return { keys, remoteHtlcPrivkey: derivePrivkey(b.remoteHtlcSecret, b.perCommitmentPoint) };
}

export interface SignedCommitment {
  commitmentSignature: Uint8Array;
  htlcSignatures: Uint8Array[];
  /** Outputs of the commitment: 10 HTLCs, to_local, to_remote, two anchors. */
  outputCount: number;
}

/** Builds and signs the commitment and its HTLC transactions; `deriveKeys` adds the key derivation. */
export function buildAndSignCommitment(fixture: CommitmentFixture, deriveKeys: boolean): SignedCommitment {
  let params = fixture.params;
  let htlcPrivkey = fixture.remoteHtlcPrivkey;
  if (deriveKeys) {
    const derived = derivedKeys(fixture);
    params = { ...params, keys: derived.keys };
    htlcPrivkey = derived.remoteHtlcPrivkey;
  }
  const commitment = buildCommitmentTx(params);
  const commitmentSignature = signCommitmentTx(commitment, fixture.remoteFundingPrivkey);
  const htlcSignatures = buildHtlcTxs(commitment).map((htlcTx) => signHtlcTx(htlcTx, htlcPrivkey, 'remote'));
  return { commitmentSignature, htlcSignatures, outputCount: commitment.tx.outputs.length };
}

/** Checks one result in full (not timed): derived keys match the vectors, every signature verifies. */
export function verifyCommitmentWork(fixture: CommitmentFixture): void {
  const derived = derivedKeys(fixture);
  const expected = fixture.params.keys;
  for (const key of ['revocationPubkey', 'localDelayedPubkey', 'localHtlcPubkey', 'remoteHtlcPubkey'] as const) {
    if (bytesToHex(derived.keys[key]) !== bytesToHex(expected[key])) throw new Error(`bolt3: derived ${key} differs from the vectors`);
  }
  if (bytesToHex(derived.remoteHtlcPrivkey) !== bytesToHex(fixture.remoteHtlcPrivkey)) throw new Error('bolt3: derived HTLC secret differs');

  const signed = buildAndSignCommitment(fixture, true);
  const commitment = buildCommitmentTx(fixture.params);
  if (signed.outputCount !== HTLC_COUNT + 4) throw new Error(`bolt3: ${signed.outputCount} outputs, expected ${HTLC_COUNT + 4}`);
  if (!verifyCommitmentSig(commitment, signed.commitmentSignature, expected.remoteFundingPubkey)) throw new Error('bolt3: bad commitment signature');
  const remoteHtlcPubkey = secp256k1.getPublicKey(fixture.remoteHtlcPrivkey, true);
  const htlcTxs = buildHtlcTxs(commitment);
  if (htlcTxs.length !== HTLC_COUNT || signed.htlcSignatures.length !== HTLC_COUNT) throw new Error('bolt3: wrong HTLC tx count');
  htlcTxs.forEach((htlcTx, i) => {
    if (!verifyHtlcSig(htlcTx, signed.htlcSignatures[i]!, remoteHtlcPubkey, 'remote')) throw new Error(`bolt3: bad HTLC signature ${i}`);
  });
}
