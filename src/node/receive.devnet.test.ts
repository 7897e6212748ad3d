/** Receiving across the network: the devnet `merchant` pays our invoices through `lsp`, found by our route hints. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKey } from '../engine/lightning/node.ts';
import type { PaymentInfo } from '../engine/lightning/types.ts';
import { decodeInvoice } from '../protocol/bolt11/index.ts';
import { formatScid } from '../protocol/codec/codec.ts';
import { openWalletNode, startTestDevnet, waitFor, type Devnet, type WalletNode } from './test-support/lightning-harness.ts';
import { printLogsOnFailure } from './test-support/logs-on-failure.ts';

describe('receiving from merchant through lsp', () => {
  let dir: string;
  let devnet: Devnet;
  let alice: WalletNode;
  const events: PaymentInfo[] = [];
  printLogsOnFailure(() => alice?.logs);

  /** Channels lsp opened to us: all inbound liquidity, each smaller than the multi-part payment below. */
  const channelIds: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'receive-'));
    devnet = await startTestDevnet(join(dir, 'devnet'));
    const { lsp } = devnet.network;
    alice = await openWalletNode({ dir: join(dir, 'alice'), esploraUrl: devnet.esplora.url, policy: { zeroConfPeers: [lsp.nodeId] } });
    alice.node.on((event) => void (event.type === 'payment_changed' && events.push(event.payment)));
    await alice.connect(`${lsp.nodeId}@${lsp.wsUrl}`);
    for (let i = 0; i < 2; i++) {
      const opened = await lsp.open(alice.nodeId, 300_000, { zeroconf: true });
      channelIds.push(opened.channelId);
      await waitFor('our channel from lsp to be ready', () => alice.node.channels().find((c) => c.channelId === opened.channelId && c.phase === 'normal' && c.canReceiveMsat > 0));
      await waitFor('lsp to see it usable', async () => (await lsp.channels()).some((c) => c.channelId === opened.channelId && c.isUsable));
    }
    // lsp sends us (alone) its channel_update for each: its fees towards us, for our route hints.
    await waitFor('the channel_updates of lsp', () => alice.node.channels().every((c) => alice.node.receiver.peerPolicy(keyOf(c.channelId)) !== undefined));
  }, 180_000);

  afterAll(async () => {
    await alice?.close();
    await devnet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyOf = (channelId: string): string => channelKey(alice.node.channelState(channelId).channelIndex);

  function received(paymentHash: string): Promise<PaymentInfo> {
    return waitFor('the payment to be recorded as received', () => alice.service.payments().find((p) => p.paymentHash === paymentHash && p.direction === 'incoming' && p.status === 'succeeded'));
  }

  it('is paid through the route hint: lsp forwards on the alias it gave us, with the fees it told us', async () => {
    const { lsp, merchant } = devnet.network;
    const info = await alice.service.invoiceCreate(50_000_000n, 'coffee', 600);
    expect(info).toMatchObject({ direction: 'incoming', status: 'pending', amountMsat: 50_000_000, payee: alice.nodeId });
    const hints = decodeInvoice(info.bolt11).routeHints;
    const ldkChannels = await lsp.channels();
    expect(hints).toHaveLength(2);
    for (const [hop] of hints) {
      const channel = ldkChannels.find((c) => c.outboundScidAlias === formatScid(hop!.shortChannelId));
      expect(channel?.counterparty).toBe(alice.nodeId);
      const policy = alice.node.receiver.peerPolicy(keyOf(channel!.channelId))!;
      expect(hop).toMatchObject({ feeBaseMsat: policy.feeBaseMsat, feeProportionalMillionths: policy.feeProportionalMillionths, cltvExpiryDelta: policy.cltvExpiryDelta });
    }
    const before = alice.node.channels().reduce((sum, c) => sum + c.localMsat, 0);

    const paid = await merchant.pay(info.bolt11);
    expect(paid).toMatchObject({ status: 'succeeded' });
    const ours = await received(info.paymentHash);
    expect(ours).toMatchObject({ amountMsat: 50_000_000, preimage: paid.preimage, feeMsat: 0, parts: 1 });
    expect(events.filter((e) => e.paymentHash === info.paymentHash).map((e) => e.status)).toEqual(['pending', 'succeeded']);
    await waitFor('our balance to grow by the amount', () => alice.node.channels().reduce((sum, c) => sum + c.localMsat, 0) === before + 50_000_000);
  }, 60_000);

  it('takes the amount the payer chooses on an invoice without one', async () => {
    const info = await alice.service.invoiceCreate(null, 'tip');
    expect(info.amountMsat).toBeNull();
    const paid = await devnet.network.merchant.pay(info.bolt11, { amountMsat: 12_345_000 });
    expect(paid).toMatchObject({ status: 'succeeded' });
    expect(await received(info.paymentHash)).toMatchObject({ amountMsat: 12_345_000, preimage: paid.preimage });
  }, 60_000);

  it('receives a payment larger than any one of our channels in several parts', async () => {
    // A payer only splits over channels whose liquidity it knows: lsp pays over its two channels to
    // us (merchant, seeing our channels only as hints of unknown capacity, sends one part).
    const inbound = alice.node.channels().map((c) => c.canReceiveMsat);
    const amount = Math.max(...inbound) + 50_000_000;
    expect(amount).toBeLessThan(inbound.reduce((a, b) => a + b, 0) - 20_000_000);
    const info = await alice.service.invoiceCreate(BigInt(amount), 'too big for one channel');
    const paid = await devnet.network.lsp.pay(info.bolt11, { timeoutMs: 60_000 });
    expect(paid).toMatchObject({ status: 'succeeded' });
    const ours = await received(info.paymentHash);
    expect(ours).toMatchObject({ amountMsat: amount, preimage: paid.preimage });
    expect(ours.parts).toBeGreaterThan(1);
    expect(alice.node.receiver.held()).toEqual([]);
  }, 90_000);

  it('refuses an expired invoice: the merchant sees the payment fail and our record turns failed', async () => {
    const info = await alice.service.invoiceCreate(1_000_000n, 'too late', 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // LDK sends it anyway: our node refuses the HTLC (incorrect_or_unknown_payment_details), which LDK reads as the recipient's refusal.
    const paid = await devnet.network.merchant.pay(info.bolt11, { timeoutMs: 30_000 });
    expect(paid).toMatchObject({ status: 'failed', failureReason: 'RecipientRejected' });
    const failed = await waitFor('the invoice to be recorded as expired', () => alice.service.payments().find((p) => p.paymentHash === info.paymentHash && p.status === 'failed'));
    expect(failed.failure).toMatch(/expired/);
    expect(events.filter((e) => e.paymentHash === info.paymentHash).map((e) => e.status)).toEqual(['pending', 'failed']);
  }, 60_000);

  it('still issues hinted invoices after a restart, from the stored channel_updates', async () => {
    const policies = alice.node.channels().map((c) => alice.node.receiver.peerPolicy(keyOf(c.channelId)));
    await alice.close();
    alice = await openWalletNode({ dir: join(dir, 'alice'), esploraUrl: devnet.esplora.url, policy: { zeroConfPeers: [devnet.network.lsp.nodeId] } });
    expect(alice.node.channels().map((c) => alice.node.receiver.peerPolicy(keyOf(c.channelId)))).toEqual(policies);
    await waitFor('lsp to reconnect', () => alice.node.channels().every((c) => c.peerConnected && c.phase === 'normal'));
    const info = await alice.service.invoiceCreate(2_000_000n, 'after restart');
    expect(decodeInvoice(info.bolt11).routeHints).toHaveLength(2);
    await waitFor('lsp to see our channels usable again', async () => (await devnet.network.lsp.channels()).filter((c) => c.counterparty === alice.nodeId && c.isUsable).length === 2);
    expect(await devnet.network.merchant.pay(info.bolt11)).toMatchObject({ status: 'succeeded' });
    await received(info.paymentHash);
  }, 90_000);
});
