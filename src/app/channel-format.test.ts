import { describe, expect, it } from 'vitest';
import type { ChannelInfo } from '../worker/wallet-api.ts';
import {
  canCloseCooperatively,
  canForceClose,
  channelName,
  channelTotals,
  describePendingHtlcs,
  describeScid,
  formatRetry,
  msatToSat,
  phaseLabel,
  phaseTone,
  retrySecondsLeft,
  shortId,
  sortChannels,
} from './channel-format.ts';

const NODE = '02' + 'ab'.repeat(32);

function channel(over: Partial<ChannelInfo> = {}): ChannelInfo {
  return {
    channelId: 'cd'.repeat(32),
    peer: NODE,
    peerConnected: true,
    phase: 'normal',
    status: 'Ready for payments',
    weOpened: true,
    capacitySat: 1_000_000,
    localMsat: 600_000_000,
    remoteMsat: 390_000_000,
    localReserveSat: 10_000,
    remoteReserveSat: 10_000,
    canSendMsat: 585_000_500,
    canReceiveMsat: 380_000_000,
    pendingHtlcs: [],
    ...over,
  };
}

describe('channel formatting', () => {
  it('rounds millisatoshis down to whole sats', () => {
    expect(msatToSat(0)).toBe(0);
    expect(msatToSat(999)).toBe(0);
    expect(msatToSat(1_000)).toBe(1);
    expect(msatToSat(585_000_500)).toBe(585_000);
    expect(msatToSat(-5)).toBe(0);
  });

  it('names every phase and gives it a tone', () => {
    expect(phaseLabel('normal')).toBe('Open');
    expect(phaseLabel('awaiting_confirmation')).toBe('Waiting for confirmation');
    expect(phaseLabel('closed')).toBe('Closed');
    expect(phaseTone('normal')).toBe('ok');
    expect(phaseTone('opening')).toBe('pending');
    expect(phaseTone('negotiating_close')).toBe('closing');
    expect(phaseTone('closed')).toBe('closed');
  });

  it('shortens long ids and leaves short ones', () => {
    expect(shortId(NODE)).toBe('02ababab…ababab');
    expect(shortId('abc')).toBe('abc');
    expect(shortId('0123456789abcde')).toBe('0123456789abcde');
  });

  it('reads short channel ids', () => {
    expect(describeScid('812345x12x1')).toBe('block 812,345, transaction 12, output 1');
    expect(describeScid('nonsense')).toBeUndefined();
  });

  it('names a channel by short id, alias, or channel id', () => {
    expect(channelName(channel({ shortChannelId: '101x1x0', aliasScid: '16000000x0x1' }))).toEqual({ kind: 'scid', value: '101x1x0' });
    expect(channelName(channel({ aliasScid: '16000000x0x1' }))).toEqual({ kind: 'alias', value: '16000000x0x1' });
    expect(channelName(channel())).toEqual({ kind: 'channel_id', value: 'cdcdcdcd…cdcdcd' });
  });

  it('counts pending payments by direction', () => {
    const htlc = { amountMsat: 1000, paymentHash: '00'.repeat(32), cltvExpiry: 500 };
    expect(describePendingHtlcs([])).toBe('None');
    expect(describePendingHtlcs([{ ...htlc, direction: 'incoming' }])).toBe('1 (1 incoming)');
    expect(describePendingHtlcs([{ ...htlc, direction: 'incoming' }, { ...htlc, direction: 'outgoing' }, { ...htlc, direction: 'outgoing' }])).toBe(
      '3 (1 incoming, 2 outgoing)',
    );
  });

  it('offers closes only where the protocol allows them', () => {
    expect(canCloseCooperatively('normal')).toBe(true);
    expect(canCloseCooperatively('awaiting_confirmation')).toBe(true);
    expect(canCloseCooperatively('opening')).toBe(false);
    expect(canCloseCooperatively('shutting_down')).toBe(false);
    expect(canForceClose('negotiating_close')).toBe(true);
    expect(canForceClose('opening')).toBe(false);
    expect(canForceClose('closing')).toBe(false);
    expect(canForceClose('closed')).toBe(false);
  });

  it('sorts usable channels first and keeps closed ones apart', () => {
    const a = channel({ channelId: 'a', phase: 'opening' });
    const b = channel({ channelId: 'b', phase: 'closed' });
    const c = channel({ channelId: 'c', phase: 'normal' });
    const d = channel({ channelId: 'd', phase: 'normal' });
    const { active, closed } = sortChannels([a, b, c, d]);
    expect(active.map((x) => x.channelId)).toEqual(['c', 'd', 'a']);
    expect(closed.map((x) => x.channelId)).toEqual(['b']);
  });

  it('adds up what can be sent and received now', () => {
    const totals = channelTotals([
      channel(),
      channel({ peerConnected: false }),
      channel({ phase: 'opening' }),
      channel({ phase: 'closing', closingPendingSat: 12_345 }),
    ]);
    // Our side of the three channels not closing counts as the Lightning balance, sendable now or not.
    expect(totals).toEqual({ usable: 2, inChannelsSat: 1_800_000, canSendSat: 585_000, canReceiveSat: 380_000, closingSat: 12_345 });
  });

  it('counts down to the next reconnection', () => {
    expect(retrySecondsLeft({ connected: true, retryInSec: 5 }, 0, 0)).toBeUndefined();
    expect(retrySecondsLeft({ connected: false }, 0, 0)).toBeUndefined();
    expect(retrySecondsLeft({ connected: false, retryInSec: 10 }, 1_000, 4_500)).toBe(7);
    expect(retrySecondsLeft({ connected: false, retryInSec: 10 }, 0, 60_000)).toBe(0);
    expect(formatRetry(0)).toBe('Retrying now');
    expect(formatRetry(12)).toBe('Retrying in 12 s');
    expect(formatRetry(300)).toBe('Retrying in 5 min');
  });
});
