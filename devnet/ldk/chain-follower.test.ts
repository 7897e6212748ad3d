import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdkNode } from './ldk-node.ts';
import { temporaryDir, testChain, type TestChain } from './test-support/devnet.ts';
import { waitUntil } from './wait.ts';

/** Reorgs seen live and while the nodes were down, through a channel's funding confirmations. */
describe('following the chain through reorgs', () => {
  const dir = temporaryDir('ldk-reorg');
  let devnet: TestChain;
  let alice: LdkNode;
  let bob: LdkNode;
  let channelId = '';
  let fundingTxid = '';

  const start = (name: string) => LdkNode.start({ name, dataDir: join(dir.path, name), chain: devnet.chain });
  const confirmations = async (node: LdkNode) => (await node.channels()).find((channel) => channel.channelId === channelId)?.confirmations ?? null;
  const settle = (expected: number | null) =>
    waitUntil(async () => (await confirmations(alice)) === expected && (await confirmations(bob)) === expected, 2_000, `${expected} confirmations`);

  beforeAll(async () => {
    devnet = testChain();
    [alice, bob] = await Promise.all([start('alice'), start('bob')]);
    await devnet.fund(alice.wallet.script, 2_000_000n);
    devnet.chain.mine(1);
    await bob.connect(alice.nodeId, alice.wsUrl);
    ({ channelId, fundingTxid } = await alice.open(bob.nodeId, 1_000_000));
  }, 30_000);

  afterAll(async () => {
    await Promise.all([alice?.stop(), bob?.stop()]);
    devnet.chain.close();
    dir.remove();
  });

  it('counts confirmations as blocks arrive', async () => {
    await settle(0);
    devnet.chain.mine(1);
    await settle(1);
  });

  it('moves the funding to its new block when the block confirming it is replaced', async () => {
    const before = devnet.chain.getTransaction(fundingTxid)?.blockHeight;
    const { connected } = devnet.chain.reorg(1);
    expect(connected[0]?.txs.some((tx) => tx.txid === fundingTxid)).toBe(true);
    expect(devnet.chain.getTransaction(fundingTxid)?.blockHeight).toBe(before);
    await settle(2);
  });

  it('notices on restart that the funding moved to another block while it was down', async () => {
    await Promise.all([alice.stop(), bob.stop()]);
    const oldHeight = devnet.chain.getTransaction(fundingTxid)?.blockHeight as number;
    // Disconnecting one block below the funding too makes it confirm one block earlier.
    devnet.chain.invalidate(devnet.chain.height - oldHeight + 2);
    devnet.chain.mine(3);
    const fundingHeight = devnet.chain.getTransaction(fundingTxid)?.blockHeight as number;
    expect(fundingHeight).toBe(oldHeight - 1);

    [alice, bob] = await Promise.all([start('alice'), start('bob')]);
    await bob.connect(alice.nodeId, alice.wsUrl);
    expect((await alice.info()).blockHeight).toBe(devnet.chain.height);
    await settle(devnet.chain.height - fundingHeight + 1);
    await waitUntil(async () => (await bob.channels())[0]?.isUsable === true, 3_000, 'the channel usable (3 confirmations)');
    const paid = await alice.pay(await bob.invoice(10_000_000, 'after the reorg'));
    expect(paid.status).toBe('succeeded');
  }, 20_000);

  it('unconfirms the funding when its block is disconnected (LDK then closes the locked channel)', async () => {
    const closures: string[] = [];
    alice.onEvent((event) => {
      if (event.type === 'ChannelClosed') closures.push(String(event.reason));
    });
    const fundingHeight = devnet.chain.getTransaction(fundingTxid)?.blockHeight as number;
    devnet.chain.invalidate(devnet.chain.height - fundingHeight + 1);
    expect(devnet.chain.getTransaction(fundingTxid)?.blockHeight).toBeUndefined();
    await waitUntil(() => closures.length > 0, 3_000, 'the channel to close');
    expect(closures[0]).toMatch(/un-confirmed/);
  });
});
