/** What the payment layer reads of our channels' states: first hops for routing, and where an HTLC we offered stands. */
import { equal } from '../../protocol/codec/bytes.ts';
import { formatScid } from '../../protocol/codec/codec.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { availableToSendMsat, type Commitments } from '../channel/commitments.ts';
import type { ChannelState } from '../channel/state.ts';
import type { FirstHop } from '../routing/types.ts';

export interface OwnChannel {
  channelKey: string;
  state: ChannelState;
  connected: boolean;
}

export interface FirstHopChannel extends FirstHop {
  channelKey: string;
}

/**
 * A channel we can pay over now. Its scid only names it in our own routes (the peer learns which
 * channel an HTLC came on from the connection, not from the onion): the real one once confirmed,
 * else the alias the peer gave us, else our own.
 */
export function firstHopOf(channel: OwnChannel): FirstHopChannel | undefined {
  const { state } = channel;
  if (state.phase !== 'normal' || !channel.connected || state.peerSynced === false || state.localShutdown || state.remoteShutdown) return undefined;
  const scid = state.shortChannelId ?? state.remoteAlias ?? state.localAlias;
  return {
    channelKey: channel.channelKey,
    peer: state.peer,
    scid: formatScid(scid),
    availableMsat: availableToSendMsat(state.commitments),
    htlcMinimumMsat: state.commitments.remote.htlcMinimumMsat,
  };
}

export type OutgoingHtlcStanding =
  /** Still in the channel (committed, or an update not yet signed): its outcome will be notified. */
  | { kind: 'in_flight'; id: bigint }
  /** Not in the channel any more, or never committed: it can no longer be fulfilled. */
  | { kind: 'gone' }
  /** The channel is going (or went) on chain with it: the chain decides it. */
  | { kind: 'on_chain' };

/** Finds the outgoing HTLC carrying this onion (unique per part) in the channel's state. */
export function outgoingHtlcStanding(state: ChannelState | undefined, onionHash: Uint8Array): OutgoingHtlcStanding {
  if (!state || !('commitments' in state)) return { kind: 'gone' };
  const c: Commitments = state.commitments;
  const matches = (onion: Uint8Array) => equal(sha256(onion), onionHash);
  const committed = [c.localCommit.spec, c.remoteCommit.spec, c.nextRemoteCommit?.commit.spec].flatMap((spec) => spec?.outgoing ?? []);
  const proposed = [...c.localChanges.proposed, ...c.localChanges.signed, ...c.localChanges.acked].flatMap((u) => (u.kind === 'add' ? [u.htlc] : []));
  const htlc = [...committed, ...proposed].find((h) => matches(h.onion));
  if (!htlc) return { kind: 'gone' };
  if (state.phase === 'closing' && committed.includes(htlc)) return { kind: 'on_chain' };
  return { kind: 'in_flight', id: htlc.id };
}
