/** Paying across the devnet: wallet → lsp → merchant (LDK), by BOLT 11, with the gossip graph learnt from the lsp. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInvoice } from '../protocol/bolt11/index.ts';
import { hex } from '../protocol/codec/bytes.ts';
import { sha256 } from '../protocol/crypto/index.ts';
import { EngineError } from '../engine/engine-error.ts';
import { ExecutorHalted } from '../engine/lightning/executor.ts';
import { forwardingFeeMsat } from '../engine/routing/fees.ts';
import { openWalletNode, startTestDevnet, waitFor, type Devnet, type WalletNode } from './test-support/lightning-harness.ts';
import { printLogsOnFailure } from './test-support/logs-on-failure.ts';

describe('payments through the lsp to the merchant', () => {
  let dir: string;
  let devnet: Devnet;
  let alice: WalletNode;
  printLogsOnFailure(() => alice?.logs);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payments-'));
    devnet = await startTestDevnet(join(dir, 'devnet'));
    alice = await openWalletNode({ dir: join(dir, 'alice'), esploraUrl: devnet.esplora.url });
    const { address } = await alice.wallet.newReceiveAddress();
    devnet.faucet.send(address, 5_000_000n);
    devnet.chain.mine(1);
    await alice.tick();
    await alice.connect(`${devnet.network.lsp.nodeId}@${devnet.network.lsp.wsUrl}`);
    await openReadyChannel(500_000n);
    // The lsp–merchant channel and both its directions' updates, learnt by gossip.
    await waitFor('the graph to hold the lsp–merchant channel', () => lspToMerchantPolicy() !== undefined, { timeoutMs: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await alice?.close();
    await devnet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openReadyChannel(sats: bigint): Promise<string> {
    const lsp = devnet.network.lsp;
    const opened = await alice.node.openChannel(lsp.nodeId, sats);
    devnet.chain.mine(3);
    await waitFor('the channel to be ready', () => alice.node.channels().find((c) => c.channelId === opened.channelId && c.phase === 'normal' && c.canSendMsat > 0), { tick: () => alice.tick() });
    await waitFor('LDK to see it usable', async () => (await lsp.channels()).some((c) => c.channelId === opened.channelId && c.isUsable));
    return opened.channelId;
  }

  function lspToMerchantPolicy() {
    const { lsp, merchant } = devnet.network;
    const channel = [...alice.service.graphStore.channels()].find((c) => new Set([c.node1, c.node2]).has(merchant.nodeId) && new Set([c.node1, c.node2]).has(lsp.nodeId));
    if (!channel || !channel.updates[0] || !channel.updates[1]) return undefined;
    return channel.updates[channel.node1 === lsp.nodeId ? 0 : 1]!;
  }

  const canSend = () => alice.node.channels().reduce((sum, c) => sum + c.canSendMsat, 0);
  const settled = () => alice.node.channels().every((c) => c.pendingHtlcs.length === 0);

  async function merchantReceived(paymentHash: string): Promise<bigint> {
    const record = await waitFor('the merchant to record the payment', async () => (await devnet.network.merchant.payments()).find((p) => p.paymentHash === paymentHash && p.direction === 'inbound' && p.status === 'succeeded'));
    return BigInt(record.amountMsat!);
  }

  async function refusal(promise: Promise<unknown>): Promise<EngineError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }

  it('pays the merchant through the lsp (two hops), with the lsp\'s fee, the preimage as proof, and both balances moved', async () => {
    const graph = alice.service.graph();
    expect(graph).toMatchObject({ channels: 1, nodes: 2 });
    expect(graph.lastSync).not.toBeNull();
    const before = alice.node.channels()[0]!.localMsat;
    const bolt11 = await devnet.network.merchant.invoice(10_000_000, 'two hops');
    const decoded = alice.service.invoiceDecode(bolt11);
    expect(decoded).toMatchObject({ amountMsat: 10_000_000, payee: devnet.network.merchant.nodeId, description: 'two hops', maxFeeMsat: 105_000, alreadyPaid: null });

    const events: string[] = [];
    const off = alice.node.on((e) => void (e.type === 'payment_changed' && events.push(e.payment.status)));
    const paid = await alice.service.pay(bolt11);
    off();
    const policy = lspToMerchantPolicy()!;
    const expectedFee = Number(forwardingFeeMsat(10_000_000n, policy));
    expect(paid).toMatchObject({ status: 'succeeded', direction: 'outgoing', amountMsat: 10_000_000, feeMsat: expectedFee, hops: 2, parts: 1, maxFeeMsat: 105_000 });
    expect(hex(sha256(Buffer.from(paid.preimage!, 'hex')))).toBe(hex(decodeInvoice(bolt11).paymentHash));
    expect(events[0]).toBe('pending');
    expect(events.at(-1)).toBe('succeeded');
    expect(await merchantReceived(paid.paymentHash)).toBe(10_000_000n);
    await waitFor('our channel to settle', () => settled() && alice.node.channels()[0]!.localMsat === before - 10_000_000 - expectedFee);
    expect(alice.service.payments()[0]).toEqual(paid);
    expect(alice.service.invoiceDecode(bolt11).alreadyPaid).toBe('succeeded');

    // Paying the same invoice again is refused.
    expect((await refusal(alice.service.pay(bolt11))).code).toBe('already_paid');
  }, 60_000);

  it('refuses an expired invoice, and a fee limit no route fits, before paying anything', async () => {
    const expired = await devnet.network.merchant.invoice(1_000_000, 'expires at once', 1);
    // The merchant dates its invoices by its chain's block times, which run a little ahead of the clock.
    await waitFor('the invoice to expire', () => Date.now() > decodeInvoice(expired).expiresAt * 1000, { timeoutMs: 60_000 });
    const error = await refusal(alice.service.pay(expired));
    expect(error.code).toBe('invalid_invoice');
    expect(error.message).toMatch(/expired/);

    const invoice = await devnet.network.merchant.invoice(2_000_000, 'fee limit');
    const tooLow = await refusal(alice.service.pay(invoice, undefined, 0n));
    expect(tooLow.code).toBe('no_route');
    expect(tooLow.message).toMatch(/fee limit/);
    expect(alice.service.payments().some((p) => p.bolt11 === invoice)).toBe(false);
  }, 90_000);

  it('reports the merchant refusing the payment on purpose, and unlocks the funds', async () => {
    const before = canSend();
    const bolt11 = await devnet.network.merchant.invoice(1_000_000, 'refused', 3600, { rejectOnPurpose: true });
    const outcome = await alice.service.pay(bolt11);
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatch(/payee does not know this payment/);
    expect(outcome.preimage).toBeUndefined();
    await waitFor('the funds to be unlocked', () => settled() && canSend() === before);
    // A failed payment may be tried again (and fails the same way).
    expect((await alice.service.pay(bolt11)).status).toBe('failed');
  }, 60_000);

  it('splits a payment no single channel can carry into parts (multi-part), and the merchant gets it all', async () => {
    await openReadyChannel(300_000n);
    const largest = Math.max(...alice.node.channels().map((c) => c.canSendMsat));
    const amount = 600_000_000;
    expect(largest).toBeLessThan(amount);
    const bolt11 = await devnet.network.merchant.invoice(amount, 'in parts');
    const paid = await alice.service.pay(bolt11);
    expect(paid).toMatchObject({ status: 'succeeded', amountMsat: amount, hops: 2 });
    expect(paid.parts).toBeGreaterThan(1);
    expect(paid.feeMsat).toBeLessThanOrEqual(paid.maxFeeMsat!);
    expect(await merchantReceived(paid.paymentHash)).toBe(BigInt(amount));
    await waitFor('the channels to settle', () => settled());
  }, 90_000);

  it('fails an amount above what the lsp can forward, clearly, and unlocks the funds', async () => {
    await openReadyChannel(3_500_000n);
    await waitFor('settled', () => settled());
    const before = canSend();
    // More than the lsp holds on its side of the channel to the merchant, less than our channel and the channel's htlc maximum.
    const amount = 3_200_000_000;
    const bolt11 = await devnet.network.merchant.invoice(amount, 'too much');
    const outcome = await alice.service.pay(bolt11);
    expect(outcome.status).toBe('failed');
    expect(outcome.failure).toMatch(/lacked the funds/);
    await waitFor('the funds to be unlocked', () => settled() && canSend() === before);
  }, 90_000);

  it('completes a payment interrupted by a restart once the channel is reestablished', async () => {
    const bolt11 = await devnet.network.merchant.invoice(20_000_000, 'across a restart');
    const paymentHash = hex(decodeInvoice(bolt11).paymentHash);
    let halted = false;
    // A crash while the HTLC is being committed: our revocation for the lsp's signature never leaves.
    alice.dropConnectionAfter = (effect) => {
      if (!halted && effect.kind === 'send' && effect.name === 'revoke_and_ack' && alice.node.channels().some((c) => c.pendingHtlcs.some((h) => h.paymentHash === paymentHash))) {
        halted = true;
        throw new ExecutorHalted('crash before the revocation');
      }
      return false;
    };
    void alice.service.pay(bolt11).catch(() => undefined);
    await waitFor('the crash point', () => halted);
    expect(alice.service.payments().find((p) => p.paymentHash === paymentHash)?.status).toBe('pending');
    await alice.close();

    alice = await openWalletNode({ dir: join(dir, 'alice'), esploraUrl: devnet.esplora.url });
    expect(alice.service.payments().find((p) => p.paymentHash === paymentHash)?.status).toBe('pending');
    const done = await waitFor('the payment to complete after reestablish', () => alice.service.payments().find((p) => p.paymentHash === paymentHash && p.status !== 'pending'), { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: 'succeeded', amountMsat: 20_000_000 });
    expect(hex(sha256(Buffer.from(done.preimage!, 'hex')))).toBe(paymentHash);
    expect(await merchantReceived(paymentHash)).toBe(20_000_000n);
    await waitFor('the channels to settle', () => settled());
    expect((await refusal(alice.service.pay(bolt11))).code).toBe('already_paid');
  }, 90_000);
});
