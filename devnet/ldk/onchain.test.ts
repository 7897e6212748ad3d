import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNetwork } from './network.ts';
import type { NodeEvent } from './node-events.ts';
import { InsufficientFunds } from './onchain-wallet.ts';
import { temporaryDir, testChain, type TestChain } from './test-support/devnet.ts';
import { waitUntil } from './wait.ts';

describe('on-chain wallets, force-closes and sweeps', () => {
  const dir = temporaryDir('ldk-onchain');
  let devnet: TestChain;
  let network: DevnetNetwork;
  const merchantEvents: NodeEvent[] = [];
  const lspEvents: NodeEvent[] = [];

  beforeAll(async () => {
    devnet = testChain();
    network = await DevnetNetwork.start({ chain: devnet.chain, dataDir: dir.path, fund: devnet.fund });
    network.merchant.onEvent((event) => merchantEvents.push(event));
    network.lsp.onEvent((event) => lspEvents.push(event));
  }, 30_000);

  afterAll(async () => {
    await network?.stop();
    devnet.chain.close();
    dir.remove();
  });

  const confirmedSat = async (node: DevnetNetwork['lsp']) => Number((await node.balance()).onchain.confirmedSat);

  it('derives a regtest P2WPKH wallet from the node seed', () => {
    expect(network.lsp.wallet.address).toMatch(/^bcrt1q[0-9a-z]{38}$/);
    expect(network.lsp.wallet.script.length).toBe(22);
    expect(network.merchant.wallet.address).not.toBe(network.lsp.wallet.address);
  });

  it('pays on-chain with change, and refuses to overspend', async () => {
    const before = await confirmedSat(network.merchant);
    const txid = await network.merchant.sendOnchain(network.lsp.wallet.address, 100_000);
    expect(devnet.chain.getTransaction(txid)?.blockHeight).toBeUndefined();
    expect(Number((await network.merchant.balance()).onchain.unconfirmedSat)).toBeGreaterThan(before - 100_000 - 1_000);
    devnet.chain.mine(1);
    const after = await confirmedSat(network.merchant);
    expect(before - after).toBeGreaterThan(100_000);
    expect(before - after).toBeLessThan(101_000);
    await expect(network.merchant.sendOnchain(network.lsp.wallet.address, 10n ** 10n)).rejects.toBeInstanceOf(InsufficientFunds);
  });

  it('sweeps both sides of a force-closed channel back to the wallets', async () => {
    const [channel] = await network.lsp.channels();
    const merchantBefore = await confirmedSat(network.merchant);
    const lspBefore = await confirmedSat(network.lsp);
    await network.lsp.close(channel?.channelId as string, { force: true });
    await waitUntil(() => devnet.chain.mempoolEntries().length > 0, 2_000, 'the commitment transaction');
    devnet.chain.mine(1);
    await waitUntil(() => lspEvents.some((event) => event.type === 'ChannelClosed'), 2_000, 'ChannelClosed');
    expect((await network.lsp.balance()).lightning.claimableOnchainSat).toBeGreaterThan(2_900_000);

    // The merchant's to_remote output is spendable once the commitment is 6 blocks deep.
    devnet.chain.mine(6);
    await waitUntil(() => merchantEvents.some((event) => event.type === 'SpendableOutputs'), 2_000, 'the merchant’s spendable output');
    await waitUntil(() => devnet.chain.mempoolEntries().length > 0, 2_000, 'the merchant’s sweep');
    devnet.chain.mine(1);
    await waitUntil(async () => (await confirmedSat(network.merchant)) > merchantBefore + 1_990_000, 2_000, 'the merchant’s swept funds');

    // The lsp's own output waits out the to_self_delay (144 blocks).
    devnet.chain.mine(144);
    await waitUntil(() => lspEvents.some((event) => event.type === 'SpendableOutputs'), 3_000, 'the lsp’s spendable output');
    await waitUntil(() => devnet.chain.mempoolEntries().length > 0, 2_000, 'the lsp’s sweep');
    devnet.chain.mine(1);
    await waitUntil(async () => (await confirmedSat(network.lsp)) > lspBefore + 2_900_000, 2_000, 'the lsp’s swept funds');
  }, 20_000);
});
