import { describe, expect, it } from 'vitest';
import { decodeInvoice } from '../../protocol/bolt11/index.ts';
import { createOnion, encodeHopPayload } from '../../protocol/bolt4/index.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { publicKey } from '../../protocol/crypto/index.ts';
import type { Htlc } from '../channel/commitments.ts';
import { MemoryStore, scid, signedUpdate, testKey } from '../gossip/test-support.ts';
import type { PaymentInfo } from '../lightning/types.ts';
import type { Timers } from '../peer/timers.ts';
import { MPP_TIMEOUT_MS } from './incoming.ts';
import { EXPIRED_UNPAID, invoiceKey } from './issued-invoices.ts';
import { Receiver, type ReceivingChannel, type SettleEvent } from './receiver.ts';
import { PaymentRecords } from './records.ts';

const ourSecret = new Uint8Array(32).fill(3);
const ourId = hex(publicKey(ourSecret));
const lsp = testKey('lsp');
const T0 = 1_700_000_000_000;

/** Timers driven by hand: `fire()` runs what is due at the test clock. */
class ManualTimers implements Timers {
  pending: { at: number; run: () => void } | undefined;
  constructor(private readonly clock: { now: number }) {}
  now = () => this.clock.now;
  setTimeout = (run: () => void, ms: number) => (this.pending = { at: this.clock.now + ms, run });
  clearTimeout = () => void (this.pending = undefined);
  fire(): void {
    const due = this.pending;
    if (due && due.at <= this.clock.now) {
      this.pending = undefined;
      due.run();
    }
  }
}

async function setup(store = new MemoryStore(), clock = { now: T0 }) {
  const events: PaymentInfo[] = [];
  const settled: { channelKey: string; event: SettleEvent; claimedInStore: boolean }[] = [];
  const records = await PaymentRecords.load(store, (p) => events.push(p));
  const timers = new ManualTimers(clock);
  const channels: ReceivingChannel[] = [{ channelKey: 'ch:000000', peer: lsp.nodeId, scid: scid(0x800001, 2, 3), canReceiveMsat: 400_000_000n, peerConnected: true }];
  const receiver = await Receiver.load({
    store,
    records,
    network: 'regtest',
    nodeSecret: ourSecret,
    nodeId: ourId,
    now: () => clock.now,
    height: () => 200,
    channels: () => channels,
    settle: (part, event) => {
      const claimedInStore = [...store.snapshot('payments').values()].some((v) => typeof v === 'object' && v !== null && 'claimed' in v);
      settled.push({ channelKey: part.channelKey, event, claimedInStore });
    },
    timers,
  });
  return { store, clock, records, receiver, events, settled, timers, channels };
}

function htlcFor(bolt11: string, id: bigint, amountMsat: bigint, totalMsat = amountMsat): Htlc {
  const invoice = decodeInvoice(bolt11);
  const cltvExpiry = 200 + invoice.minFinalCltvExpiryDelta;
  const payload = encodeHopPayload({ amtToForward: amountMsat, outgoingCltvValue: cltvExpiry, paymentData: { paymentSecret: invoice.paymentSecret, totalMsat } });
  const { onion } = createOnion(new Uint8Array(32).fill(Number(id) + 1), [{ nodeId: invoice.payeeNodeId, payload }], invoice.paymentHash);
  return { id, amountMsat, paymentHash: invoice.paymentHash, cltvExpiry, onion };
}

describe('Receiver', () => {
  it('issues invoices with a route hint through the peer, listed as pending incoming payments', async () => {
    const { receiver, records, events, store, channels } = await setup();
    const info = await receiver.createInvoice({ amountMsat: 250_000n, description: 'coffee', expirySec: 600 });
    const decoded = decodeInvoice(info.bolt11);
    expect(hex(decoded.payeeNodeId)).toBe(ourId);
    expect(decoded).toMatchObject({ amountMsat: 250_000n, description: 'coffee', expiry: 600, minFinalCltvExpiryDelta: 18 });
    expect(['var_onion_optin', 'payment_secret', 'basic_mpp'].every((f) => decoded.features.supports(f as 'basic_mpp'))).toBe(true);
    expect(decoded.routeHints).toEqual([[{ pubkey: lsp.pubkey, shortChannelId: channels[0]!.scid, feeBaseMsat: 1000, feeProportionalMillionths: 1000, cltvExpiryDelta: 144 }]]);
    expect(info).toMatchObject({ direction: 'incoming', status: 'pending', amountMsat: 250_000, description: 'coffee', payee: ourId, expiresAt: decoded.expiresAt * 1000 });
    expect(events).toEqual([info]);
    expect(records.get(info.paymentHash, 'incoming')).toEqual(info);
    expect(store.snapshot('payments').has(invoiceKey(info.paymentHash))).toBe(true);

    // The peer's own channel_update sets the hint's policy, kept across restarts.
    const update = signedUpdate({ scid: channels[0]!.scid, signer: lsp, timestamp: 10, feeBaseMsat: 0, feeProportionalMillionths: 42, cltvExpiryDelta: 72 }).message;
    expect(await receiver.peerUpdate('ch:000000', lsp.nodeId, update)).toBe(true);
    expect(await receiver.peerUpdate('ch:000000', testKey('mallory').nodeId, { ...update, timestamp: 11 })).toBe(false);
    const again = await setup(store);
    const hinted = decodeInvoice((await again.receiver.createInvoice({ amountMsat: null, description: '' })).bolt11);
    expect(hinted.routeHints[0]![0]).toMatchObject({ feeBaseMsat: 0, feeProportionalMillionths: 42, cltvExpiryDelta: 72 });
    expect(hinted.amountMsat).toBeUndefined();
    // Once the channel is closed, its policy goes.
    await again.receiver.forgetChannel('ch:000000');
    expect(again.receiver.peerPolicy('ch:000000')).toBeUndefined();
    expect([...store.snapshot('payments').keys()].filter((k) => k.startsWith('peer-policy:'))).toEqual([]);
  });

  it('records a multi-part claim durably before fulfilling its parts, and after a restart fulfills only those', async () => {
    const { receiver, records, store, settled, events } = await setup();
    const info = await receiver.createInvoice({ amountMsat: 300_000n, description: 'split' });
    await receiver.incomingHtlc('ch:000000', htlcFor(info.bolt11, 0n, 100_000n, 300_000n));
    expect(settled).toEqual([]);
    expect(receiver.held()).toEqual([{ paymentHash: info.paymentHash, parts: 1, receivedMsat: 100_000n, totalMsat: 300_000n }]);
    await receiver.incomingHtlc('ch:000001', htlcFor(info.bolt11, 7n, 200_000n, 300_000n));
    expect(settled.map((s) => [s.channelKey, s.event.kind, s.event.id, s.claimedInStore])).toEqual([
      ['ch:000000', 'fulfill_htlc', 0n, true],
      ['ch:000001', 'fulfill_htlc', 7n, true],
    ]);
    const paid = records.get(info.paymentHash, 'incoming')!;
    expect(paid).toMatchObject({ status: 'succeeded', amountMsat: 300_000, parts: 2 });
    expect(events.at(-1)).toEqual(paid);

    // Restarted with part 7 still unsettled: fulfilled again; an HTLC outside the claim is refused.
    const after = await setup(store);
    await after.receiver.incomingHtlc('ch:000001', htlcFor(info.bolt11, 7n, 200_000n, 300_000n));
    await after.receiver.incomingHtlc('ch:000001', htlcFor(info.bolt11, 8n, 300_000n));
    expect(after.settled.map((s) => [s.event.kind, s.event.id])).toEqual([
      ['fulfill_htlc', 7n],
      ['fail_htlc', 8n],
    ]);
  });

  it('fails a set still incomplete after 60 s with mpp_timeout, and marks an invoice expired unpaid as failed', async () => {
    const { receiver, records, settled, timers, clock, events } = await setup();
    const info = await receiver.createInvoice({ amountMsat: 300_000n, description: 'never whole', expirySec: 120 });
    await receiver.incomingHtlc('ch:000000', htlcFor(info.bolt11, 0n, 100_000n, 300_000n));
    clock.now = T0 + MPP_TIMEOUT_MS - 1;
    timers.fire();
    expect(settled).toEqual([]);
    clock.now = T0 + MPP_TIMEOUT_MS;
    timers.fire();
    await receiver.idle();
    expect(settled.map((s) => [s.event.kind, s.event.id])).toEqual([['fail_htlc', 0n]]);
    expect(receiver.held()).toEqual([]);
    expect(records.get(info.paymentHash, 'incoming')!.status).toBe('pending');

    clock.now = info.expiresAt!;
    timers.fire();
    await receiver.idle();
    await receiver.incomingHtlc('ch:000000', htlcFor(info.bolt11, 1n, 300_000n));
    expect(records.get(info.paymentHash, 'incoming')).toMatchObject({ status: 'failed', failure: EXPIRED_UNPAID });
    expect(events.at(-1)!.status).toBe('failed');
    expect(settled.at(-1)!.event).toMatchObject({ kind: 'fail_htlc', id: 1n });
  });

  it('marks invoices that expired while the wallet was closed as failed when it opens', async () => {
    const { receiver, store } = await setup();
    const info = await receiver.createInvoice({ amountMsat: 1_000n, description: 'late', expirySec: 60 });
    const reopened = await setup(store, { now: T0 + 61_000 });
    expect(reopened.records.get(info.paymentHash, 'incoming')).toMatchObject({ status: 'failed', failure: EXPIRED_UNPAID });
  });
});
