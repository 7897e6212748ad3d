/**
 * How a channel's state is stored. The state is one record, written atomically. The terms of HTLCs
 * from revoked commitments (kept for justice transactions) only ever grow by a few entries per
 * payment, so they are kept beside it as one small record each, written in the same transaction:
 * rewriting them all on every commitment would make each write, and the bytes written over a
 * channel's life, grow with its history.
 */
import { hex } from '../../protocol/codec/bytes.ts';
import type { RevokedHtlc } from '../channel/commitments.ts';
import type { ChannelState } from '../channel/state.ts';
import { del, put, type Entry, type StoreValue, type Write } from '../storage/store.ts';

const REVOKED = '/revoked/';

export function revokedKey(channelKey: string, h: RevokedHtlc): string {
  return `${channelKey}${REVOKED}${h.direction[0]}${h.cltvExpiry}:${h.amountMsat}:${hex(h.paymentHash)}`;
}

/** Tracks which revoked-HTLC records are on disk for one channel, to write only the difference. */
export class ChannelRecordWriter {
  readonly #stored = new Set<string>();

  constructor(
    private readonly channelKey: string,
    stored: Iterable<string> = [],
  ) {
    for (const key of stored) this.#stored.add(key);
  }

  writes(state: ChannelState): Write[] {
    if (!('commitments' in state)) {
      const writes: Write[] = [put('channels', this.channelKey, state as unknown as StoreValue)];
      for (const key of this.#stored) writes.push(del('channels', key));
      return writes;
    }
    const { revokedHtlcs = [], ...commitments } = state.commitments;
    const writes: Write[] = [put('channels', this.channelKey, { ...state, commitments } as unknown as StoreValue)];
    const current = new Map(revokedHtlcs.map((h) => [revokedKey(this.channelKey, h), h]));
    for (const [key, h] of current) if (!this.#stored.has(key)) writes.push(put('channels', key, h as unknown as StoreValue));
    for (const key of this.#stored) if (!current.has(key)) writes.push(del('channels', key));
    return writes;
  }

  /** Call once the writes from `writes(state)` are committed. */
  committed(state: ChannelState): void {
    this.#stored.clear();
    if (!('commitments' in state)) return;
    for (const h of state.commitments.revokedHtlcs ?? []) this.#stored.add(revokedKey(this.channelKey, h));
  }
}

/** Channel states from the `channels` collection, each with its revoked-HTLC records put back. */
export function loadChannelStates(entries: readonly Entry[]): { key: string; state: ChannelState; revokedKeys: string[] }[] {
  const revoked = new Map<string, { key: string; htlc: RevokedHtlc }[]>();
  const states: { key: string; state: ChannelState }[] = [];
  for (const entry of entries) {
    const at = entry.key.indexOf(REVOKED);
    if (at >= 0) {
      const owner = entry.key.slice(0, at);
      revoked.set(owner, [...(revoked.get(owner) ?? []), { key: entry.key, htlc: entry.value as unknown as RevokedHtlc }]);
    } else {
      states.push({ key: entry.key, state: entry.value as unknown as ChannelState });
    }
  }
  return states.map(({ key, state }) => {
    const mine = revoked.get(key) ?? [];
    if (!('commitments' in state)) return { key, state, revokedKeys: mine.map((r) => r.key) };
    const withRevoked = { ...state, commitments: { ...state.commitments, revokedHtlcs: mine.map((r) => r.htlc) } } as ChannelState;
    return { key, state: withRevoked, revokedKeys: mine.map((r) => r.key) };
  });
}
