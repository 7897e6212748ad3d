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
  revocationPubkey,
  signCommitmentTx,
  signHtlcTx,
  verifyCommitmentSig,
  verifyHtlcSig,
  type CommitmentHtlc,
  type CommitmentKeys,
  type CommitmentParams,
} from '../../src/protocol/bolt3/index.ts';
import { appendixCChannel, loadAppendixC, vectorPrivkey } from '../../src/protocol/bolt3/test-vectors.ts';

export const HTLC_COUNT = 10;

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
  const { params: p, internal_values_comment: internal } = loadAppendixC();
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
    ...appendixCChannel(p),
    channelType: 'anchors',
    feeratePerKw: 253,
    dustLimitSat: BigInt(p.local_dust_limit_satoshi),
    toLocalMsat: fundingMsat - toRemoteMsat - htlcTotalMsat,
    toRemoteMsat,
    htlcs,
  };
  return {
    params,
    remoteFundingPrivkey: vectorPrivkey(internal.remote_funding_privkey),
    remoteHtlcPrivkey: vectorPrivkey(internal.remote_privkey),
    basepoints: {
      remoteRevocation: hexToBytes(internal.remote_revocation_basepoint),
      localDelayedPayment: hexToBytes(internal.local_delayed_payment_basepoint),
      localHtlc: hexToBytes(p.local_htlc_basepoint),
      remoteHtlc: hexToBytes(p.remote_htlc_basepoint),
      // In Appendix C the remote HTLC basepoint is its payment basepoint.
      remoteHtlcSecret: vectorPrivkey(internal.remote_payment_basepoint_secret),
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
