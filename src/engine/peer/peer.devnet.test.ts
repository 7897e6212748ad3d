/** The peer layer against a real LDK node of the devnet, over its WebSocket listener. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdkNode } from '../../../devnet/ldk/ldk-node.ts';
import { temporaryDir, testChain, type TestChain } from '../../../devnet/ldk/test-support/devnet.ts';
import { waitUntil } from '../../../devnet/ldk/wait.ts';
import { fromHex } from '../../protocol/codec/bytes.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { connect } from '../transport/index.ts';
import { PeerManager } from './manager.ts';
import { PeerSession, type PeerMessage } from './session.ts';
import { createWsSocket, keyPair, within } from './test-support.ts';

describe('the peer layer against LDK', () => {
  const dir = temporaryDir('peer-ldk');
  let devnet: TestChain;
  let node: LdkNode;

  beforeAll(async () => {
    devnet = testChain();
    node = await LdkNode.start({ name: 'lsp', dataDir: dir.path, chain: devnet.chain });
  });

  afterAll(async () => {
    await node?.stop();
    devnet?.chain.close();
    dir.remove();
  });

  it('exchanges init, decodes LDK’s features, gets pongs, and is listed as a peer', async () => {
    const key = keyPair();
    const connection = await connect({ url: node.wsUrl, localSecret: key.secret, remotePubkey: fromHex(node.nodeId), createSocket: createWsSocket });
    const received: PeerMessage[] = [];
    const session = await within(PeerSession.start({ connection, network: 'regtest', onMessage: (m) => void received.push(m) }), 10_000, 'init with LDK');

    expect(session.remoteNodeId).toBe(node.nodeId);
    expect(session.remoteInit.tlvs.networks).toEqual([NETWORKS.regtest.chainHash]);
    const features = session.remoteFeatures;
    expect(features.unknownRequired()).toEqual([]);
    // What LDK 0.1 announces (seen from it, not our defaults): its bits decode to these names.
    expect(features.describe()).toMatchObject({
      option_data_loss_protect: 'required',
      var_onion_optin: 'required',
      option_static_remotekey: 'required',
      payment_secret: 'required',
      basic_mpp: 'optional',
      gossip_queries: 'optional',
      option_channel_type: 'optional',
      option_scid_alias: 'optional',
      option_zeroconf: 'optional',
      option_shutdown_anysegwit: 'optional',
    });

    expect(await within(session.ping(), 5_000, 'a pong from LDK')).toBeGreaterThanOrEqual(0);
    expect(await within(session.ping(100), 5_000, 'a 100-byte pong from LDK')).toBeGreaterThanOrEqual(0);

    await waitUntil(async () => (await node.peers()).some((p) => p.nodeId === key.nodeId), 5_000, 'LDK to list us');
    expect((await node.peers()).find((p) => p.nodeId === key.nodeId)).toEqual({ nodeId: key.nodeId, inbound: true, gossipQueries: true });
    // We offered gossip_queries, so LDK tells us which gossip it wants: a message for the handler.
    await waitUntil(() => received.some((m) => m.type === 'gossip_timestamp_filter'), 5_000, 'gossip_timestamp_filter');
    expect(session.isOpen).toBe(true);

    session.close();
    expect(await session.closed).toEqual({ kind: 'local' });
    await waitUntil(async () => !(await node.peers()).some((p) => p.nodeId === key.nodeId), 5_000, 'LDK to drop us');
  });

  it('keeps a PeerManager connection to LDK until told to disconnect', async () => {
    const key = keyPair();
    const manager = new PeerManager({ nodeSecret: key.secret, network: 'regtest', createSocket: createWsSocket });
    const events: string[] = [];
    manager.on('connected', (nodeId) => events.push(`connected ${nodeId}`));
    manager.on('disconnected', (nodeId, reason) => events.push(`disconnected ${nodeId} ${reason.kind}`));
    try {
      manager.connect(`${node.nodeId}@${node.wsUrl}`);
      await waitUntil(() => manager.isConnected(node.nodeId), 10_000, 'the manager to connect');
      expect(manager.peers()).toEqual([{ nodeId: node.nodeId, uri: `${node.nodeId}@${node.wsUrl}`, state: 'connected', connected: true }]);
      await waitUntil(async () => (await node.peers()).some((p) => p.nodeId === key.nodeId), 5_000, 'LDK to list us');
      expect(await within(manager.session(node.nodeId)!.ping(), 5_000, 'a pong')).toBeGreaterThanOrEqual(0);
      await manager.disconnect(node.nodeId);
      expect(events).toEqual([`connected ${node.nodeId}`, `disconnected ${node.nodeId} local`]);
      await waitUntil(async () => !(await node.peers()).some((p) => p.nodeId === key.nodeId), 5_000, 'LDK to drop us');
    } finally {
      await manager.close();
    }
  });
});
