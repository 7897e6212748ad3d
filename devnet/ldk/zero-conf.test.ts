import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdkNode } from './ldk-node.ts';
import { DevnetNetwork } from './network.ts';
import { temporaryDir, testChain, type TestChain } from './test-support/devnet.ts';
import { waitUntil } from './wait.ts';

/** A third LDK node stands in for the wallet: private, zero-conf channels with the lsp in both directions. */
describe('zero-conf channels with the lsp', () => {
  const dir = temporaryDir('ldk-zeroconf');
  let devnet: TestChain;
  let network: DevnetNetwork;
  let wallet: LdkNode;

  beforeAll(async () => {
    devnet = testChain();
    wallet = await LdkNode.start({ name: 'wallet', dataDir: join(dir.path, 'wallet'), chain: devnet.chain });
    network = await DevnetNetwork.start({ chain: devnet.chain, dataDir: dir.path, fund: devnet.fund, lspTrustedPeers: [wallet.nodeId] });
    await devnet.fund(wallet.wallet.script, 3_000_000n);
    devnet.chain.mine(1);
    await wallet.connect(network.lsp.nodeId, network.lsp.wsUrl);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([network?.stop(), wallet?.stop()]);
    devnet.chain.close();
    dir.remove();
  });

  const usableWith = async (node: LdkNode, counterparty: string) =>
    (await node.channels()).find((channel) => channel.counterparty === counterparty && channel.isUsable);

  it('accepts a trusted peer’s channel as zero-conf, usable before any confirmation', async () => {
    const height = devnet.chain.height;
    const opened = await wallet.open(network.lsp.nodeId, 1_000_000, { zeroconf: true });
    await waitUntil(
      async () => (await usableWith(wallet, network.lsp.nodeId)) !== undefined && (await usableWith(network.lsp, wallet.nodeId)) !== undefined,
      5_000,
      'the zero-conf channel',
    );
    expect(devnet.chain.height).toBe(height);
    expect(devnet.chain.getTransaction(opened.fundingTxid)?.blockHeight).toBeUndefined();
    const channel = await usableWith(network.lsp, wallet.nodeId);
    expect(channel).toMatchObject({ channelId: opened.channelId, isPublic: false, scid: null });
    expect(channel?.outboundScidAlias).not.toBeNull();
  });

  it('forwards the wallet’s payment over the zero-conf channel to the merchant', async () => {
    const result = await wallet.pay(await network.merchant.invoice(50_000_000, 'via lsp'));
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(result.feeMsat).toBeGreaterThan(0);
  });

  it('opens a zero-conf channel to a peer that trusts the lsp, and routes to it by alias', async () => {
    await wallet.trustPeer(network.lsp.nodeId);
    const opened = await network.lsp.open(wallet.nodeId, 2_000_000, { zeroconf: true });
    await waitUntil(
      async () => (await wallet.channels()).some((channel) => channel.channelId === opened.channelId && channel.isUsable),
      5_000,
      'the lsp’s zero-conf channel',
    );
    const result = await network.merchant.pay(await wallet.invoice(30_000_000, 'to the wallet'));
    expect(result).toMatchObject({ status: 'succeeded' });
    const received = (await wallet.payments()).find((payment) => payment.paymentHash === result.paymentHash && payment.direction === 'inbound');
    expect(received?.status).toBe('succeeded');
  });

  it('waits for a confirmation when the opener did not ask for zero-conf, even if the acceptor trusts it', async () => {
    const opened = await network.lsp.open(wallet.nodeId, 1_000_000, { zeroconf: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const channel = (await network.lsp.channels()).find((candidate) => candidate.channelId === opened.channelId);
    expect(channel).toMatchObject({ isUsable: false, isChannelReady: false });
    devnet.chain.mine(1);
    await waitUntil(async () => (await network.lsp.channels()).some((candidate) => candidate.channelId === opened.channelId && candidate.isUsable), 5_000, 'one confirmation');
  });

  it('does not accept zero-conf channels from untrusted peers', async () => {
    await wallet.trustPeer(network.lsp.nodeId, false);
    const opened = await network.lsp.open(wallet.nodeId, 1_000_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const channel = (await wallet.channels()).find((candidate) => candidate.channelId === opened.channelId);
    expect(channel).toMatchObject({ isUsable: false, confirmationsRequired: 3 });
    devnet.chain.mine(3);
    await waitUntil(async () => (await wallet.channels()).some((candidate) => candidate.channelId === opened.channelId && candidate.isUsable), 5_000, 'the confirmed channel');
  });
});
