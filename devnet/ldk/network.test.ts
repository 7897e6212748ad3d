import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNetwork } from './network.ts';
import { temporaryDir, testChain, type TestChain } from './test-support/devnet.ts';
import { u16be, u32be, u64be } from '../../src/protocol/codec/bytes.ts';
import { NETWORKS } from '../../src/protocol/networks.ts';
import { MESSAGE, RawPeer, message } from './test-support/raw-peer.ts';
import { waitUntil } from './wait.ts';

describe('devnet lsp and merchant', () => {
  const dir = temporaryDir('ldk-network');
  let devnet: TestChain;
  let network: DevnetNetwork;
  let startupMs = 0;

  beforeAll(async () => {
    devnet = testChain();
    const started = performance.now();
    network = await DevnetNetwork.start({ chain: devnet.chain, dataDir: dir.path, fund: devnet.fund });
    startupMs = performance.now() - started;
  }, 30_000);

  afterAll(async () => {
    await network?.stop();
    devnet.chain.close();
    dir.remove();
  });

  it('starts both nodes with an announced channel in under 10 s', async () => {
    expect(startupMs).toBeLessThan(10_000);
    const [lspChannel] = await network.lsp.channels();
    expect(lspChannel).toMatchObject({ counterparty: network.merchant.nodeId, isPublic: true, isUsable: true, capacitySat: 5_000_000 });
    expect(lspChannel?.confirmations).toBeGreaterThanOrEqual(6);
    expect(lspChannel?.remoteBalanceMsat).toBe(2_000_000_000);
    for (const node of [network.lsp, network.merchant]) {
      // Both directions' updates follow the announcement by gossip, a little later on a loaded machine.
      await waitUntil(async () => (await node.graph()).channels[0]?.updates.every(Boolean) === true, 30_000, 'both channel updates in the graph');
      const graph = await node.graph();
      expect(graph.channels).toEqual([
        expect.objectContaining({ scid: lspChannel?.scid, capacitySat: '5000000', updates: [true, true] }),
      ]);
      expect(new Set([graph.channels[0]?.node1, graph.channels[0]?.node2])).toEqual(new Set([network.lsp.nodeId, network.merchant.nodeId]));
    }
  });

  it('negotiates gossip_queries with its peer', async () => {
    expect(await network.merchant.peers()).toEqual([{ nodeId: network.lsp.nodeId, inbound: false, gossipQueries: true }]);
    expect(await network.lsp.peers()).toEqual([{ nodeId: network.merchant.nodeId, inbound: true, gossipQueries: true }]);
  });

  it('announces node aliases once the channel is public', async () => {
    await waitUntil(async () => (await network.lsp.graph()).nodes.some((node) => node.alias === 'merchant'), 5_000, 'the merchant alias');
    await waitUntil(async () => (await network.merchant.graph()).nodes.some((node) => node.alias === 'lsp'), 5_000, 'the lsp alias');
  });

  it('answers BOLT 7 gossip queries from a peer over WebSocket', async () => {
    const [channel] = await network.lsp.channels();
    const [block, tx, output] = (channel?.scid ?? '').split('x').map(BigInt) as [bigint, bigint, bigint];
    const scid = (block << 40n) | (tx << 16n) | output;
    const peer = await RawPeer.connect(network.lsp.wsUrl, network.lsp.nodeId);
    try {
      // A timestamp filter from the beginning of time asks for the whole graph.
      peer.send(message(MESSAGE.gossipTimestampFilter, NETWORKS.regtest.chainHash, u32be(0), u32be(0xffffffff)));
      expect((await peer.next(MESSAGE.channelAnnouncement)).length).toBeGreaterThan(400);
      await peer.next(MESSAGE.channelUpdate);
      await peer.next(MESSAGE.channelUpdate);
      await peer.next(MESSAGE.nodeAnnouncement);

      peer.send(message(MESSAGE.queryChannelRange, NETWORKS.regtest.chainHash, u32be(0), u32be(0xffffffff)));
      const range = await peer.next(MESSAGE.replyChannelRange);
      const view = new DataView(range.buffer, range.byteOffset, range.byteLength);
      expect(range[45]).toBe(0); // uncompressed encoding
      expect(view.getUint16(43)).toBe(1 + 8);
      expect(view.getBigUint64(46)).toBe(scid);

      peer.send(message(MESSAGE.queryShortChannelIds, NETWORKS.regtest.chainHash, u16be(9), Uint8Array.of(0), u64be(scid)));
      const announcement = await peer.next(MESSAGE.channelAnnouncement);
      expect(new DataView(announcement.buffer, announcement.byteOffset).getBigUint64(2 + 256 + 2 + 32)).toBe(scid);
      const end = await peer.next(MESSAGE.replyShortChannelIdsEnd);
      expect(end[34]).toBe(1); // full_information
    } finally {
      peer.close();
    }
  });

  it('pays in both directions', async () => {
    const toMerchant = await network.lsp.pay(await network.merchant.invoice(25_000_000, 'coffee'));
    expect(toMerchant).toMatchObject({ status: 'succeeded', amountMsat: 25_000_000, feeMsat: 0 });
    expect(toMerchant.preimage).toMatch(/^[0-9a-f]{64}$/);
    const toLsp = await network.merchant.pay(await network.lsp.invoice(null, 'any amount'), { amountMsat: 3_000_000 });
    expect(toLsp).toMatchObject({ status: 'succeeded', amountMsat: 3_000_000 });

    const received = (await network.merchant.payments()).find((payment) => payment.paymentHash === toMerchant.paymentHash && payment.direction === 'inbound');
    expect(received).toMatchObject({ status: 'succeeded', amountMsat: '25000000', preimage: toMerchant.preimage });
  });

  it('fails HTLCs on purpose for invoices created to be rejected', async () => {
    const bolt11 = await network.merchant.invoice(1_000_000, 'will be rejected', 600, { rejectOnPurpose: true });
    const result = await network.lsp.pay(bolt11);
    expect(result).toMatchObject({ status: 'failed', failureReason: 'RecipientRejected' });
    const inbound = (await network.merchant.payments()).find((payment) => payment.paymentHash === result.paymentHash && payment.direction === 'inbound');
    expect(inbound?.status).toBe('failed');
    // Paying a failed invoice again is a new attempt, rejected again by the merchant.
    expect(await network.lsp.pay(bolt11)).toMatchObject({ status: 'failed', failureReason: 'RecipientRejected' });
  });

  it('follows 100 new blocks in under 2 s', async () => {
    const started = performance.now();
    const target = devnet.chain.mine(100).at(-1)?.height ?? 0;
    await waitUntil(
      async () => (await network.lsp.info()).blockHeight === target && (await network.merchant.info()).blockHeight === target,
      2_000,
      'both nodes at the new tip',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    const [channel] = await network.merchant.channels();
    expect(channel?.isUsable).toBe(true);
  });

  it('reports balances on-chain and in channels', async () => {
    const balance = await network.lsp.balance();
    expect(Number(balance.onchain.confirmedSat)).toBeGreaterThan(0);
    const [channel] = await network.lsp.channels();
    expect(balance.lightning.localMsat).toBe(channel?.localBalanceMsat);
    expect(balance.lightning.spendableMsat).toBeGreaterThan(0);
    expect(balance.lightning.claimableOnchainSat).toBe(0);
  });

  it('keeps every ChannelMonitor version on disk', () => {
    const monitors = join(dir.path, 'lsp', 'monitors');
    const [channelDir] = readdirSync(monitors);
    const versions = readdirSync(join(monitors, channelDir as string));
    expect(versions.length).toBeGreaterThan(5);
    expect(versions).toContain('00000000000000000000.bin');
  });

  it('survives a restart of both nodes from their data dirs', async () => {
    const { channelId } = network;
    const infoBefore = await network.lsp.info();
    await network.stop();
    devnet.chain.mine(3);

    network = await DevnetNetwork.start({ chain: devnet.chain, dataDir: dir.path, fund: devnet.fund });
    expect(network.channelId).toBe(channelId);
    const infoAfter = await network.lsp.info();
    expect(infoAfter.nodeId).toBe(infoBefore.nodeId);
    await waitUntil(async () => (await network.lsp.info()).blockHeight === devnet.chain.height, 2_000, 'the lsp at the tip');
    expect(await network.lsp.channels()).toEqual([expect.objectContaining({ channelId, isUsable: true })]);

    const again = await network.lsp.pay(await network.merchant.invoice(7_000_000, 'after restart'));
    expect(again.status).toBe('succeeded');
    const back = await network.merchant.pay(await network.lsp.invoice(2_000_000, 'and back'));
    expect(back.status).toBe('succeeded');
    expect((await network.lsp.payments()).filter((payment) => payment.status === 'succeeded').length).toBeGreaterThanOrEqual(4);
  }, 30_000);
});
