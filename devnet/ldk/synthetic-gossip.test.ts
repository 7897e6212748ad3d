/** A devnet LDK node serving synthetic gossip: LDK checks every signature, and the node starts with the graph under the expected id. */
import { afterAll, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { generateSyntheticGossip } from '../../bench/gossip/synthetic-gossip.ts';
import { LdkNode } from './ldk-node.ts';
import { networkGraphFromGossip, nodeSecretFromSeed, prepareServingNode } from './synthetic-gossip.ts';
import { temporaryDir, testChain } from './test-support/devnet.ts';

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('synthetic gossip served by a devnet LDK node', () => {
  const dir = temporaryDir('synthetic-gossip');
  const chain = testChain();
  const seed = new Uint8Array(32).fill(7);
  let node: LdkNode | undefined;

  afterAll(async () => {
    await node?.stop();
    chain.chain.close();
    dir.remove();
  });

  it('builds a graph LDK accepts in full, refuses a bad signature, and the node starts with it as the seed says', async () => {
    const secret = await nodeSecretFromSeed(seed);
    const gossip = generateSyntheticGossip({ channels: 40, nodes: 15, seed: 3, servingLinks: 4, servingNodeSecret: secret, nowSec: Math.floor(Date.now() / 1000) });
    expect(gossip.scids).toHaveLength(40);
    expect(gossip.servingPeers).toHaveLength(4);

    const built = await networkGraphFromGossip(gossip.messages);
    expect(built.rejected).toEqual({});
    expect(built.channels).toBe(40);
    expect(built.applied).toEqual({ channelAnnouncements: 40, channelUpdates: 80, nodeAnnouncements: 15 });

    // One flipped byte in the first channel_update's signature: LDK refuses that update only.
    const firstUpdate = gossip.messages.findIndex((m) => m[0] === 1 && m[1] === 2);
    const tampered = gossip.messages.map((m, i) => (i === firstUpdate ? Uint8Array.from(m, (byte, j) => (j === 10 ? byte ^ 1 : byte)) : m));
    const refused = await networkGraphFromGossip(tampered);
    expect(refused.applied.channelUpdates).toBe(79);
    expect(Object.values(refused.rejected)).toEqual([1]);

    prepareServingNode(dir.path, seed, built.bytes);
    expect(() => prepareServingNode(dir.path, seed, built.bytes)).toThrow(/already has a node seed/);
    node = await LdkNode.start({ name: 'serving', dataDir: dir.path, chain: chain.chain, logLevel: 'error' });
    expect(node.nodeId).toBe(toHex(secp256k1.getPublicKey(secret, true)));
    expect(node.nodeId).toBe(gossip.servingNodeId);
    const graph = await node.graph();
    expect(graph.channels).toHaveLength(40);
    expect(graph.channels.every((c) => c.updates.every(Boolean))).toBe(true);
    expect(graph.nodes.filter((n) => n.alias?.startsWith('synthetic-'))).toHaveLength(15);
    expect(graph.nodes.find((n) => n.nodeId === node!.nodeId)?.channels).toBe(4);
  });
});
