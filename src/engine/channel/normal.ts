/** A funded channel in use: HTLC updates, the commitment dance, update_fee and reconnection. */
import {
  channelReestablish,
  commitmentSigned,
  revokeAndAck,
  updateAddHtlc,
  updateFailHtlc,
  updateFailMalformedHtlc,
  updateFulfillHtlc,
  updateFee as updateFeeMessage,
  type ChannelReestablish,
  type CommitmentSigned,
  type RevokeAndAck,
} from '../../protocol/bolt2/index.ts';
import { equal } from '../../protocol/codec/bytes.ts';
import type { WireMessage } from '../../protocol/wire.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import {
  availableToSendMsat,
  commitFeeSat,
  dustExposureMsat,
  localPerCommitmentPoint,
  localPerCommitmentSecret,
  nextLocalSpec,
  nextRemoteSpec,
  localUpdatesInFlight,
  proposeLocal,
  remoteSecrets,
  secretMatchesPoint,
  signRemoteCommitment,
  sumMsat,
  verifyLocalCommitment,
  type Commitments,
  type Htlc,
  type RevokedHtlc,
  type Update,
} from './commitments.ts';
import { ChannelFailure, CommandRefused } from './failure.ts';
import { send } from './opening.ts';
import { MAX_FEERATE_PER_KW, MIN_FEERATE_PER_KW } from './policy.ts';
import type { ChannelEnv, ChannelNote, Effect } from './state.ts';

/** The part of a state the dance works on; the caller puts the result back into its phase. */
export interface Dance {
  readonly commitments: Commitments;
  readonly effects: Effect[];
}

const note = (n: ChannelNote): Effect => ({ kind: 'notify', note: n });

const BADONION = 0x8000;
const MAX_CLTV_EXPIRY = 500_000_000;

function isRemoval(u: Update, id: bigint): boolean {
  return (u.kind === 'fulfill' || u.kind === 'fail' || u.kind === 'fail_malformed') && u.id === id;
}

// ---------------------------------------------------------------- our commands

export function addHtlc(
  c: Commitments,
  cmd: { amountMsat: bigint; paymentHash: Uint8Array; cltvExpiry: number; onion: Uint8Array },
  env: ChannelEnv,
): Dance & { id: bigint } {
  if (cmd.amountMsat <= 0n || cmd.amountMsat < c.remote.htlcMinimumMsat) {
    throw new CommandRefused('amount_too_low', `the peer accepts payments of at least ${c.remote.htlcMinimumMsat} msat`);
  }
  if (cmd.cltvExpiry >= MAX_CLTV_EXPIRY || cmd.cltvExpiry <= env.height) throw new CommandRefused('invalid_expiry', `an HTLC must expire at a block height above ${env.height}`);
  const htlc: Htlc = { id: c.localNextHtlcId, ...cmd };
  const spec = nextRemoteSpec(c);
  if (spec.outgoing.length + 1 > c.remote.maxAcceptedHtlcs) throw new CommandRefused('too_many_htlcs', `the peer accepts at most ${c.remote.maxAcceptedHtlcs} pending payments`);
  const available = availableToSendMsat(c);
  if (cmd.amountMsat > available) {
    throw new CommandRefused('insufficient_balance', `the channel can send ${available / 1000n} sat right now`);
  }
  const withAdd = proposeLocal(c, { kind: 'add', htlc });
  const dust = dustExposureMsat(c, nextRemoteSpec(withAdd), 'remote') + dustExposureMsat(c, nextLocalSpec(withAdd), 'local');
  if (dust > env.policy.maxDustExposureMsat * 2n) throw new CommandRefused('dust_exposure', 'too many tiny payments are pending in this channel');
  const commitments: Commitments = { ...withAdd, localNextHtlcId: c.localNextHtlcId + 1n };
  const message = send(updateAddHtlc, {
    channel_id: c.channelId,
    id: htlc.id,
    amount_msat: htlc.amountMsat,
    payment_hash: htlc.paymentHash,
    cltv_expiry: htlc.cltvExpiry,
    onion_routing_packet: htlc.onion,
  });
  return { commitments, effects: [message], id: htlc.id };
}

function isUnsettledIncoming(c: Commitments, h: Htlc, inFlight: readonly Update[]): boolean {
  return c.remoteCommit.spec.incoming.some((r) => r.id === h.id) && !inFlight.some((u) => isRemoval(u, h.id));
}

/** An incoming HTLC we may settle now: committed on both sides, and no settlement of ours in flight. */
function incomingSettleable(c: Commitments, id: bigint): Htlc {
  const htlc = c.localCommit.spec.incoming.find((h) => h.id === id);
  if (!htlc || !isUnsettledIncoming(c, htlc, localUpdatesInFlight(c))) {
    throw new CommandRefused('channel_unavailable', `incoming HTLC ${id} is not committed on both sides, or is already being settled`);
  }
  return htlc;
}

/** As funder, proposes a new commitment feerate; refused if we could not pay it above our reserve. */
export function updateFee(c: Commitments, feeratePerKw: number): Dance {
  if (!c.weFunded) throw new CommandRefused('channel_unavailable', 'only the funder sets the commitment feerate');
  if (!Number.isInteger(feeratePerKw) || feeratePerKw < MIN_FEERATE_PER_KW || feeratePerKw > MAX_FEERATE_PER_KW) {
    throw new CommandRefused('channel_unavailable', `feerate ${feeratePerKw} sat/kw is out of range`);
  }
  const next = proposeLocal(c, { kind: 'fee', feeratePerKw });
  const spec = nextRemoteSpec(next);
  if (spec.toUsMsat - commitFeeSat(c, spec, 'remote') * 1000n < c.remote.channelReserveSat * 1000n) {
    throw new CommandRefused('insufficient_balance', 'the channel balance cannot pay that feerate');
  }
  return { commitments: next, effects: [send(updateFeeMessage, { channel_id: c.channelId, feerate_per_kw: feeratePerKw })] };
}

/** Incoming HTLCs committed on both sides that nothing settles yet: what a restart must decide again. */
export function unsettledIncoming(c: Commitments): Htlc[] {
  const inFlight = localUpdatesInFlight(c);
  return c.localCommit.spec.incoming.filter((h) => isUnsettledIncoming(c, h, inFlight));
}

export function fulfillHtlc(c: Commitments, id: bigint, preimage: Uint8Array): Dance {
  const htlc = incomingSettleable(c, id);
  if (!equal(sha256(preimage), htlc.paymentHash)) throw new CommandRefused('channel_unavailable', 'the preimage does not match the payment hash');
  return { commitments: proposeLocal(c, { kind: 'fulfill', id, preimage }), effects: [send(updateFulfillHtlc, { channel_id: c.channelId, id, payment_preimage: preimage })] };
}

export function failHtlc(c: Commitments, id: bigint, reason: Uint8Array): Dance {
  incomingSettleable(c, id);
  return { commitments: proposeLocal(c, { kind: 'fail', id, reason }), effects: [send(updateFailHtlc, { channel_id: c.channelId, id, reason })] };
}

export function failMalformedHtlc(c: Commitments, id: bigint, sha256OfOnion: Uint8Array, failureCode: number): Dance {
  incomingSettleable(c, id);
  return {
    commitments: proposeLocal(c, { kind: 'fail_malformed', id, sha256OfOnion, failureCode }),
    effects: [send(updateFailMalformedHtlc, { channel_id: c.channelId, id, sha256_of_onion: sha256OfOnion, failure_code: failureCode })],
  };
}

/** Signs the peer's next commitment if we have something to sign and are not waiting for a revocation. */
export function maybeSign(c: Commitments, env: ChannelEnv): Dance {
  if (c.nextRemoteCommit) return { commitments: c, effects: [] };
  if (c.localChanges.proposed.length === 0 && c.remoteChanges.acked.length === 0) return { commitments: c, effects: [] };
  const spec = nextRemoteSpec(c);
  const index = c.remoteCommit.index + 1;
  const point = c.remoteNextPerCommitmentPoint;
  const signed = signRemoteCommitment(c, env.keys, index, point, spec);
  const commitments: Commitments = {
    ...c,
    nextRemoteCommit: {
      commit: { index, spec, txid: signed.txid, perCommitmentPoint: point },
      signature: signed.signature,
      htlcSignatures: signed.htlcSignatures,
      sentAfterLocalCommitIndex: c.localCommit.index,
    },
    localChanges: { ...c.localChanges, proposed: [], signed: c.localChanges.proposed },
    remoteChanges: { ...c.remoteChanges, acked: [], signed: c.remoteChanges.acked },
  };
  return {
    commitments,
    effects: [
      { kind: 'persist' },
      send(commitmentSigned, { channel_id: c.channelId, signature: signed.signature, htlc_signature: signed.htlcSignatures }),
    ],
  };
}

// ---------------------------------------------------------------- the peer's updates

function proposeRemote(c: Commitments, u: Update): Commitments {
  return { ...c, remoteChanges: { ...c.remoteChanges, proposed: [...c.remoteChanges.proposed, u] } };
}

/** Checks an HTLC the peer offers (BOLT 2 update_add_htlc requirements). Failures fail the channel. */
function receiveAdd(c: Commitments, m: WireMessage & { type: 'update_add_htlc' }, env: ChannelEnv): Commitments {
  if (m.id !== c.remoteNextHtlcId) throw new ChannelFailure('protocol', `update_add_htlc id ${m.id}, expected ${c.remoteNextHtlcId}`);
  if (m.amount_msat === 0n || m.amount_msat < c.local.htlcMinimumMsat) throw new ChannelFailure('protocol', `HTLC of ${m.amount_msat} msat is below our minimum of ${c.local.htlcMinimumMsat} msat`);
  if (m.cltv_expiry >= MAX_CLTV_EXPIRY) throw new ChannelFailure('protocol', `cltv_expiry ${m.cltv_expiry} is a timestamp, not a block height`);
  if (m.tlvs.blinded_path) throw new ChannelFailure('protocol', 'blinded HTLCs are not supported');
  const htlc: Htlc = { id: m.id, amountMsat: m.amount_msat, paymentHash: m.payment_hash, cltvExpiry: m.cltv_expiry, onion: m.onion_routing_packet };
  const next = { ...proposeRemote(c, { kind: 'add', htlc }), remoteNextHtlcId: c.remoteNextHtlcId + 1n };
  const spec = nextLocalSpec(next);
  if (spec.incoming.length > c.local.maxAcceptedHtlcs) throw new ChannelFailure('protocol', `more than ${c.local.maxAcceptedHtlcs} HTLCs offered at once`);
  if (sumMsat(spec.incoming) > c.local.maxHtlcValueInFlightMsat) throw new ChannelFailure('protocol', `HTLCs in flight exceed our limit of ${c.local.maxHtlcValueInFlightMsat} msat`);
  const fees = c.weFunded ? 0n : commitFeeSat(c, spec, 'local') * 1000n;
  if (spec.toThemMsat - fees < 0n) throw new ChannelFailure('protocol', 'the peer offered an HTLC it cannot afford');
  const reserveMsat = c.local.channelReserveSat * 1000n;
  if (spec.toThemMsat - fees < reserveMsat && c.localCommit.spec.toThemMsat >= reserveMsat) {
    throw new ChannelFailure('protocol', 'the peer offered an HTLC that takes it below its channel reserve');
  }
  void env;
  return next;
}

function outgoingCommitted(c: Commitments, id: bigint): Htlc {
  const htlc = c.localCommit.spec.outgoing.find((h) => h.id === id) ?? c.remoteCommit.spec.outgoing.find((h) => h.id === id);
  if (!htlc) throw new ChannelFailure('protocol', `the peer settled HTLC ${id}, which is not in a commitment`);
  if (c.remoteChanges.proposed.some((u) => isRemoval(u, id)) || c.remoteChanges.acked.some((u) => isRemoval(u, id)) || c.remoteChanges.signed.some((u) => isRemoval(u, id))) {
    throw new ChannelFailure('protocol', `the peer settled HTLC ${id} twice`);
  }
  return htlc;
}

/** Applies one update message from the peer. */
export function receiveUpdate(c: Commitments, m: WireMessage, env: ChannelEnv): Dance {
  switch (m.type) {
    case 'update_add_htlc':
      return { commitments: receiveAdd(c, m, env), effects: [] };
    case 'update_fulfill_htlc': {
      const htlc = outgoingCommitted(c, m.id);
      if (!equal(sha256(m.payment_preimage), htlc.paymentHash)) throw new ChannelFailure('protocol', `wrong preimage for HTLC ${m.id}`);
      return {
        commitments: proposeRemote(c, { kind: 'fulfill', id: m.id, preimage: m.payment_preimage }),
        effects: [note({ type: 'htlc_fulfilled', id: m.id, paymentHash: htlc.paymentHash, preimage: m.payment_preimage })],
      };
    }
    case 'update_fail_htlc':
      outgoingCommitted(c, m.id);
      return { commitments: proposeRemote(c, { kind: 'fail', id: m.id, reason: m.reason }), effects: [] };
    case 'update_fail_malformed_htlc':
      outgoingCommitted(c, m.id);
      if ((m.failure_code & BADONION) === 0) throw new ChannelFailure('protocol', 'update_fail_malformed_htlc without the BADONION bit');
      return {
        commitments: proposeRemote(c, { kind: 'fail_malformed', id: m.id, sha256OfOnion: m.sha256_of_onion, failureCode: m.failure_code }),
        effects: [],
      };
    case 'update_fee': {
      if (c.weFunded) throw new ChannelFailure('protocol', 'update_fee from the peer, but we are the funder');
      if (m.feerate_per_kw < MIN_FEERATE_PER_KW || m.feerate_per_kw > MAX_FEERATE_PER_KW) throw new ChannelFailure('protocol', `unreasonable feerate ${m.feerate_per_kw} sat/kw`);
      const next = proposeRemote(c, { kind: 'fee', feeratePerKw: m.feerate_per_kw });
      const spec = nextLocalSpec(next);
      if (spec.toThemMsat - commitFeeSat(c, spec, 'local') * 1000n < 0n) throw new ChannelFailure('protocol', 'the peer cannot afford its new feerate');
      return { commitments: next, effects: [] };
    }
    default:
      throw new Error(`not an update: ${m.type}`);
  }
}

// ---------------------------------------------------------------- the dance

export function receiveCommitmentSigned(c: Commitments, m: CommitmentSigned, env: ChannelEnv): Dance {
  if (c.localChanges.acked.length === 0 && c.remoteChanges.proposed.length === 0) {
    throw new ChannelFailure('protocol', 'commitment_signed without any update to commit');
  }
  const index = c.localCommit.index + 1;
  const spec = nextLocalSpec(c);
  const localCommit = verifyLocalCommitment(c, env.keys, index, spec, m.signature, m.htlc_signature);
  const revokedIndex = c.localCommit.index;
  let commitments: Commitments = {
    ...c,
    localCommit,
    localChanges: { ...c.localChanges, acked: [] },
    remoteChanges: { ...c.remoteChanges, proposed: [], acked: [...c.remoteChanges.acked, ...c.remoteChanges.proposed] },
  };
  const effects: Effect[] = [{ kind: 'persist' }, revocationMessage(commitments, revokedIndex, env)];
  const signed = maybeSign(commitments, env);
  commitments = signed.commitments;
  // One write covers both: the revocation and our new signature go out only after it.
  effects.push(...signed.effects.filter((e) => e.kind !== 'persist'));
  return { commitments, effects };
}

function revocationMessage(c: Commitments, revokedIndex: number, env: ChannelEnv): Effect {
  return send(revokeAndAck, {
    channel_id: c.channelId,
    per_commitment_secret: localPerCommitmentSecret(env.keys, revokedIndex),
    next_per_commitment_point: localPerCommitmentPoint(env.keys, revokedIndex + 2),
  });
}

export function receiveRevokeAndAck(c: Commitments, m: RevokeAndAck, env: ChannelEnv): Dance {
  const pending = c.nextRemoteCommit;
  if (!pending) throw new ChannelFailure('protocol', 'revoke_and_ack without a commitment to revoke');
  if (!secretMatchesPoint(m.per_commitment_secret, c.remoteCommit.perCommitmentPoint)) {
    throw new ChannelFailure('protocol', `the revocation secret for commitment ${c.remoteCommit.index} is wrong`);
  }
  const secrets = remoteSecrets(c);
  try {
    secrets.insert(2 ** 48 - 1 - c.remoteCommit.index, m.per_commitment_secret);
  } catch (e) {
    throw new ChannelFailure('protocol', `the revocation secret does not fit the earlier ones: ${(e as Error).message}`);
  }
  const effects: Effect[] = [];
  for (const u of c.remoteChanges.signed) {
    if (u.kind === 'add') effects.push(note({ type: 'incoming_htlc', htlc: u.htlc }));
    if (u.kind === 'fail' || u.kind === 'fail_malformed') {
      const htlc = c.localCommit.spec.outgoing.find((h) => h.id === u.id) ?? c.remoteCommit.spec.outgoing.find((h) => h.id === u.id);
      const reason = u.kind === 'fail' ? { kind: 'onion' as const, packet: u.reason } : { kind: 'malformed' as const, code: u.failureCode };
      effects.push(note({ type: 'htlc_failed', id: u.id, paymentHash: htlc?.paymentHash ?? new Uint8Array(32), reason }));
    }
  }
  let commitments: Commitments = {
    ...c,
    revokedHtlcs: rememberRevoked(c, env.height),
    remoteCommit: pending.commit,
    nextRemoteCommit: null,
    remoteNextPerCommitmentPoint: m.next_per_commitment_point,
    remoteSecrets: secrets.snapshot(),
    localChanges: { ...c.localChanges, signed: [], acked: [...c.localChanges.acked, ...c.localChanges.signed] },
    remoteChanges: { ...c.remoteChanges, signed: [] },
  };
  const signed = maybeSign(commitments, env);
  commitments = signed.commitments;
  // Persisted before the notes: an incoming HTLC is acted on only once its commitment is on disk.
  return { commitments, effects: [{ kind: 'persist' }, ...effects, ...signed.effects.filter((e) => e.kind !== 'persist')] };
}

/** How long after its expiry an HTLC of a revoked commitment is still worth recognising on chain. */
const REVOKED_HTLC_HORIZON = 2016;

function rememberRevoked(c: Commitments, height: number): RevokedHtlc[] {
  const kept = (c.revokedHtlcs ?? []).filter((h) => h.cltvExpiry + REVOKED_HTLC_HORIZON >= height);
  const spec = c.remoteCommit.spec;
  const add = (direction: 'incoming' | 'outgoing', h: Htlc) => {
    if (!kept.some((k) => k.direction === direction && k.cltvExpiry === h.cltvExpiry && k.amountMsat === h.amountMsat && equal(k.paymentHash, h.paymentHash))) {
      kept.push({ direction, paymentHash: h.paymentHash, cltvExpiry: h.cltvExpiry, amountMsat: h.amountMsat });
    }
  };
  for (const h of spec.incoming) add('incoming', h);
  for (const h of spec.outgoing) add('outgoing', h);
  return kept;
}

// ---------------------------------------------------------------- reconnection

/** Forgets what was not signed before the connection dropped (BOLT 2), and fails our unsigned adds. */
export function onDisconnect(c: Commitments): Dance {
  const effects: Effect[] = [];
  let droppedAdds = 0n;
  for (const u of c.localChanges.proposed) {
    if (u.kind === 'add') {
      droppedAdds++;
      effects.push(note({ type: 'htlc_failed', id: u.htlc.id, paymentHash: u.htlc.paymentHash, reason: { kind: 'local', message: 'the peer disconnected before the payment was committed' } }));
    }
  }
  const droppedRemoteAdds = BigInt(c.remoteChanges.proposed.filter((u) => u.kind === 'add').length);
  return {
    commitments: {
      ...c,
      localChanges: { ...c.localChanges, proposed: [] },
      remoteChanges: { ...c.remoteChanges, proposed: [] },
      localNextHtlcId: c.localNextHtlcId - droppedAdds,
      remoteNextHtlcId: c.remoteNextHtlcId - droppedRemoteAdds,
    },
    effects,
  };
}

export function reestablishMessage(c: Commitments, env: ChannelEnv): Effect {
  const last = c.remoteCommit.index > 0 ? remoteSecrets(c).secretAt(2 ** 48 - 1 - (c.remoteCommit.index - 1)) : undefined;
  return send(channelReestablish, {
    channel_id: c.channelId,
    next_commitment_number: BigInt(c.localCommit.index + 1),
    next_revocation_number: BigInt(c.remoteCommit.index),
    your_last_per_commitment_secret: last ?? new Uint8Array(32),
    my_current_per_commitment_point: localPerCommitmentPoint(env.keys, c.localCommit.index),
  });
}

export type ReestablishOutcome =
  | { kind: 'ok'; effects: Effect[] }
  /** The peer proves it has a newer state than ours: we must not publish ours; it should close. */
  | { kind: 'we_are_behind'; reason: string };

/** What to resend after the peer's channel_reestablish (BOLT 2 "Message Retransmission"). */
export function onReestablish(c: Commitments, m: ChannelReestablish, env: ChannelEnv): ReestablishOutcome {
  const nextCommit = Number(m.next_commitment_number);
  const nextRevocation = Number(m.next_revocation_number);
  const L = c.localCommit.index;

  // Their view of our revocations: they expect our revoke_and_ack for commitment nextRevocation.
  if (nextRevocation > L) {
    const claimed = m.your_last_per_commitment_secret;
    if (equal(claimed, localPerCommitmentSecret(env.keys, nextRevocation - 1))) {
      return { kind: 'we_are_behind', reason: `the peer has revoked state ${nextRevocation - 1} of ours, which we do not have: our data is outdated` };
    }
    throw new ChannelFailure('protocol', `channel_reestablish: next_revocation_number ${nextRevocation} is ahead of our commitment ${L}`);
  }
  if (nextRevocation > 0 && !equal(m.your_last_per_commitment_secret, localPerCommitmentSecret(env.keys, nextRevocation - 1))) {
    throw new ChannelFailure('protocol', 'channel_reestablish: your_last_per_commitment_secret is not the one we revealed');
  }
  let resendRevocation = false;
  if (nextRevocation === L - 1) resendRevocation = true;
  else if (nextRevocation !== L) throw new ChannelFailure('protocol', `channel_reestablish: next_revocation_number ${nextRevocation}, we are at ${L}`);

  const pending = c.nextRemoteCommit;
  // They have not received the commitment_signed we sent last: send it again, with its updates.
  const resendCommit = pending !== null && nextCommit === pending.commit.index;
  const inSync = pending ? nextCommit === pending.commit.index + 1 : nextCommit === c.remoteCommit.index + 1;
  if (!resendCommit && !inSync) {
    if (nextCommit > (pending?.commit.index ?? c.remoteCommit.index) + 1) {
      return { kind: 'we_are_behind', reason: `the peer expects commitment ${nextCommit}: our data is outdated` };
    }
    throw new ChannelFailure('protocol', `channel_reestablish: next_commitment_number ${nextCommit} does not match ours`);
  }

  const revocation = resendRevocation ? [revocationMessage(c, L - 1, env)] : [];
  const commit: Effect[] = [];
  if (resendCommit && pending) {
    for (const u of c.localChanges.signed) commit.push(updateMessage(c, u));
    commit.push(send(commitmentSigned, { channel_id: c.channelId, signature: pending.signature, htlc_signature: [...pending.htlcSignatures] }));
  }
  // Whichever went first before the disconnection goes first again.
  const revocationFirst = !pending || L <= pending.sentAfterLocalCommitIndex;
  return { kind: 'ok', effects: revocationFirst ? [...revocation, ...commit] : [...commit, ...revocation] };
}

function updateMessage(c: Commitments, u: Update): Effect {
  switch (u.kind) {
    case 'add':
      return send(updateAddHtlc, {
        channel_id: c.channelId,
        id: u.htlc.id,
        amount_msat: u.htlc.amountMsat,
        payment_hash: u.htlc.paymentHash,
        cltv_expiry: u.htlc.cltvExpiry,
        onion_routing_packet: u.htlc.onion,
      });
    case 'fulfill':
      return send(updateFulfillHtlc, { channel_id: c.channelId, id: u.id, payment_preimage: u.preimage });
    case 'fail':
      return send(updateFailHtlc, { channel_id: c.channelId, id: u.id, reason: u.reason });
    case 'fail_malformed':
      return send(updateFailMalformedHtlc, { channel_id: c.channelId, id: u.id, sha256_of_onion: u.sha256OfOnion, failure_code: u.failureCode });
    case 'fee':
      return send(updateFeeMessage, { channel_id: c.channelId, feerate_per_kw: u.feeratePerKw });
  }
}

/** Nothing signed or proposed is outstanding on either side. */
export function isQuiet(c: Commitments): boolean {
  return (
    c.nextRemoteCommit === null &&
    c.localChanges.proposed.length === 0 &&
    c.localChanges.acked.length === 0 &&
    c.remoteChanges.proposed.length === 0 &&
    c.remoteChanges.acked.length === 0
  );
}
