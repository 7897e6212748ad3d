/**
 * Signatures on commitment and HTLC transactions, and the witnesses that complete them.
 * Signatures are 64-byte compact (as `commitment_signed` carries them). "local" is the
 * commitment's owner, "remote" its counterparty, whichever side we are.
 */
import { compare, equal } from '../codec/bytes.ts';
import { signEcdsa, verifyEcdsa, witnessSignature } from '../bitcoin/ecdsa.ts';
import { SIGHASH_ALL, SIGHASH_SINGLE_ANYONECANPAY, SegwitV0Sighasher, type SighashType } from '../bitcoin/sighash.ts';
import type { Transaction } from '../bitcoin/tx.ts';
import { sha256 } from '../crypto/index.ts';
import type { CommitmentHtlc, CommitmentTx } from './commitment.ts';
import type { ChannelType } from './fees.ts';
import type { HtlcTx } from './htlc-tx.ts';

export type Signer = 'local' | 'remote';

const EMPTY: Uint8Array = new Uint8Array(0);

function commitmentSighash(commitment: CommitmentTx<CommitmentHtlc>): Uint8Array {
  const { funding } = commitment.params;
  return new SegwitV0Sighasher(commitment.tx).sighash(0, commitment.fundingScript, funding.amountSat, SIGHASH_ALL);
}

export function signCommitmentTx(commitment: CommitmentTx<CommitmentHtlc>, fundingPrivkey: Uint8Array): Uint8Array {
  return signEcdsa(commitmentSighash(commitment), fundingPrivkey);
}

export function verifyCommitmentSig(
  commitment: CommitmentTx<CommitmentHtlc>,
  signature: Uint8Array,
  fundingPubkey: Uint8Array,
): boolean {
  return verifyEcdsa(signature, commitmentSighash(commitment), fundingPubkey);
}

/** The commitment with its funding witness: 0 <sig for pubkey1> <sig for pubkey2> <funding script>. */
export function signedCommitmentTx(
  commitment: CommitmentTx<CommitmentHtlc>,
  localSig: Uint8Array,
  remoteSig: Uint8Array,
): Transaction {
  const { localFundingPubkey, remoteFundingPubkey } = commitment.params.keys;
  const local = witnessSignature(localSig, SIGHASH_ALL);
  const remote = witnessSignature(remoteSig, SIGHASH_ALL);
  const [first, second] = compare(localFundingPubkey, remoteFundingPubkey) <= 0 ? [local, remote] : [remote, local];
  const [input] = commitment.tx.inputs;
  return { ...commitment.tx, inputs: [{ ...input!, witness: [EMPTY, first, second, commitment.fundingScript] }] };
}

/** With anchors the remote signs HTLC txs SIGHASH_SINGLE|ANYONECANPAY so the owner can add fee inputs. */
export function htlcSighashType(channelType: ChannelType, signer: Signer): SighashType {
  return channelType === 'anchors' && signer === 'remote' ? SIGHASH_SINGLE_ANYONECANPAY : SIGHASH_ALL;
}

function htlcSighash(htlcTx: HtlcTx<CommitmentHtlc>, signer: Signer): Uint8Array {
  const type = htlcSighashType(htlcTx.channelType, signer);
  return new SegwitV0Sighasher(htlcTx.tx).sighash(0, htlcTx.witnessScript, htlcTx.inputAmountSat, type);
}

export function signHtlcTx(htlcTx: HtlcTx<CommitmentHtlc>, htlcPrivkey: Uint8Array, signer: Signer): Uint8Array {
  return signEcdsa(htlcSighash(htlcTx, signer), htlcPrivkey);
}

export function verifyHtlcSig(
  htlcTx: HtlcTx<CommitmentHtlc>,
  signature: Uint8Array,
  htlcPubkey: Uint8Array,
  signer: Signer,
): boolean {
  return verifyEcdsa(signature, htlcSighash(htlcTx, signer), htlcPubkey);
}

/**
 * The HTLC tx with its witness: 0 <remotehtlcsig> <localhtlcsig> <payment_preimage> for
 * HTLC-success (so the preimage is required), 0 <remotehtlcsig> <localhtlcsig> <> for HTLC-timeout.
 */
export function signedHtlcTx(
  htlcTx: HtlcTx<CommitmentHtlc>,
  localSig: Uint8Array,
  remoteSig: Uint8Array,
  preimage?: Uint8Array,
): Transaction {
  let last = EMPTY;
  if (htlcTx.kind === 'success') {
    if (!preimage || !equal(sha256(preimage), htlcTx.htlc.paymentHash)) {
      throw new RangeError('HTLC-success needs the preimage of the payment hash');
    }
    last = preimage;
  }
  const witness = [
    EMPTY,
    witnessSignature(remoteSig, htlcSighashType(htlcTx.channelType, 'remote')),
    witnessSignature(localSig, SIGHASH_ALL),
    last,
    htlcTx.witnessScript,
  ];
  const [input] = htlcTx.tx.inputs;
  return { ...htlcTx.tx, inputs: [{ ...input!, witness }] };
}
