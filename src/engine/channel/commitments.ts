/**
 * The two commitment chains of a channel and the updates in flight between them (BOLT 2
 * "Normal Operation"). Pure data and functions: nothing here sends, stores or logs.
 *
 * Updates move through three stages on each side. Ours: proposed (sent, not yet signed for),
 * signed (covered by a commitment_signed we sent, awaiting their revoke_and_ack), acked (in their
 * latest commitment, not yet in ours). Theirs: proposed (received), acked (in our latest
 * commitment, not yet in theirs), signed (covered by our commitment_signed, awaiting revocation).
 */
import { encodeTx, txid, type Transaction } from '../../protocol/bitcoin/index.ts';
import {
  buildCommitmentTx,
  buildHtlcTxs,
  commitmentFeeSat,
  derivePrivkey,
  isTrimmed,
  perCommitmentPoint,
  signCommitmentTx,
  signHtlcTx,
  signedCommitmentTx,
  verifyCommitmentSig,
  verifyHtlcSig,
  type ChannelType,
  type CommitmentHtlc,
  type CommitmentTx,
} from '../../protocol/bolt3/index.ts';
import { equal } from '../../protocol/codec/bytes.ts';
import { RevealedSecrets, type RevealedSecretsSnapshot } from '../../protocol/shachain/index.ts';
import type { ChannelKeys } from '../keys/lightning-keys.ts';
import { commitmentKeys, localPerCommitmentPoint, localPerCommitmentSecret } from '../../protocol/bolt5/channel.ts';
import { ChannelFailure } from './failure.ts';

/** Values one side declared in open_channel/accept_channel, and its basepoints. */
export interface SideParams {
  /** Dust limit of this side's own commitment. */
  readonly dustLimitSat: bigint;
  /** Limits on HTLCs offered *to* this side. */
  readonly maxHtlcValueInFlightMsat: bigint;
  readonly htlcMinimumMsat: bigint;
  readonly maxAcceptedHtlcs: number;
  /** Reserve this side requires of the *other* side. */
  readonly channelReserveSat: bigint;
  /** Delay this side imposes on the *other* side's to_local. */
  readonly toSelfDelay: number;
  readonly fundingPubkey: Uint8Array;
  readonly revocationBasepoint: Uint8Array;
  readonly paymentBasepoint: Uint8Array;
  readonly delayedPaymentBasepoint: Uint8Array;
  readonly htlcBasepoint: Uint8Array;
}

/** An HTLC as update_add_htlc carried it. */
export interface Htlc {
  readonly id: bigint;
  readonly amountMsat: bigint;
  readonly paymentHash: Uint8Array;
  readonly cltvExpiry: number;
  readonly onion: Uint8Array;
}

export type Update =
  | { readonly kind: 'add'; readonly htlc: Htlc }
  | { readonly kind: 'fulfill'; readonly id: bigint; readonly preimage: Uint8Array }
  | { readonly kind: 'fail'; readonly id: bigint; readonly reason: Uint8Array }
  | { readonly kind: 'fail_malformed'; readonly id: bigint; readonly sha256OfOnion: Uint8Array; readonly failureCode: number }
  | { readonly kind: 'fee'; readonly feeratePerKw: number };

/** What one commitment contains. `incoming`/`outgoing` are from our point of view, whoever owns the commitment. */
export interface CommitmentSpec {
  readonly feeratePerKw: number;
  readonly toUsMsat: bigint;
  readonly toThemMsat: bigint;
  readonly incoming: readonly Htlc[];
  readonly outgoing: readonly Htlc[];
}

export interface LocalCommit {
  readonly index: number;
  readonly spec: CommitmentSpec;
  readonly txid: Uint8Array;
  /** The peer's signature of our commitment and of its HTLC txs (output order): what lets us publish it. */
  readonly remoteSig: Uint8Array;
  readonly remoteHtlcSigs: readonly Uint8Array[];
}

export interface RemoteCommit {
  readonly index: number;
  readonly spec: CommitmentSpec;
  readonly txid: Uint8Array;
  readonly perCommitmentPoint: Uint8Array;
}

export interface PendingRemoteCommit {
  readonly commit: RemoteCommit;
  /** The commitment_signed we sent, resent as is after a reconnection if the peer did not get it. */
  readonly signature: Uint8Array;
  readonly htlcSignatures: readonly Uint8Array[];
  /** Our local commitment index when we signed: tells, on reconnection, whether our revoke_and_ack went before it. */
  readonly sentAfterLocalCommitIndex: number;
}

export interface Changes {
  readonly proposed: readonly Update[];
  readonly signed: readonly Update[];
  readonly acked: readonly Update[];
}

export interface Commitments {
  readonly channelId: Uint8Array;
  readonly channelType: ChannelType;
  readonly weFunded: boolean;
  readonly fundingSat: bigint;
  /** Internal byte order. */
  readonly fundingTxid: Uint8Array;
  readonly fundingOutputIndex: number;
  readonly obscuringFactor: number;
  readonly local: SideParams;
  readonly remote: SideParams;
  readonly localCommit: LocalCommit;
  readonly remoteCommit: RemoteCommit;
  readonly nextRemoteCommit: PendingRemoteCommit | null;
  readonly localChanges: Changes;
  readonly remoteChanges: Changes;
  readonly localNextHtlcId: bigint;
  readonly remoteNextHtlcId: bigint;
  /** The point for the peer's next commitment (the one after remoteCommit, or after nextRemoteCommit's). */
  readonly remoteNextPerCommitmentPoint: Uint8Array;
  readonly remoteSecrets: RevealedSecretsSnapshot;
  /**
   * Terms of HTLCs that were in a commitment the peer has revoked, so a justice transaction can
   * find their outputs if it publishes one. Pruned long after their expiry.
   */
  readonly revokedHtlcs?: readonly RevokedHtlc[];
}

export interface RevokedHtlc {
  readonly direction: 'incoming' | 'outgoing';
  readonly paymentHash: Uint8Array;
  readonly cltvExpiry: number;
  readonly amountMsat: bigint;
}

const NO_CHANGES: Changes = { proposed: [], signed: [], acked: [] };

/** Every update we sent that is not yet in both commitments, at whatever stage. */
export function localUpdatesInFlight(c: Commitments): Update[] {
  return [...c.localChanges.proposed, ...c.localChanges.signed, ...c.localChanges.acked];
}

/** Adds an update we are sending to the proposed ones. */
export function proposeLocal(c: Commitments, u: Update): Commitments {
  return { ...c, localChanges: { ...c.localChanges, proposed: [...c.localChanges.proposed, u] } };
}
export const emptyChanges = (): Changes => NO_CHANGES;

// ---------------------------------------------------------------- per-commitment secrets

// Our per-commitment secrets and points, and the keys of a commitment, are BOLT 5's too (one definition).
export { commitmentKeys, localPerCommitmentPoint, localPerCommitmentSecret };

// ---------------------------------------------------------------- spec arithmetic

/**
 * Applies updates to a commitment's content. `ours` are updates we sent, `theirs` updates the
 * peer sent; an add from us becomes an outgoing HTLC, a fulfill from us settles an incoming one.
 */
export function applyUpdates(spec: CommitmentSpec, ours: readonly Update[], theirs: readonly Update[]): CommitmentSpec {
  let { feeratePerKw, toUsMsat, toThemMsat } = spec;
  let incoming = [...spec.incoming];
  let outgoing = [...spec.outgoing];
  const take = (list: Htlc[], id: bigint, what: string): [Htlc, Htlc[]] => {
    const htlc = list.find((h) => h.id === id);
    if (!htlc) throw new ChannelFailure('protocol', `${what} for unknown HTLC ${id}`);
    return [htlc, list.filter((h) => h !== htlc)];
  };
  for (const u of ours) {
    if (u.kind === 'add') {
      outgoing.push(u.htlc);
      toUsMsat -= u.htlc.amountMsat;
    }
    if (u.kind === 'fee') feeratePerKw = u.feeratePerKw;
  }
  for (const u of theirs) {
    if (u.kind === 'add') {
      incoming.push(u.htlc);
      toThemMsat -= u.htlc.amountMsat;
    }
    if (u.kind === 'fee') feeratePerKw = u.feeratePerKw;
  }
  for (const u of ours) {
    if (u.kind === 'fulfill') {
      const [htlc, rest] = take(incoming, u.id, 'fulfill');
      incoming = rest;
      toUsMsat += htlc.amountMsat;
    } else if (u.kind === 'fail' || u.kind === 'fail_malformed') {
      const [htlc, rest] = take(incoming, u.id, 'fail');
      incoming = rest;
      toThemMsat += htlc.amountMsat;
    }
  }
  for (const u of theirs) {
    if (u.kind === 'fulfill') {
      const [htlc, rest] = take(outgoing, u.id, 'fulfill');
      outgoing = rest;
      toThemMsat += htlc.amountMsat;
    } else if (u.kind === 'fail' || u.kind === 'fail_malformed') {
      const [htlc, rest] = take(outgoing, u.id, 'fail');
      outgoing = rest;
      toUsMsat += htlc.amountMsat;
    }
  }
  return { feeratePerKw, toUsMsat, toThemMsat, incoming, outgoing };
}

/** What our next local commitment will hold: our updates the peer acknowledged, plus everything it proposed. */
export function nextLocalSpec(c: Commitments): CommitmentSpec {
  return applyUpdates(c.localCommit.spec, c.localChanges.acked, c.remoteChanges.proposed);
}

/** What the peer's next commitment will hold: its updates we acknowledged, plus everything we proposed. */
export function nextRemoteSpec(c: Commitments): CommitmentSpec {
  const base = c.nextRemoteCommit?.commit.spec ?? c.remoteCommit.spec;
  return applyUpdates(base, c.localChanges.proposed, c.remoteChanges.acked);
}

// ---------------------------------------------------------------- building commitments

type Owned = CommitmentHtlc & { readonly id: bigint; readonly ours: boolean };

function ownedHtlcs(spec: CommitmentSpec, owner: 'local' | 'remote'): Owned[] {
  const out: Owned[] = [];
  for (const h of spec.outgoing) {
    out.push({ id: h.id, ours: true, amountMsat: h.amountMsat, paymentHash: h.paymentHash, cltvExpiry: h.cltvExpiry, direction: owner === 'local' ? 'offered' : 'received' });
  }
  for (const h of spec.incoming) {
    out.push({ id: h.id, ours: false, amountMsat: h.amountMsat, paymentHash: h.paymentHash, cltvExpiry: h.cltvExpiry, direction: owner === 'local' ? 'received' : 'offered' });
  }
  return out;
}

type CommitmentBase = Pick<
  Commitments,
  'local' | 'remote' | 'channelType' | 'weFunded' | 'fundingSat' | 'fundingTxid' | 'fundingOutputIndex' | 'obscuringFactor'
>;

export function buildCommitment(
  c: CommitmentBase,
  owner: 'local' | 'remote',
  index: number,
  point: Uint8Array,
  spec: CommitmentSpec,
): CommitmentTx<Owned> {
  const local = owner === 'local';
  return buildCommitmentTx<Owned>({
    channelType: c.channelType,
    feeratePerKw: spec.feeratePerKw,
    dustLimitSat: local ? c.local.dustLimitSat : c.remote.dustLimitSat,
    funding: { txid: c.fundingTxid, vout: c.fundingOutputIndex, amountSat: c.fundingSat },
    localIsFunder: local ? c.weFunded : !c.weFunded,
    toSelfDelay: local ? c.remote.toSelfDelay : c.local.toSelfDelay,
    keys: commitmentKeys(c, owner, point),
    commitmentNumber: index,
    obscuringFactor: c.obscuringFactor,
    toLocalMsat: local ? spec.toUsMsat : spec.toThemMsat,
    toRemoteMsat: local ? spec.toThemMsat : spec.toUsMsat,
    htlcs: ownedHtlcs(spec, owner),
  });
}

/** Our signatures for the peer's commitment `index` and its HTLC transactions. */
export function signRemoteCommitment(
  c: CommitmentBase,
  keys: ChannelKeys,
  index: number,
  point: Uint8Array,
  spec: CommitmentSpec,
): { txid: Uint8Array; signature: Uint8Array; htlcSignatures: Uint8Array[] } {
  const commitment = buildCommitment(c, 'remote', index, point, spec);
  const htlcKey = derivePrivkey(keys.htlcBasepoint.secret, point);
  return {
    txid: txid(commitment.tx),
    signature: signCommitmentTx(commitment, keys.funding.secret),
    htlcSignatures: buildHtlcTxs(commitment).map((htlcTx) => signHtlcTx(htlcTx, htlcKey, 'remote')),
  };
}

/** Checks the peer's signatures of our commitment `index`; throws ChannelFailure if any is wrong. */
export function verifyLocalCommitment(
  c: CommitmentBase,
  keys: ChannelKeys,
  index: number,
  spec: CommitmentSpec,
  signature: Uint8Array,
  htlcSignatures: readonly Uint8Array[],
): LocalCommit {
  const point = localPerCommitmentPoint(keys, index);
  const commitment = buildCommitment(c, 'local', index, point, spec);
  if (!verifyCommitmentSig(commitment, signature, c.remote.fundingPubkey)) {
    throw new ChannelFailure('bad_signature', `the peer's signature for our commitment ${index} is invalid`);
  }
  const htlcTxs = buildHtlcTxs(commitment);
  if (htlcTxs.length !== htlcSignatures.length) {
    throw new ChannelFailure('bad_signature', `expected ${htlcTxs.length} HTLC signatures, got ${htlcSignatures.length}`);
  }
  const remoteHtlcPubkey = commitment.params.keys.remoteHtlcPubkey;
  htlcTxs.forEach((htlcTx, i) => {
    if (!verifyHtlcSig(htlcTx, htlcSignatures[i]!, remoteHtlcPubkey, 'remote')) {
      throw new ChannelFailure('bad_signature', `the peer's signature for HTLC transaction ${i} of commitment ${index} is invalid`);
    }
  });
  return { index, spec, txid: txid(commitment.tx), remoteSig: signature, remoteHtlcSigs: [...htlcSignatures] };
}

/** Our latest commitment, fully signed: what a force close publishes. */
export function signedLocalCommitment(c: Commitments, keys: ChannelKeys): Transaction {
  const { index, spec, remoteSig } = c.localCommit;
  const commitment = buildCommitment(c, 'local', index, localPerCommitmentPoint(keys, index), spec);
  return signedCommitmentTx(commitment, signCommitmentTx(commitment, keys.funding.secret), remoteSig);
}

export function serializedTx(tx: Transaction): Uint8Array {
  return encodeTx(tx);
}

// ---------------------------------------------------------------- balances and limits

/** The commitment fee the funder pays for a spec, as seen in the commitment of `owner`. */
export function commitFeeSat(c: CommitmentBase, spec: CommitmentSpec, owner: 'local' | 'remote', feeratePerKw = spec.feeratePerKw): bigint {
  const dustLimitSat = owner === 'local' ? c.local.dustLimitSat : c.remote.dustLimitSat;
  return commitmentFeeSat({ channelType: c.channelType, feeratePerKw, dustLimitSat }, ownedHtlcs(spec, owner));
}

/** Sum of HTLCs that would be trimmed in `owner`'s commitment (they go to fees if the channel closes on chain). */
export function dustExposureMsat(c: CommitmentBase, spec: CommitmentSpec, owner: 'local' | 'remote'): bigint {
  const dustLimitSat = owner === 'local' ? c.local.dustLimitSat : c.remote.dustLimitSat;
  const ctx = { channelType: c.channelType, feeratePerKw: spec.feeratePerKw, dustLimitSat };
  let total = 0n;
  for (const h of ownedHtlcs(spec, owner)) if (isTrimmed(h, ctx)) total += h.amountMsat;
  return total;
}

export function sumMsat(htlcs: readonly Htlc[]): bigint {
  return htlcs.reduce((sum, h) => sum + h.amountMsat, 0n);
}

/** What we could add as one more outgoing HTLC right now, keeping the reserve and (as funder) the fee with a buffer. */
export function availableToSendMsat(c: Commitments): bigint {
  const spec = nextRemoteSpec(c);
  let available = spec.toUsMsat - c.remote.channelReserveSat * 1000n;
  if (c.weFunded) {
    // Fee spike buffer: the commitment must stay affordable at twice the feerate with one more HTLC.
    const withOneMore = { ...spec, outgoing: [...spec.outgoing, { id: -1n, amountMsat: 1n << 40n, paymentHash: new Uint8Array(32), cltvExpiry: 0, onion: new Uint8Array(0) }] };
    available -= commitFeeSat(c, withOneMore, 'remote', spec.feeratePerKw * 2) * 1000n;
  }
  const inFlightRoom = c.remote.maxHtlcValueInFlightMsat - sumMsat(spec.outgoing);
  if (inFlightRoom < available) available = inFlightRoom;
  if (spec.outgoing.length >= c.remote.maxAcceptedHtlcs) return 0n;
  return available > 0n ? available : 0n;
}

export function availableToReceiveMsat(c: Commitments): bigint {
  const spec = nextLocalSpec(c);
  let available = spec.toThemMsat - c.local.channelReserveSat * 1000n;
  if (!c.weFunded) available -= commitFeeSat(c, spec, 'local') * 1000n;
  const inFlightRoom = c.local.maxHtlcValueInFlightMsat - sumMsat(spec.incoming);
  if (inFlightRoom < available) available = inFlightRoom;
  return available > 0n ? available : 0n;
}

// ---------------------------------------------------------------- revocation

export function remoteSecrets(c: Commitments): RevealedSecrets {
  return RevealedSecrets.fromSnapshot(c.remoteSecrets);
}

/** Checks a revealed secret against the point of the commitment it revokes. */
export function secretMatchesPoint(secret: Uint8Array, point: Uint8Array): boolean {
  try {
    return equal(perCommitmentPoint(secret), point);
  } catch {
    return false;
  }
}

export function hasPendingHtlcs(c: Commitments): boolean {
  const specs = [c.localCommit.spec, c.remoteCommit.spec, c.nextRemoteCommit?.commit.spec];
  return specs.some((s) => s !== undefined && s.incoming.length + s.outgoing.length > 0) ||
    c.localChanges.proposed.length + c.localChanges.signed.length + c.localChanges.acked.length > 0 ||
    c.remoteChanges.proposed.length + c.remoteChanges.signed.length + c.remoteChanges.acked.length > 0;
}
