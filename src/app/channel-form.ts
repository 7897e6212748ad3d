import { formatSats, parseSatsInput } from './sats.ts';

/**
 * The smallest channel the engine opens (its default policy, src/engine/channel/policy.ts): smaller
 * channels would spend a large share of their capacity on fees and reserves.
 */
export const MIN_CHANNEL_SATS = 20_000;

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The peer as typed: `<node id>@ws(s)://host:port`, or the node id of a peer the wallet knows. Only
 * whether there is one: the engine reads it, and says what is wrong with it (invalid_peer_uri).
 */
export function checkPeer(text: string): Check<string> {
  const peer = text.trim();
  return peer === '' ? { ok: false, problem: 'Enter the peer’s address: <node id>@wss://host:port.' } : { ok: true, value: peer };
}

export interface OpenChannelValues {
  peer: string;
  sats: string;
  /** Sats given to the peer at opening; empty for none. */
  push: string;
}

export interface OpenChannelProblems {
  peer?: string;
  sats?: string;
  push?: string;
}

export type OpenChannelRequest = { peer: string; sats: number; pushMsat?: number };

export type OpenChannelCheck = { ok: true; request: OpenChannelRequest } | { ok: false; problems: OpenChannelProblems };

/** The channelOpen arguments, or what the person still has to fix. `spendableSat` is the on-chain balance, when known. */
export function buildOpenChannel(values: OpenChannelValues, spendableSat?: number): OpenChannelCheck {
  const problems: OpenChannelProblems = {};
  const peer = checkPeer(values.peer);
  if (!peer.ok) problems.peer = peer.problem;

  let sats: number | undefined;
  const amount = parseSatsInput(values.sats);
  if (!amount.ok) problems.sats = amount.problem;
  else if (amount.sat < MIN_CHANNEL_SATS) problems.sats = `A channel needs at least ${formatSats(MIN_CHANNEL_SATS)}.`;
  else if (spendableSat !== undefined && amount.sat >= spendableSat)
    problems.sats =
      spendableSat < MIN_CHANNEL_SATS
        ? `Your on-chain balance (${formatSats(spendableSat)}) is too small for a channel. Receive some bitcoin first.`
        : `That is more than you can spend on chain (${formatSats(spendableSat)}), and opening also pays a network fee.`;
  else sats = amount.sat;

  let pushMsat: number | undefined;
  if (values.push.trim() !== '') {
    const push = parseSatsInput(values.push);
    if (!push.ok) problems.push = push.problem;
    else if (sats !== undefined && push.sat >= sats) problems.push = 'The gift to the peer must be less than the channel amount.';
    else pushMsat = push.sat * 1000;
  }

  if (!peer.ok || sats === undefined || problems.push) return { ok: false, problems };
  return { ok: true, request: { peer: peer.value, sats, ...(pushMsat !== undefined ? { pushMsat } : {}) } };
}
