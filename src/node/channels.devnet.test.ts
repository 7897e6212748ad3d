/** The channel engine against the devnet's LDK nodes over WebSocket. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mineUntilClosed, openWalletNode, startTestDevnet, waitFor, type Devnet, type WalletNode } from './test-support/lightning-harness.ts';
import { printLogsOnFailure } from './test-support/logs-on-failure.ts';

describe('channels with LDK', () => {
  let dir: string;
  let devnet: Devnet;
  let alice: WalletNode;
  printLogsOnFailure(() => alice?.logs);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'channels-'));
    devnet = await startTestDevnet(join(dir, 'devnet'));
    const lsp = devnet.network.lsp;
    alice = await openWalletNode({ dir: join(dir, 'alice'), esploraUrl: devnet.esplora.url, policy: { zeroConfPeers: [lsp.nodeId] } });
    const { address } = await alice.wallet.newReceiveAddress();
    devnet.faucet.send(address, 2_000_000n);
    devnet.chain.mine(1);
    await alice.tick();
    await alice.connect(`${lsp.nodeId}@${lsp.wsUrl}`);
  }, 120_000);

  afterAll(async () => {
    await alice?.close();
    await devnet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens as funder, pays and is paid by the lsp, and closes cooperatively', async () => {
    const lsp = devnet.network.lsp;
    const opened = await alice.node.openChannel(lsp.nodeId, 500_000n);
    expect(opened.phase).toBe('awaiting_confirmation');
    devnet.chain.mine(3);
    const ready = await waitFor('the channel to be ready', () => alice.node.channels().find((c) => c.phase === 'normal' && c.canSendMsat > 0), { tick: () => alice.tick() });
    await waitFor('LDK to see the channel usable', async () => (await lsp.channels()).some((c) => c.isUsable));

    const invoice = await lsp.invoice(20_000_000, 'coffee');
    const paid = await alice.service.pay(invoice);
    expect(paid).toMatchObject({ status: 'succeeded' });

    const ours = await alice.node.createInvoice(5_000_000n, 'refund');
    await waitFor('LDK to settle our payment', async () => (await lsp.channels()).some((c) => !c.isPublic && c.outboundCapacityMsat >= 5_000_000));
    const received = await lsp.pay(ours);
    expect(received.status).toBe('succeeded');
    await waitFor('the incoming payment to settle', () => alice.node.channels().find((c) => c.channelId === ready.channelId && c.pendingHtlcs.length === 0 && c.localMsat === 500_000_000 - 20_000_000 + 5_000_000));
    await waitFor('LDK to settle the refund', async () => (await lsp.channels()).some((c) => c.channelId === ready.channelId && c.inboundCapacityMsat > 0 && c.remoteBalanceMsat === 485_000_000));

    // As funder we move the commitment feerate; LDK takes it and payments go on at the new rate.
    await alice.node.updateFee(ready.channelId, 2000);
    const afterFee = await alice.service.pay(await lsp.invoice(1_000_000, 'after update_fee'));
    expect(afterFee.status).toBe('succeeded');
    const fundedState = alice.node.channelState(ready.channelId);
    expect(fundedState.phase === 'normal' && fundedState.commitments.localCommit.spec.feeratePerKw).toBe(2000);

    await alice.tick();
    const before = alice.wallet.balance();
    const finalLocal = alice.node.channels().find((c) => c.channelId === ready.channelId)!.localMsat;
    await alice.node.closeChannel(ready.channelId);
    const closing = await waitFor('the closing transaction', () => alice.node.channels().find((c) => c.channelId === ready.channelId && c.closingTxid));
    expect(devnet.chain.spenderOf(ready.fundingTxid!, ready.fundingOutputIndex!)?.txid).toBe(closing.closingTxid);
    devnet.chain.mine(1);
    const closed = await waitFor('the channel to be closed', () => alice.node.channels().find((c) => c.channelId === ready.channelId && c.phase === 'closed'), { tick: () => alice.tick() });
    // Our balance, less the closing fee we paid as funder, is now confirmed in the wallet.
    expect(closed.closingFeesSat).toBeGreaterThan(0);
    expect(alice.wallet.balance().confirmedSat - before.confirmedSat).toBe(Math.floor(finalLocal / 1000) - closed.closingFeesSat!);
  }, 120_000);

  async function openReadyChannel(sats: bigint): Promise<string> {
    const lsp = devnet.network.lsp;
    const opened = await alice.node.openChannel(lsp.nodeId, sats);
    devnet.chain.mine(3);
    await waitFor('the channel to be ready', () => alice.node.channels().find((c) => c.channelId === opened.channelId && c.phase === 'normal'), { tick: () => alice.tick() });
    await waitFor('LDK to see it usable', async () => (await lsp.channels()).some((c) => c.channelId === opened.channelId && c.isUsable));
    return opened.channelId;
  }

  /** Ten blocks at a time: a force close waits out the to_self_delay LDK asks for. */
  const mineTillClosed = (channelId: string) => mineUntilClosed(alice, devnet.chain, [channelId], { blocksPerStep: 10, maxBlocks: 400 });

  it('force closes: publishes our commitment, sweeps our balance after the delay into the wallet', async () => {
    const lsp = devnet.network.lsp;
    const channelId = await openReadyChannel(300_000n);
    const paid = await alice.service.pay(await lsp.invoice(50_000_000, 'before the force close'));
    expect(paid.status).toBe('succeeded');
    await waitFor('LDK to settle', async () => (await lsp.channels()).some((c) => c.channelId === channelId && c.outboundCapacityMsat > 0));
    await alice.tick();
    const before = alice.wallet.balance();
    const info = await alice.node.closeChannel(channelId, { force: true });
    expect(info.phase).toBe('closing');
    const [state] = await mineTillClosed(channelId);
    expect(state!.closing.kind).toBe('local_force');
    const claims = state!.closing.claims;
    expect(claims.length).toBeGreaterThan(0);
    const claimed = claims.reduce((sum, c) => sum + c.amountSat, 0n);
    await alice.tick();
    const after = alice.wallet.balance();
    expect(BigInt(after.confirmedSat - before.confirmedSat)).toBe(claimed);
    // The channel held 250,000 sat for us; the commitment fee and the sweep's fee come out of it.
    expect(claimed).toBeGreaterThan(245_000n);
    expect(claimed).toBeLessThan(250_000n);
  }, 120_000);

  it('recovers its balance when the peer force closes', async () => {
    const lsp = devnet.network.lsp;
    const channelId = await openReadyChannel(200_000n);
    await alice.tick();
    const before = alice.wallet.balance();
    await lsp.close(channelId, { force: true });
    const [state] = await mineTillClosed(channelId);
    const claims = state!.closing.claims;
    expect(state!.closing.kind).toBe('remote_force');
    expect(claims.length).toBeGreaterThan(0);
    const claimed = claims.reduce((sum, c) => sum + c.amountSat, 0n);
    await alice.tick();
    expect(BigInt(alice.wallet.balance().confirmedSat - before.confirmedSat)).toBe(claimed);
    expect(claimed).toBeGreaterThan(195_000n);
  }, 120_000);

  describe('on a zero-conf channel opened by the trusted lsp', () => {
    let channelId: string;

    beforeAll(async () => {
      const lsp = devnet.network.lsp;
      await lsp.trustPeer(alice.nodeId);
      const opened = await lsp.open(alice.nodeId, 2_000_000, { zeroconf: true, pushMsat: 300_000_000 });
      channelId = opened.channelId;
      await waitFor('the zero-conf channel to be usable', () => alice.node.channels().find((c) => c.channelId === channelId && c.phase === 'normal'));
      await waitFor('LDK to use it', async () => (await lsp.channels()).some((c) => c.channelId === channelId && c.isUsable));
    }, 60_000);

    it('is usable before any confirmation, with the lsp\'s alias', () => {
      const info = alice.node.channels().find((c) => c.channelId === channelId)!;
      expect(info.shortChannelId).toBeUndefined();
      expect(info.aliasScid).toBeDefined();
      expect(info.weOpened).toBe(false);
      expect(info.localMsat).toBe(300_000_000);
    });

    it('settles 200 HTLCs added, fulfilled and failed in both directions, with both sides updating at once', async () => {
      const lsp = devnet.network.lsp;
      let fulfilledOut = 0n;
      let fulfilledIn = 0n;
      for (let round = 0; round < 70; round++) {
        const amountOut = BigInt(1_000_000 + round * 1_000);
        const amountIn = BigInt(2_000_000 + round * 1_000);
        const [outInvoice, inInvoice] = await Promise.all([lsp.invoice(Number(amountOut), `out ${round}`), alice.node.createInvoice(amountIn, `in ${round}`)]);
        const [out, incoming] = await Promise.all([alice.service.pay(outInvoice), lsp.pay(inInvoice)]);
        expect(out.status).toBe('succeeded');
        expect(incoming.status).toBe('succeeded');
        fulfilledOut += amountOut;
        fulfilledIn += amountIn;
      }
      for (let i = 0; i < 30; i++) {
        const refused = await lsp.invoice(500_000, `refused ${i}`, 3600, { rejectOnPurpose: true });
        const outcome = await alice.service.pay(refused);
        expect(outcome.status).toBe('failed');
        expect(outcome.failure).toMatch(/payee does not know this payment/);
        // An invoice we never issued: we fail it back with the right code.
        const unknown = await alice.node.createInvoice(400_000n, `unknown ${i}`);
        await alice.node.forgetInvoice(unknown);
        const failed = await lsp.pay(unknown);
        expect(failed.status).toBe('failed');
      }
      const expected = 300_000_000n - fulfilledOut + fulfilledIn;
      const ours = await waitFor('both sides to settle', () => alice.node.channels().find((c) => c.channelId === channelId && c.pendingHtlcs.length === 0 && BigInt(c.localMsat) === expected));
      const theirs = await waitFor('LDK to agree', async () => (await lsp.channels()).find((c) => c.channelId === channelId && BigInt(c.remoteBalanceMsat) === expected));
      expect(BigInt(ours.remoteMsat)).toBe(BigInt(theirs.localBalanceMsat));
    }, 240_000);

    it('finishes a payment when the connection drops in the middle of the commitment dance', async () => {
      const lsp = devnet.network.lsp;
      let drops = 0;
      alice.dropConnectionAfter = (effect) => {
        if (drops < 1 && effect.kind === 'send' && effect.name === 'commitment_signed') {
          drops++;
          return true;
        }
        return false;
      };
      const invoice = await lsp.invoice(3_000_000, 'across a reconnection');
      const outcome = await alice.service.pay(invoice);
      alice.dropConnectionAfter = undefined;
      expect(drops).toBe(1);
      expect(outcome.status).toBe('succeeded');
    }, 60_000);

    it('closes cooperatively when the lsp asks, and the balance lands in the wallet', async () => {
      const lsp = devnet.network.lsp;
      devnet.chain.mine(1);
      await alice.tick();
      const before = alice.wallet.balance();
      const local = alice.node.channels().find((c) => c.channelId === channelId)!.localMsat;
      await lsp.close(channelId);
      await waitFor('the closing transaction', () => alice.node.channels().find((c) => c.channelId === channelId && c.closingTxid));
      devnet.chain.mine(1);
      const closed = await waitFor('the channel to be closed', () => alice.node.channels().find((c) => c.channelId === channelId && c.phase === 'closed'), { tick: () => alice.tick() });
      // The lsp opened the channel, so it paid the closing fee: all of ours arrives.
      expect(closed.closingFeesSat).toBeUndefined();
      expect(alice.wallet.balance().confirmedSat - before.confirmedSat).toBe(Math.floor(local / 1000));
    }, 60_000);
  });
});
