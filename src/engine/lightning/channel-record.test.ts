import { describe, expect, it } from 'vitest';
import type { RevokedHtlc } from '../channel/commitments.ts';
import type { ChannelState } from '../channel/state.ts';
import { ChannelRecordWriter, loadChannelStates } from './channel-record.ts';

const htlc = (n: number): RevokedHtlc => ({ direction: n % 2 ? 'incoming' : 'outgoing', paymentHash: new Uint8Array(32).fill(n), cltvExpiry: 1000 + n, amountMsat: BigInt(n * 1000) });
const state = (revoked: RevokedHtlc[]) => ({ phase: 'normal', peer: 'p', channelIndex: 0, commitments: { channelId: new Uint8Array(32), revokedHtlcs: revoked } }) as unknown as ChannelState;

describe('channel records', () => {
  it('writes the state without its revoked HTLCs, and only the revoked HTLCs not yet stored', () => {
    const writer = new ChannelRecordWriter('ch:000000');
    const first = writer.writes(state([htlc(1), htlc(2)]));
    expect(first).toHaveLength(3);
    const written = first[0]!;
    expect(written.op === 'put' && written.value).not.toHaveProperty('commitments.revokedHtlcs');
    writer.committed(state([htlc(1), htlc(2)]));
    const second = writer.writes(state([htlc(2), htlc(3)]));
    // The state, the new entry, and the deletion of the pruned one.
    expect(second.map((w) => w.op)).toEqual(['put', 'put', 'delete']);
  });

  it('loads each state with its revoked HTLCs put back', () => {
    const writer = new ChannelRecordWriter('ch:000001');
    const entries = writer.writes(state([htlc(4), htlc(5)])).map((w) => ({ key: w.key, value: w.op === 'put' ? w.value : null }));
    const [loaded] = loadChannelStates(entries as never);
    expect(loaded!.key).toBe('ch:000001');
    expect(loaded!.revokedKeys).toHaveLength(2);
    const c = (loaded!.state as ChannelState & { phase: 'normal' }).commitments;
    expect(c.revokedHtlcs).toEqual([htlc(4), htlc(5)]);
  });
});
