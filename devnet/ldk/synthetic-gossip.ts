/**
 * Serving a synthetic public graph from a devnet LDK node: its NetworkGraph file (`graph.bin` in the
 * node's data dir, which LdkNode loads on start) is built from signed BOLT 7 gossip given as wire
 * bytes, so the node answers peers' gossip queries for those channels exactly as for real ones.
 *
 * The channels have no funding output on the devnet chain, so they are added without a UTXO lookup
 * (LDK then records no capacity); every signature is still checked by LDK. A node fed this way that
 * validates against the chain (a peer of the serving node) rejects them, which is what a real node
 * does with unfunded channels.
 */
import { ldk, loadLdk } from './ldk.ts';
import { NodeStore } from './node-store.ts';

const TYPE = { channelAnnouncement: 256, nodeAnnouncement: 257, channelUpdate: 258 } as const;
const GRAPH_FILE = 'graph.bin';
const SEED_FILE = 'seed';

export interface GraphBuild {
  /** The NetworkGraph as LdkNode persists it. */
  bytes: Uint8Array;
  channels: number;
  nodes: number;
  applied: { channelAnnouncements: number; channelUpdates: number; nodeAnnouncements: number };
  /** Messages LDK refused, by its error text: any is a bug in the generated gossip. */
  rejected: Record<string, number>;
}

/** The node secret LDK's KeysManager derives from a node seed (what signs its gossip). */
export async function nodeSecretFromSeed(seed: Uint8Array): Promise<Uint8Array> {
  await loadLdk();
  if (seed.length !== 32) throw new Error(`a node seed is 32 bytes, not ${seed.length}`);
  return ldk.KeysManager.constructor_new(seed, 0n, 0).get_node_secret_key();
}

/**
 * Applies wire messages (2-byte type first) in order to a fresh regtest NetworkGraph: announcements
 * before the updates and node announcements that refer to them.
 */
export async function networkGraphFromGossip(messages: Iterable<Uint8Array>): Promise<GraphBuild> {
  await loadLdk();
  const logger = ldk.Logger.new_impl({ log: () => undefined });
  const graph = ldk.NetworkGraph.constructor_new(ldk.Network.LDKNetwork_Regtest, logger);
  const applied = { channelAnnouncements: 0, channelUpdates: 0, nodeAnnouncements: 0 };
  const rejected: Record<string, number> = {};
  const outcome = (result: ldk.Result_NoneLightningErrorZ, counter: keyof typeof applied) => {
    if (result instanceof ldk.Result_NoneLightningErrorZ_OK) applied[counter]++;
    else {
      const reason = (result as ldk.Result_NoneLightningErrorZ_Err).err.get_err();
      rejected[reason] = (rejected[reason] ?? 0) + 1;
    }
  };
  const undecodable = (type: number) => {
    rejected[`undecodable message of type ${type}`] = (rejected[`undecodable message of type ${type}`] ?? 0) + 1;
  };
  for (const message of messages) {
    const type = (message[0]! << 8) | message[1]!;
    const body = message.subarray(2);
    if (type === TYPE.channelAnnouncement) {
      const read = ldk.ChannelAnnouncement.constructor_read(body);
      if (read instanceof ldk.Result_ChannelAnnouncementDecodeErrorZ_OK) outcome(graph.update_channel_from_announcement_no_lookup(read.res), 'channelAnnouncements');
      else undecodable(type);
    } else if (type === TYPE.channelUpdate) {
      const read = ldk.ChannelUpdate.constructor_read(body);
      if (read instanceof ldk.Result_ChannelUpdateDecodeErrorZ_OK) outcome(graph.update_channel(read.res), 'channelUpdates');
      else undecodable(type);
    } else if (type === TYPE.nodeAnnouncement) {
      const read = ldk.NodeAnnouncement.constructor_read(body);
      if (read instanceof ldk.Result_NodeAnnouncementDecodeErrorZ_OK) outcome(graph.update_node_from_announcement(read.res), 'nodeAnnouncements');
      else undecodable(type);
    } else {
      rejected[`not gossip: type ${type}`] = (rejected[`not gossip: type ${type}`] ?? 0) + 1;
    }
  }
  const view = graph.read_only();
  try {
    return { bytes: graph.write(), channels: view.list_channels().length, nodes: view.list_nodes().length, applied, rejected };
  } finally {
    view.free();
  }
}

/**
 * Prepares a node data dir that does not exist yet (or has no seed): the given seed, so the node's id
 * (and so the gossip signed for it) is known in advance, and the graph it starts with.
 */
export function prepareServingNode(dataDir: string, seed: Uint8Array, graphBytes: Uint8Array): void {
  const store = new NodeStore(dataDir);
  if (store.read(SEED_FILE)) throw new Error(`${dataDir} already has a node seed`);
  store.write(SEED_FILE, seed);
  store.write(GRAPH_FILE, graphBytes);
}
