/**
 * A revoked commitment of the peer on chain (BOLT 5 "Revoked Transaction Close Handling"): the
 * revocation key takes its to_local and every HTLC output at once, and the outputs of any
 * HTLC transaction the peer manages to publish from it.
 *
 * Every input is explicit (the public channel description, the revoked transaction, its
 * per_commitment_secret and HTLCs, the revocation private key), so a watchtower holding just
 * those can build the same transactions.
 */
import { p2wsh } from '../bitcoin/script.ts';
import { txid, type Transaction } from '../bitcoin/tx.ts';
import { anchorScript, perCommitmentPoint } from '../bolt3/index.ts';
import { equal } from '../codec/bytes.ts';
import { publicKey } from '../crypto/index.ts';
import {
  commitmentKeys,
  delayedOutputScript,
  toRemoteScriptPubkey,
  type ChannelDescription,
  type HtlcTerms,
} from './channel.ts';
import {
  SEQUENCE_NO_CSV,
  buildClaimTx,
  type ClaimResult,
  type ClaimTarget,
  type OutputKind,
  type SpendableOutput,
} from './claim-tx.ts';
import { matchHtlcOutputs, outputsPaying, spendablesPaying, type SpendTerms } from './match.ts';

export interface RevokedCommitment<H extends HtlcTerms = HtlcTerms> {
  /** The peer's revoked commitment transaction, as seen on chain. */
  readonly tx: Transaction;
  /** The per_commitment_secret the peer revealed for it. */
  readonly perCommitmentSecret: Uint8Array;
  /** Its HTLCs, from our point of view (only their terms are needed); without them only to_local is taken. */
  readonly htlcs: readonly H[];
}

export interface JusticeResult<H> extends ClaimResult<H> {
  /** HTLCs given that have no output in the transaction. */
  readonly missingHtlcs: readonly H[];
  /** Outputs that are not to_local, to_remote, an anchor or a known HTLC: HTLCs we have no record of. */
  readonly unrecognisedVouts: readonly number[];
}

export interface JusticeOptions {
  /** Outputs already spent (by the peer's HTLC transactions) to leave out, so the tx stays valid. */
  readonly excludeVouts?: readonly number[];
}

/** `<revocation_sig> 1`: the OP_IF branch of a to_local script. */
const TRUE: Uint8Array = Uint8Array.of(1);

function revokedKeys(channel: ChannelDescription, perCommitmentSecret: Uint8Array, revocationPrivkey: Uint8Array) {
  const keys = commitmentKeys(channel, 'remote', perCommitmentPoint(perCommitmentSecret));
  if (!equal(publicKey(revocationPrivkey), keys.revocationPubkey)) {
    throw new RangeError('the revocation private key does not match this per_commitment_secret and channel');
  }
  return keys;
}

/** Spent at once by the revocation key: witness `<revocation_sig> <branch> <witnessScript>`. */
function revocationTerms(kind: OutputKind, witnessScript: Uint8Array, branch: Uint8Array, revocationPrivkey: Uint8Array): SpendTerms<never> {
  return {
    kind,
    scriptCode: witnessScript,
    signingKey: revocationPrivkey,
    witnessAfterSig: [branch, witnessScript],
    sequence: SEQUENCE_NO_CSV,
    locktime: 0,
    csvDelay: 0,
  };
}

/**
 * One justice transaction taking the revoked commitment's to_local (witness `<sig> 1`) and every
 * HTLC output (witness `<sig> <revocationpubkey>`). `revocationPrivkey` is bolt3's
 * revocationPrivkey(our revocation_basepoint secret, perCommitmentSecret). to_remote is ours
 * anyway: see claimToRemote.
 */
export function buildJusticeTx<H extends HtlcTerms>(
  channel: ChannelDescription,
  revoked: RevokedCommitment<H>,
  revocationPrivkey: Uint8Array,
  target: ClaimTarget,
  options: JusticeOptions = {},
): JusticeResult<H> {
  const keys = revokedKeys(channel, revoked.perCommitmentSecret, revocationPrivkey);
  const { tx } = revoked;
  const excluded = new Set(options.excludeVouts ?? []);
  const spentTxid = txid(tx);

  const toLocal = delayedOutputScript(channel, 'remote', keys);
  const { matched, missing } = matchHtlcOutputs(channel, 'remote', keys, tx, revoked.htlcs);
  const spendables: SpendableOutput<H>[] = [
    ...spendablesPaying(tx, p2wsh(toLocal), revocationTerms('revoked_to_local', toLocal, TRUE, revocationPrivkey)),
    ...matched.map((m) => ({
      ...revocationTerms('revoked_htlc', m.witnessScript, keys.revocationPubkey, revocationPrivkey),
      txid: spentTxid,
      vout: m.vout,
      amountSat: m.amountSat,
      htlc: m.htlc,
    })),
  ];

  const known = new Set([...spendables.map((s) => s.vout), ...outputsPaying(tx, toRemoteScriptPubkey(channel, 'remote'))]);
  if (channel.channelType === 'anchors') {
    for (const fundingPubkey of [channel.local.fundingPubkey, channel.remote.fundingPubkey]) {
      for (const vout of outputsPaying(tx, p2wsh(anchorScript(fundingPubkey)))) known.add(vout);
    }
  }
  const unrecognisedVouts = tx.outputs.map((_, vout) => vout).filter((vout) => !known.has(vout));
  const result = buildClaimTx(spendables.filter((s) => !excluded.has(s.vout)), target);
  return { ...result, missingHtlcs: missing, unrecognisedVouts };
}

/**
 * Takes the outputs of the peer's HTLC-timeout/-success transaction `htlcTx` that spent an HTLC
 * output of its revoked commitment: they pay the revoked to_local script, so `<sig> 1` spends
 * them at once, before the peer's to_self_delay runs out.
 */
export function buildHtlcTxJustice(
  channel: ChannelDescription,
  htlcTx: Transaction,
  perCommitmentSecret: Uint8Array,
  revocationPrivkey: Uint8Array,
  target: ClaimTarget,
): ClaimResult {
  const keys = revokedKeys(channel, perCommitmentSecret, revocationPrivkey);
  const witnessScript = delayedOutputScript(channel, 'remote', keys);
  const terms = revocationTerms('revoked_htlc_tx_output', witnessScript, TRUE, revocationPrivkey);
  return buildClaimTx(spendablesPaying(htlcTx, p2wsh(witnessScript), terms), target);
}
