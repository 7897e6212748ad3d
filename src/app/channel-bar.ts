import type { ChannelInfo } from '../worker/wallet-api.ts';
import { formatSats } from './sats.ts';
import { msatToSat } from './channel-format.ts';

/** Widths along the bar, as percentages of the capacity (0–100, two decimals). */
export interface BalanceBar {
  /** Our side, from the left. */
  local: number;
  /** The peer's side, from the right. */
  remote: number;
  /** Between them: pending payments and the commitment fee, which belong to neither side yet. */
  other: number;
  /** Part of our side we must keep (from the left edge); at most `local`. */
  localReserve: number;
  /** Part of the peer's side it must keep (from the right edge); at most `remote`. */
  remoteReserve: number;
}

const clampPct = (value: number) => Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;

/** The proportions of a channel's balance bar; all zero for a channel with no capacity yet. */
export function balanceBar(channel: Pick<ChannelInfo, 'capacitySat' | 'localMsat' | 'remoteMsat' | 'localReserveSat' | 'remoteReserveSat'>): BalanceBar {
  const capacityMsat = channel.capacitySat * 1000;
  if (!(capacityMsat > 0)) return { local: 0, remote: 0, other: 0, localReserve: 0, remoteReserve: 0 };
  const pct = (msat: number) => clampPct((Math.max(0, msat) / capacityMsat) * 100);
  const local = pct(channel.localMsat);
  const remote = Math.min(pct(channel.remoteMsat), clampPct(100 - local));
  return {
    local,
    remote,
    other: clampPct(100 - local - remote),
    localReserve: Math.min(local, pct(channel.localReserveSat * 1000)),
    remoteReserve: Math.min(remote, pct(channel.remoteReserveSat * 1000)),
  };
}

/** The bar in words, for screen readers and tooltips. */
export function describeBalanceBar(channel: Pick<ChannelInfo, 'capacitySat' | 'localMsat' | 'remoteMsat' | 'localReserveSat' | 'remoteReserveSat'>): string {
  const parts = [
    `Your side ${formatSats(msatToSat(channel.localMsat))}`,
    `the peer’s side ${formatSats(msatToSat(channel.remoteMsat))}`,
    `of ${formatSats(channel.capacitySat)}`,
  ];
  const reserves = `Reserves: ${formatSats(channel.localReserveSat)} on your side, ${formatSats(channel.remoteReserveSat)} on the peer’s.`;
  return `${parts.join(', ')}. ${reserves}`;
}
