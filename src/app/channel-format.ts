import type { ChannelInfo, ChannelPhase, PeerInfo } from '../worker/wallet-api.ts';

/** Whole sats in an amount of millisatoshis, rounded down: what can actually be spent. */
export function msatToSat(msat: number): number {
  return Math.floor(Math.max(0, msat) / 1000);
}

const PHASE_LABELS: Record<ChannelPhase, string> = {
  opening: 'Opening',
  awaiting_confirmation: 'Waiting for confirmation',
  normal: 'Open',
  shutting_down: 'Closing',
  negotiating_close: 'Closing',
  closing: 'Closing on chain',
  closed: 'Closed',
};

/** A channel's phase in a word or three. */
export function phaseLabel(phase: ChannelPhase): string {
  return PHASE_LABELS[phase] ?? phase;
}

export type PhaseTone = 'ok' | 'pending' | 'closing' | 'closed';

/** How a phase badge looks: usable, on its way, going away, or gone. */
export function phaseTone(phase: ChannelPhase): PhaseTone {
  switch (phase) {
    case 'normal':
      return 'ok';
    case 'opening':
    case 'awaiting_confirmation':
      return 'pending';
    case 'shutting_down':
    case 'negotiating_close':
    case 'closing':
      return 'closing';
    case 'closed':
      return 'closed';
  }
}

/** "02abcdef…89abcd": enough of a node id or txid to tell them apart, short enough for a phone. */
export function shortId(id: string, head = 8, tail = 6): string {
  return id.length <= head + tail + 1 ? id : `${id.slice(0, head)}…${id.slice(-tail)}`;
}

/** "block 812345, transaction 12, output 1" for a short channel id "812345x12x1"; undefined if it isn't one. */
export function describeScid(scid: string): string | undefined {
  const match = /^(\d+)x(\d+)x(\d+)$/.exec(scid.trim());
  if (!match) return undefined;
  return `block ${Number(match[1]).toLocaleString('en-US')}, transaction ${match[2]}, output ${match[3]}`;
}

/**
 * How the list names a channel: its short channel id, else the alias the peer knows it by (not a place
 * on chain), else, before its funding confirms, its channel id.
 */
export function channelName(channel: Pick<ChannelInfo, 'shortChannelId' | 'aliasScid' | 'channelId'>): { kind: 'scid' | 'alias' | 'channel_id'; value: string } {
  if (channel.shortChannelId) return { kind: 'scid', value: channel.shortChannelId };
  if (channel.aliasScid) return { kind: 'alias', value: channel.aliasScid };
  return { kind: 'channel_id', value: shortId(channel.channelId) };
}

/** "2 (1 incoming, 1 outgoing)", "None". */
export function describePendingHtlcs(htlcs: ChannelInfo['pendingHtlcs']): string {
  if (htlcs.length === 0) return 'None';
  const incoming = htlcs.filter((h) => h.direction === 'incoming').length;
  const outgoing = htlcs.length - incoming;
  const parts = [incoming > 0 ? `${incoming} incoming` : '', outgoing > 0 ? `${outgoing} outgoing` : ''].filter(Boolean);
  return `${htlcs.length} (${parts.join(', ')})`;
}

/** A cooperative close starts with `shutdown`, which BOLT 2 allows once the funding is signed. */
export function canCloseCooperatively(phase: ChannelPhase): boolean {
  return phase === 'awaiting_confirmation' || phase === 'normal';
}

/** A force close publishes our commitment: possible while one exists and nothing has been closed yet. */
export function canForceClose(phase: ChannelPhase): boolean {
  return phase === 'awaiting_confirmation' || phase === 'normal' || phase === 'shutting_down' || phase === 'negotiating_close';
}

const PHASE_ORDER: Record<ChannelPhase, number> = {
  normal: 0,
  awaiting_confirmation: 1,
  opening: 2,
  shutting_down: 3,
  negotiating_close: 4,
  closing: 5,
  closed: 6,
};

/** Usable channels first, then those on their way in, then those on their way out; stable otherwise. */
export function sortChannels(channels: readonly ChannelInfo[]): { active: ChannelInfo[]; closed: ChannelInfo[] } {
  const sorted = channels
    .map((channel, index) => ({ channel, index }))
    .sort((a, b) => PHASE_ORDER[a.channel.phase] - PHASE_ORDER[b.channel.phase] || a.index - b.index)
    .map(({ channel }) => channel);
  return { active: sorted.filter((c) => c.phase !== 'closed'), closed: sorted.filter((c) => c.phase === 'closed') };
}

export interface ChannelTotals {
  /** Channels usable for payments right now. */
  usable: number;
  /** Our side of every channel not yet closing: the Lightning balance, whether sendable right now or not. */
  inChannelsSat: number;
  canSendSat: number;
  canReceiveSat: number;
  /** Sats on their way back to the on-chain wallet from closes. */
  closingSat: number;
}

/** What the person can pay and be paid over all usable channels, and what is still coming back from closes. */
export function channelTotals(channels: readonly ChannelInfo[]): ChannelTotals {
  const totals: ChannelTotals = { usable: 0, inChannelsSat: 0, canSendSat: 0, canReceiveSat: 0, closingSat: 0 };
  for (const channel of channels) {
    if (channel.phase !== 'closing' && channel.phase !== 'closed') totals.inChannelsSat += msatToSat(channel.localMsat);
    if (channel.phase === 'normal') {
      totals.usable++;
      if (channel.peerConnected) {
        totals.canSendSat += msatToSat(channel.canSendMsat);
        totals.canReceiveSat += msatToSat(channel.canReceiveMsat);
      }
    }
    totals.closingSat += channel.closingPendingSat ?? 0;
  }
  return totals;
}

/** Seconds left until a disconnected peer is tried again, counted from when the engine said so. */
export function retrySecondsLeft(peer: Pick<PeerInfo, 'connected' | 'retryInSec'>, receivedAt: number, now: number): number | undefined {
  if (peer.connected || peer.retryInSec === undefined) return undefined;
  return Math.max(0, Math.ceil(peer.retryInSec - (now - receivedAt) / 1000));
}

/** "Retrying in 12 s", "Retrying in 2 min", "Retrying now". */
export function formatRetry(seconds: number): string {
  if (seconds <= 0) return 'Retrying now';
  if (seconds < 90) return `Retrying in ${seconds} s`;
  return `Retrying in ${Math.round(seconds / 60)} min`;
}
