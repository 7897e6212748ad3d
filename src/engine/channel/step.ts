/**
 * The channel state machine: `step(state, event, env) → { state, effects }`. Pure: it reads
 * nothing but its arguments and does nothing but return; the executor runs the effects in order.
 */
import { error, peerErrorText, warning } from '../../protocol/bolt1/messages.ts';
import { shutdown } from '../../protocol/bolt2/index.ts';
import { txid as computeTxid, parseTx } from '../../protocol/bitcoin/index.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import type { WireMessage } from '../../protocol/wire.ts';
import { localUpdatesInFlight, serializedTx, signedLocalCommitment, type Commitments } from './commitments.ts';
import { ChannelFailure, CommandRefused } from './failure.ts';
import { closingTxBytes, isAcceptableShutdownScript, onClosingSigned, proposeClose } from './mutual-close.ts';
import {
  addHtlc,
  failHtlc,
  failMalformedHtlc,
  fulfillHtlc,
  isQuiet,
  maybeSign,
  onDisconnect,
  onReestablish,
  receiveCommitmentSigned,
  receiveRevokeAndAck,
  receiveUpdate,
  reestablishMessage,
  updateFee,
  type Dance,
} from './normal.ts';
import { baseOf, onAcceptChannel, onFundingBuilt, onFundingCreated, onFundingSigned, readyMessage, send } from './opening.ts';
import { resolveSpend } from './resolve.ts';
import type { ChannelEnv, ChannelEvent, ChannelState, Claim, Closing, Effect, StepResult } from './state.ts';

const UPDATE_TYPES = new Set(['update_add_htlc', 'update_fulfill_htlc', 'update_fail_htlc', 'update_fail_malformed_htlc', 'update_fee']);

export function channelIdOf(state: ChannelState): Uint8Array {
  if (state.phase === 'closed') return state.channelId;
  if ('commitments' in state) return state.commitments.channelId;
  return state.open.temporaryChannelId;
}

/** One step. Peer misbehaviour fails the channel here; a refused command throws CommandRefused. */
export function step(state: ChannelState, event: ChannelEvent, env: ChannelEnv): StepResult {
  try {
    return dispatch(state, event, env);
  } catch (e) {
    if (e instanceof ChannelFailure) return failChannel(state, e, env);
    throw e;
  }
}

function dispatch(state: ChannelState, event: ChannelEvent, env: ChannelEnv): StepResult {
  switch (event.kind) {
    case 'message':
      return onMessage(state, event.message, env);
    case 'connected':
      return onConnected(state, env);
    case 'disconnected':
      return onDisconnected(state);
    case 'funding_built':
      if (state.phase !== 'wait_funding_tx') return same(state);
      return onFundingBuilt(state, event, env);
    case 'funding_failed':
      if (state.phase !== 'wait_funding_tx') return same(state);
      return { state, effects: [send(error, { channel_id: state.open.temporaryChannelId, data: text(`funding failed: ${event.reason}`) }), { kind: 'notify', note: { type: 'failed', reason: event.reason } }, { kind: 'forget' }] };
    case 'funding_depth':
      return onFundingDepth(state, event, env);
    case 'funding_spent':
      return onFundingSpent(state, event, env);
    case 'tx_depth':
    case 'block':
      return onChainProgress(state, event, env);
    case 'add_htlc':
    case 'fulfill_htlc':
    case 'fail_htlc':
    case 'fail_malformed_htlc':
    case 'update_fee':
      return onCommand(state, event, env);
    case 'close':
      return onCloseCommand(state, env);
    case 'force_close':
      if (!('commitments' in state) || state.phase === 'closing' || state.phase === 'wait_funding_signed') {
        throw new CommandRefused('closing', 'this channel cannot be force closed now');
      }
      return forceClose(state, event.reason, env, false);
  }
}

const same = (state: ChannelState): StepResult => ({ state, effects: [] });
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

// ---------------------------------------------------------------- messages

function onMessage(state: ChannelState, m: WireMessage, env: ChannelEnv): StepResult {
  if (m.type === 'error') return onPeerError(state, peerErrorText(m.data), env);
  if (m.type === 'warning') return { state, effects: [{ kind: 'notify', note: { type: 'warning', text: peerErrorText(m.data) } }] };
  switch (state.phase) {
    case 'wait_accept':
      if (m.type === 'accept_channel') return onAcceptChannel(state, m, env);
      break;
    case 'wait_funding_created':
      if (m.type === 'funding_created') return onFundingCreated(state, m, env);
      break;
    case 'wait_funding_signed':
      if (m.type === 'funding_signed') return onFundingSigned(state, m, env);
      break;
    case 'wait_ready':
      if (m.type === 'channel_ready') return onChannelReady(state, m);
      if (m.type === 'channel_reestablish') return onReestablishBeforeReady(state, m, env);
      break;
    case 'normal':
      return onNormalMessage(state, m, env);
    case 'negotiating':
      if (m.type === 'closing_signed') return onNegotiation(state, m, env);
      if (m.type === 'channel_reestablish') return renegotiate(state, env);
      if (m.type === 'shutdown') return same(state);
      break;
    case 'closing':
    case 'closed':
      // BOLT 2: once closing on chain, answer anything about the channel with an error.
      if (m.type !== 'channel_reestablish' && m.type !== 'closing_signed') return same(state);
      return { state, effects: [send(error, { channel_id: channelIdOf(state), data: text('this channel is closed') })] };
  }
  if (m.type === 'channel_reestablish' || m.type === 'unknown_odd') return same(state);
  throw new ChannelFailure('protocol', `unexpected ${m.type} while ${state.phase}`);
}

function onPeerError(state: ChannelState, reason: string, env: ChannelEnv): StepResult {
  const why = `the peer reported an error: ${reason}`;
  if (!('commitments' in state) || state.phase === 'wait_funding_signed') {
    return { state, effects: [{ kind: 'notify', note: { type: 'failed', reason: why } }, { kind: 'forget' }] };
  }
  if (state.phase === 'closing') return same(state);
  return forceClose(state, why, env, true);
}

// ---------------------------------------------------------------- opening to normal

function onChannelReady(state: ChannelState & { phase: 'wait_ready' }, m: WireMessage & { type: 'channel_ready' }): StepResult {
  const c = { ...state.commitments, remoteNextPerCommitmentPoint: m.second_per_commitment_point };
  const next = { ...state, commitments: c, remoteReady: { alias: m.tlvs.short_channel_id ?? null } };
  return maybeNormal(next, [{ kind: 'persist' }]);
}

function maybeNormal(state: ChannelState & { phase: 'wait_ready' }, effects: Effect[]): StepResult {
  if (!state.readySent || !state.remoteReady) return { state, effects };
  const normal: ChannelState = {
    ...baseOf(state),
    phase: 'normal',
    commitments: state.commitments,
    shortChannelId: state.shortChannelId,
    remoteAlias: state.remoteReady.alias,
    fundingConfirmations: state.fundingConfirmations,
    fundingTx: state.fundingTx,
    localShutdown: null,
    remoteShutdown: null,
    peerSynced: state.peerSynced ?? false,
  };
  return { state: normal, effects: effects.some((e) => e.kind === 'persist') ? effects : [{ kind: 'persist' }, ...effects] };
}

function onFundingDepth(state: ChannelState, event: ChannelEvent & { kind: 'funding_depth' }, env: ChannelEnv): StepResult {
  if (state.phase === 'wait_ready') {
    const next = { ...state, fundingConfirmations: event.confirmations, shortChannelId: event.shortChannelId ?? state.shortChannelId };
    if (!state.readySent && event.confirmations >= state.minimumDepth) {
      // Offline or before the peer's channel_reestablish, channel_ready waits for the reestablish (which resends it).
      const ready = state.peerSynced ? [readyMessage(state.commitments, state.localAlias, env)] : [];
      return maybeNormal({ ...next, readySent: true }, [{ kind: 'persist' }, ...ready]);
    }
    return { state: next, effects: [{ kind: 'persist' }] };
  }
  if (state.phase === 'normal') {
    const next = { ...state, fundingConfirmations: event.confirmations, shortChannelId: event.shortChannelId ?? state.shortChannelId };
    return { state: next, effects: [{ kind: 'persist' }] };
  }
  return same(state);
}

function onReestablishBeforeReady(state: ChannelState & { phase: 'wait_ready' }, m: WireMessage & { type: 'channel_reestablish' }, env: ChannelEnv): StepResult {
  // Nothing is signed beyond commitment 0 yet: resend channel_ready if we had sent it.
  const effects: Effect[] = [];
  if (state.readySent && m.next_commitment_number === 1n) effects.push(readyMessage(state.commitments, state.localAlias, env));
  return { state: { ...state, peerSynced: true }, effects };
}

// ---------------------------------------------------------------- normal operation

function withDance(state: ChannelState & { phase: 'normal' }, dance: Dance): StepResult {
  return { state: { ...state, commitments: dance.commitments }, effects: dance.effects };
}

function onNormalMessage(state: ChannelState & { phase: 'normal' }, m: WireMessage, env: ChannelEnv): StepResult {
  const c = state.commitments;
  if ('channel_id' in m && !equal(m.channel_id as Uint8Array, c.channelId)) throw new ChannelFailure('protocol', `${m.type} for another channel`);
  if (UPDATE_TYPES.has(m.type)) {
    // Only the peer's own shutdown forbids its adds: one sent before it saw ours is legitimate.
    if (m.type === 'update_add_htlc' && state.remoteShutdown) throw new ChannelFailure('protocol', 'update_add_htlc after shutdown');
    return withDance(state, receiveUpdate(c, m, env));
  }
  switch (m.type) {
    case 'commitment_signed':
      return afterDance(state, receiveCommitmentSigned(c, m, env), env);
    case 'revoke_and_ack':
      return afterDance(state, receiveRevokeAndAck(c, m, env), env);
    case 'channel_reestablish': {
      const outcome = onReestablish(c, m, env);
      if (outcome.kind === 'we_are_behind') return weAreBehind(state, outcome.reason);
      const effects = [...outcome.effects];
      if (c.localCommit.index === 0 && m.next_commitment_number === 1n) effects.unshift(readyMessage(c, state.localAlias, env));
      if (state.localShutdown && state.localShutdownSent !== false) effects.push(send(shutdown, { channel_id: c.channelId, scriptpubkey: state.localShutdown }));
      const signed = maybeSign(c, env);
      return afterDance({ ...state, peerSynced: true }, { commitments: signed.commitments, effects: [...effects, ...signed.effects] }, env);
    }
    case 'channel_ready':
      // A retransmission after reconnection, or the alias update: keep the latest alias.
      return { state: { ...state, remoteAlias: m.tlvs.short_channel_id ?? state.remoteAlias }, effects: [] };
    case 'shutdown':
      return onShutdown(state, m.scriptpubkey, env);
    case 'closing_signed':
      throw new ChannelFailure('protocol', 'closing_signed before shutdown completed');
    default:
      if (m.type === 'unknown_odd') return same(state);
      throw new ChannelFailure('protocol', `unexpected ${m.type} in a normal channel`);
  }
}

/**
 * After a dance step: a deferred shutdown of ours goes out once nothing of ours is unsigned, and
 * once both sides have sent shutdown and nothing is pending, the close is negotiated.
 */
function afterDance(state: ChannelState & { phase: 'normal' }, dance: Dance, env: ChannelEnv): StepResult {
  let next = { ...state, commitments: dance.commitments };
  const effects = [...dance.effects];
  const deferred = next.localShutdown;
  if (deferred && next.localShutdownSent === false && next.commitments.localChanges.proposed.length === 0) {
    next = { ...next, localShutdownSent: true };
    if (!effects.some((e) => e.kind === 'persist')) effects.unshift({ kind: 'persist' });
    effects.push(send(shutdown, { channel_id: next.commitments.channelId, scriptpubkey: deferred }));
  }
  if (next.localShutdown && next.localShutdownSent !== false && next.remoteShutdown) return maybeNegotiate(next, effects, env);
  return { state: next, effects };
}

function onCommand(state: ChannelState, event: ChannelEvent, env: ChannelEnv): StepResult {
  if (state.phase !== 'normal') throw new CommandRefused('channel_unavailable', `the channel is ${state.phase.replace('_', ' ')}`);
  if (!state.peerSynced) throw new CommandRefused('channel_unavailable', 'the peer is offline or reconnecting');
  const c = state.commitments;
  let dance: Dance;
  switch (event.kind) {
    case 'add_htlc':
      if (state.localShutdown || state.remoteShutdown) throw new CommandRefused('closing', 'the channel is closing');
      dance = addHtlc(c, event, env);
      break;
    case 'fulfill_htlc':
      dance = fulfillHtlc(c, event.id, event.preimage);
      break;
    case 'fail_htlc':
      dance = failHtlc(c, event.id, event.reason);
      break;
    case 'fail_malformed_htlc':
      dance = failMalformedHtlc(c, event.id, event.sha256OfOnion, event.failureCode);
      break;
    case 'update_fee':
      if (state.localShutdown || state.remoteShutdown) throw new CommandRefused('closing', 'the channel is closing');
      dance = updateFee(c, event.feeratePerKw);
      break;
    default:
      throw new Error(`not a command: ${event.kind}`);
  }
  const signed = maybeSign(dance.commitments, env);
  return afterDance(state, { commitments: signed.commitments, effects: [...dance.effects, ...signed.effects] }, env);
}

// ---------------------------------------------------------------- connection

function onConnected(state: ChannelState, env: ChannelEnv): StepResult {
  switch (state.phase) {
    case 'normal': {
      // Unsigned updates did not survive the previous connection (nor a restart, whose stored
      // state may still list them): the peer has forgotten them too.
      const dropped = onDisconnect(state.commitments);
      return { state: { ...state, commitments: dropped.commitments, peerSynced: false }, effects: [...dropped.effects, reestablishMessage(dropped.commitments, env)] };
    }
    case 'wait_ready':
      return { state: { ...state, peerSynced: false }, effects: [reestablishMessage(state.commitments, env)] };
    case 'negotiating':
      return { state, effects: [reestablishMessage(state.commitments, env)] };
    case 'closing':
      return { state, effects: [reestablishMessage(state.commitments, env)] };
    default:
      return same(state);
  }
}

function onDisconnected(state: ChannelState): StepResult {
  switch (state.phase) {
    case 'wait_accept':
    case 'wait_funding_tx':
    case 'wait_funding_created':
      // Nothing is signed: the open is abandoned (BOLT 2: forget the channel).
      return { state, effects: [{ kind: 'notify', note: { type: 'failed', reason: 'the peer disconnected during the open' } }, { kind: 'forget' }] };
    case 'normal': {
      const dance = onDisconnect(state.commitments);
      return { state: { ...state, commitments: dance.commitments, peerSynced: false }, effects: dance.effects };
    }
    case 'wait_ready':
      return { state: { ...state, peerSynced: false }, effects: [] };
    case 'negotiating':
      // Negotiation restarts after the reconnection.
      return { state: { ...state, proposed: null }, effects: [] };
    default:
      return same(state);
  }
}

// ---------------------------------------------------------------- mutual close

function onCloseCommand(state: ChannelState, env: ChannelEnv): StepResult {
  if (state.phase !== 'normal') throw new CommandRefused('channel_unavailable', `a channel that is ${state.phase.replace('_', ' ')} cannot be closed cooperatively`);
  if (state.localShutdown) throw new CommandRefused('closing', 'the channel is already closing');
  if (state.commitments.localChanges.proposed.length > 0) throw new CommandRefused('channel_unavailable', 'updates are in flight; try again in a moment');
  const next = { ...state, localShutdown: state.closeScript, localShutdownSent: true };
  const effects: Effect[] = [{ kind: 'persist' }, send(shutdown, { channel_id: state.commitments.channelId, scriptpubkey: state.closeScript })];
  if (next.remoteShutdown) return maybeNegotiate(next, effects, env);
  return { state: next, effects };
}

function onShutdown(state: ChannelState & { phase: 'normal' }, script: Uint8Array, env: ChannelEnv): StepResult {
  if (!isAcceptableShutdownScript(script)) throw new ChannelFailure('protocol', 'shutdown to a script we cannot accept');
  if (state.commitments.remoteChanges.proposed.length > 0) throw new ChannelFailure('protocol', 'shutdown with updates not yet signed');
  if (state.localShutdown) return maybeNegotiate({ ...state, remoteShutdown: script }, [{ kind: 'persist' }], env);
  // Updates we sent before their shutdown are the peer's too: they are signed, and our shutdown
  // follows as soon as none is left unsigned (afterDance sends it).
  const signed = maybeSign(state.commitments, env);
  const next = { ...state, remoteShutdown: script, localShutdown: state.closeScript, localShutdownSent: false };
  const effects: Effect[] = signed.effects.length > 0 ? [...signed.effects] : [{ kind: 'persist' }];
  return afterDance(next, { commitments: signed.commitments, effects }, env);
}

function maybeNegotiate(state: ChannelState & { phase: 'normal' }, effects: Effect[], env: ChannelEnv): StepResult {
  const c = state.commitments;
  const pending = c.localCommit.spec.incoming.length + c.localCommit.spec.outgoing.length + c.remoteCommit.spec.incoming.length + c.remoteCommit.spec.outgoing.length;
  if (!state.localShutdown || !state.remoteShutdown || pending > 0 || !isQuiet(c)) return { state, effects };
  let proposed: { feeSat: bigint; minFeeSat: bigint; maxFeeSat: bigint } | null = null;
  const out = [...effects];
  if (c.weFunded) {
    const opening = proposeClose(c, state.localShutdown, state.remoteShutdown, env);
    proposed = opening.proposed;
    out.push(opening.effect);
  }
  const next: ChannelState = {
    ...baseOf(state),
    phase: 'negotiating',
    commitments: c,
    shortChannelId: state.shortChannelId,
    localShutdown: state.localShutdown,
    remoteShutdown: state.remoteShutdown,
    proposed,
  };
  return { state: next, effects: out.some((e) => e.kind === 'persist') ? out : [{ kind: 'persist' }, ...out] };
}

/** After a reconnection BOLT 2 restarts the close: shutdown again, and the funder proposes again. */
function renegotiate(state: ChannelState & { phase: 'negotiating' }, env: ChannelEnv): StepResult {
  const c = state.commitments;
  const effects: Effect[] = [send(shutdown, { channel_id: c.channelId, scriptpubkey: state.localShutdown })];
  if (!c.weFunded) return { state: { ...state, proposed: null }, effects };
  const opening = proposeClose(c, state.localShutdown, state.remoteShutdown, env);
  return { state: { ...state, proposed: opening.proposed }, effects: [...effects, opening.effect] };
}

function onNegotiation(state: ChannelState & { phase: 'negotiating' }, m: WireMessage & { type: 'closing_signed' }, env: ChannelEnv): StepResult {
  const answer = onClosingSigned(state.commitments, m, state.localShutdown, state.remoteShutdown, state.proposed, env);
  if (answer.kind === 'counter') return { state: { ...state, proposed: answer.proposed }, effects: [answer.reply] };
  const bytes = closingTxBytes(answer.tx);
  const closing: Closing = {
    kind: 'mutual',
    reason: `closed cooperatively (fee ${answer.feeSat} sat)`,
    closingTxid: answer.txid,
    closingTx: bytes,
    claims: [],
    confirmedAt: null,
    mutualFeeSat: answer.feeSat,
  };
  const next: ChannelState = { ...baseOf(state), phase: 'closing', commitments: state.commitments, shortChannelId: state.shortChannelId, closing };
  const effects: Effect[] = [{ kind: 'persist' }];
  if (answer.reply) effects.push(answer.reply);
  effects.push({ kind: 'publish', tx: bytes, txid: answer.txid, what: 'mutual close' }, { kind: 'watch_confirmations', txid: answer.txid, depth: 1 });
  return { state: next, effects };
}

// ---------------------------------------------------------------- failing and force closing

function failChannel(state: ChannelState, failure: ChannelFailure, env: ChannelEnv): StepResult {
  const channelId = channelIdOf(state);
  // Nothing of ours is committed before funding_signed: the open is simply abandoned.
  if (!('commitments' in state) || state.phase === 'wait_funding_signed') {
    return {
      state,
      effects: [send(error, { channel_id: channelId, data: text(failure.message) }), { kind: 'notify', note: { type: 'failed', reason: failure.message } }, { kind: 'forget' }],
    };
  }
  if (state.phase === 'closing') {
    return { state, effects: [send(warning, { channel_id: channelId, data: text(failure.message) })] };
  }
  const result = forceClose(state, `the peer broke the protocol: ${failure.message}`, env, false);
  return { state: result.state, effects: [send(error, { channel_id: channelId, data: text(failure.message) }), ...result.effects] };
}

export function forceClose(state: ChannelState & { commitments: Commitments }, reason: string, env: ChannelEnv, byPeer: boolean): StepResult {
  const c = state.commitments;
  const commitTx = signedLocalCommitment(c, env.keys);
  const bytes = serializedTx(commitTx);
  const txidHex = hex(Uint8Array.from(computeTxid(commitTx)).reverse());
  const resolved = resolveSpend(state, commitTx, env);
  const closing: Closing = {
    kind: 'local_force',
    reason,
    closingTxid: txidHex,
    closingTx: bytes,
    claims: resolved.claims,
    confirmedAt: null,
  };
  const next: ChannelState = { ...baseOf(state), phase: 'closing', commitments: c, shortChannelId: 'shortChannelId' in state ? state.shortChannelId : null, closing };
  return {
    state: next,
    effects: [
      { kind: 'persist' },
      { kind: 'notify', note: { type: 'failed', reason } },
      { kind: 'publish', tx: bytes, txid: txidHex, what: byPeer ? 'our commitment (the peer failed the channel)' : 'our commitment (force close)' },
      { kind: 'watch_confirmations', txid: txidHex, depth: 1 },
    ],
  };
}

function weAreBehind(state: ChannelState & { commitments: Commitments }, reason: string): StepResult {
  const closing: Closing = { kind: 'awaiting_remote', reason, closingTxid: null, closingTx: null, claims: [], confirmedAt: null };
  const next: ChannelState = { ...baseOf(state), phase: 'closing', commitments: state.commitments, shortChannelId: 'shortChannelId' in state ? state.shortChannelId : null, closing };
  // Publishing our (revoked) commitment would hand the peer everything: ask it to close instead.
  return {
    state: next,
    effects: [{ kind: 'persist' }, send(error, { channel_id: state.commitments.channelId, data: text('we lost channel data; please close the channel') }), { kind: 'notify', note: { type: 'failed', reason } }],
  };
}

function onFundingSpent(state: ChannelState, event: ChannelEvent & { kind: 'funding_spent' }, env: ChannelEnv): StepResult {
  if (!('commitments' in state) || state.phase === 'wait_funding_signed') return same(state);
  const tx = parseTx(event.tx);
  const spentTxid = hex(Uint8Array.from(computeTxid(tx)).reverse());
  if (state.phase === 'closing' && state.closing.closingTxid === spentTxid) {
    return onChainProgress(state, { kind: 'tx_depth', txid: spentTxid, confirmations: event.confirmations, height: event.height }, env);
  }
  const resolved = resolveSpend(state, tx, env);
  const closing: Closing = {
    kind: resolved.kind,
    reason: state.phase === 'closing' && state.closing.kind !== 'awaiting_remote' ? state.closing.reason : resolved.reason,
    closingTxid: spentTxid,
    closingTx: event.tx,
    claims: resolved.claims,
    confirmedAt: event.confirmations > 0 ? event.height : null,
  };
  const next: ChannelState = { ...baseOf(state), phase: 'closing', commitments: state.commitments, shortChannelId: 'shortChannelId' in state ? state.shortChannelId : null, closing };
  const effects: Effect[] = [{ kind: 'persist' }];
  if (state.phase !== 'closing') effects.push({ kind: 'notify', note: { type: 'failed', reason: resolved.reason } });
  effects.push({ kind: 'watch_confirmations', txid: spentTxid, depth: 1 });
  return onChainProgressWith(next, env.height, effects, () => true);
}

function onChainProgress(state: ChannelState, event: ChannelEvent & ({ kind: 'tx_depth' } | { kind: 'block' }), env: ChannelEnv): StepResult {
  if (state.phase === 'normal' && event.kind === 'block') return checkHtlcTimeouts(state, event.height, env);
  if (state.phase === 'wait_ready' && event.kind === 'block' && state.fundingTx && state.fundingConfirmations === 0) {
    // Our funding transaction may have left mempools (restart, eviction): offer it again each block until it confirms.
    const txid = hex(Uint8Array.from(state.commitments.fundingTxid).reverse());
    return { state, effects: [{ kind: 'publish', tx: state.fundingTx, txid, what: 'funding transaction (rebroadcast)' }] };
  }
  if (state.phase !== 'closing') return same(state);
  if (event.kind === 'block') return onChainProgressWith(state, event.height, [], () => true);
  const before = state.closing;
  let closing = before;
  if (event.txid === closing.closingTxid && event.confirmations > 0 && closing.confirmedAt === null) {
    closing = { ...closing, confirmedAt: event.height };
  }
  const newlyConfirmed = closing.claims.some((cl) => cl.txid === event.txid && event.confirmations > 0 && !cl.confirmed);
  if (newlyConfirmed) {
    closing = { ...closing, claims: closing.claims.map((cl) => (cl.txid === event.txid ? { ...cl, confirmed: true, confirmedAt: event.height ?? env.height } : cl)) };
  }
  if (closing === before) return same(state);
  // Only what this confirmation made spendable goes out now; everything due is rebroadcast once per block.
  return onChainProgressWith({ ...state, closing }, env.height, [{ kind: 'persist' }], (claim) => claim.parentTxid === event.txid);
}

/** Publishes claims whose timelocks have passed; finishes when the close and every claim are confirmed. */
function onChainProgressWith(state: ChannelState & { phase: 'closing' }, height: number, effects: Effect[], publishIf: (claim: Claim) => boolean): StepResult {
  const { closing } = state;
  const out = [...effects];
  if (closing.confirmedAt !== null) {
    for (const claim of closing.claims) {
      if (claim.confirmed || !publishIf(claim)) continue;
      // A second-stage claim's CSV runs from its parent's confirmation (records from before confirmedAt fall back to the close's).
      const parent = closing.claims.find((p) => p.txid === claim.parentTxid && p.confirmed);
      const parentConfirmedAt = claim.parentTxid === closing.closingTxid ? closing.confirmedAt : parent ? (parent.confirmedAt ?? closing.confirmedAt) : null;
      if (parentConfirmedAt === null) continue;
      if (claim.validFromHeight !== null && height < claim.validFromHeight) continue;
      if (claim.csvDelay !== null && height < parentConfirmedAt + claim.csvDelay - 1) continue;
      out.push({ kind: 'publish', tx: claim.tx, txid: claim.txid, what: claim.what }, { kind: 'watch_confirmations', txid: claim.txid, depth: 1 });
    }
  }
  const done = closing.confirmedAt !== null && closing.claims.every((cl) => cl.confirmed);
  if (done) {
    const closed: ChannelState = { ...baseOf(state), phase: 'closed', channelId: state.commitments.channelId, fundingSat: state.commitments.fundingSat, closing };
    return { state: closed, effects: out };
  }
  return { state, effects: out };
}

/** An outgoing HTLC close to expiry must be timed out on chain before the peer can claim it too late for us. */
function checkHtlcTimeouts(state: ChannelState & { phase: 'normal' }, height: number, env: ChannelEnv): StepResult {
  const c = state.commitments;
  const outgoing = [...c.localCommit.spec.outgoing, ...c.remoteCommit.spec.outgoing];
  const expiring = outgoing.find((h) => h.cltvExpiry <= height + env.policy.htlcTimeoutSafetyBlocks);
  // An incoming HTLC we fulfilled that the peer has not taken off our commitment: claim it on chain in time.
  const fulfilled = localUpdatesInFlight(c).flatMap((u) => (u.kind === 'fulfill' ? [u.id] : []));
  const claimable = c.localCommit.spec.incoming.find((h) => fulfilled.includes(h.id) && h.cltvExpiry <= height + env.policy.htlcFulfillSafetyBlocks);
  if (!expiring && !claimable) return same(state);
  const why = expiring
    ? `a payment of ${expiring.amountMsat / 1000n} sat was not settled by the peer before its expiry (block ${expiring.cltvExpiry})`
    : `the peer did not take a payment of ${claimable!.amountMsat / 1000n} sat we released before its expiry: claiming it on chain`;
  const result = forceClose(state, why, env, false);
  return { state: result.state, effects: [send(error, { channel_id: c.channelId, data: text('HTLC timed out') }), ...result.effects] };
}

