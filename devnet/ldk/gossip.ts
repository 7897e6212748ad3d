/**
 * BOLT 7 gossip: the NetworkGraph (persisted) and a P2PGossipSync that validates channel
 * announcements against the chain, relays gossip and answers peers' gossip queries.
 */
import { toHex } from '../chain/bytes.ts';
import type { ChainSource } from '../chain/source.ts';
import { outpointKey, parseTx } from '../chain/tx.ts';
import { ldk } from './ldk.ts';
import type { NodeStore } from './node-store.ts';

const GRAPH_FILE = 'graph.bin';

export function loadNetworkGraph(store: NodeStore, logger: ldk.Logger): ldk.NetworkGraph {
  const bytes = store.read(GRAPH_FILE);
  if (bytes) {
    const read = ldk.NetworkGraph.constructor_read(bytes, logger);
    if (read instanceof ldk.Result_NetworkGraphDecodeErrorZ_OK) return read.res;
  }
  return ldk.NetworkGraph.constructor_new(ldk.Network.LDKNetwork_Regtest, logger);
}

export function saveNetworkGraph(store: NodeStore, graph: ldk.NetworkGraph): void {
  store.write(GRAPH_FILE, graph.write());
}

/** Resolves a short channel id to its funding output, as gossip validation needs, if still unspent. */
export function chainUtxoLookup(chain: ChainSource): ldk.UtxoLookup {
  const unknown = () => ldk.UtxoResult.constructor_sync(ldk.Result_TxOutUtxoLookupErrorZ.constructor_err(ldk.UtxoLookupError.LDKUtxoLookupError_UnknownTx));
  return ldk.UtxoLookup.new_impl({
    get_utxo: (_chainHash, scid) => {
      const block = chain.blockAt(ldk.UtilMethods.constructor_block_from_scid(scid));
      const tx = block?.txs[ldk.UtilMethods.constructor_tx_index_from_scid(scid)];
      if (!tx) return unknown();
      const vout = ldk.UtilMethods.constructor_vout_from_scid(scid);
      const output = parseTx(tx.raw).outputs[vout];
      if (!output) return unknown();
      const unspent = chain.utxosForScript(output.script).some((utxo) => outpointKey(utxo.txid, utxo.vout) === outpointKey(tx.txid, vout));
      if (!unspent) return unknown();
      return ldk.UtxoResult.constructor_sync(ldk.Result_TxOutUtxoLookupErrorZ.constructor_ok(ldk.TxOut.constructor_new(output.value, output.script)));
    },
  });
}

export function makeGossipSync(graph: ldk.NetworkGraph, chain: ChainSource, logger: ldk.Logger): ldk.P2PGossipSync {
  return ldk.P2PGossipSync.constructor_new(graph, ldk.Option_UtxoLookupZ.constructor_some(chainUtxoLookup(chain)), logger);
}

export interface GraphChannel {
  scid: string;
  node1: string;
  node2: string;
  capacitySat: string | null;
  /** Whether each direction has a channel_update (node1 → node2, node2 → node1). */
  updates: [boolean, boolean];
}

export interface GraphSummary {
  channels: GraphChannel[];
  nodes: { nodeId: string; alias: string | null; channels: number }[];
}

export function summariseGraph(graph: ldk.NetworkGraph): GraphSummary {
  return withGraphView(graph, (view) => summariseView(view));
}

/**
 * A ReadOnlyNetworkGraph holds the graph's lock until freed; left to the garbage collector, it
 * makes the next gossip message panic LDK ("already borrowed").
 */
export function withGraphView<T>(graph: ldk.NetworkGraph, read: (view: ldk.ReadOnlyNetworkGraph) => T): T {
  const view = graph.read_only();
  try {
    return read(view);
  } finally {
    view.free();
  }
}

/**
 * The last channel_update of one direction of a channel, if it has one. The bindings hand back a
 * zeroed object, not null, for a direction without an update: only one naming this channel counts.
 */
export function lastUpdateOf(direction: ldk.ChannelUpdateInfo | null | undefined, scid: bigint): ldk.ChannelUpdate | null {
  const update = direction?.get_last_update_message();
  return update && update.get_contents().get_short_channel_id() === scid ? update : null;
}

/** Whether each direction of one channel ("block x tx x output") has a channel_update in the graph. */
export function channelUpdatesKnown(graph: ldk.NetworkGraph, scidText: string): [boolean, boolean] | null {
  const scid = scidFromText(scidText);
  return withGraphView(graph, (view) => {
    const info = view.channel(scid);
    if (!info) return null;
    return [lastUpdateOf(info.get_one_to_two(), scid) !== null, lastUpdateOf(info.get_two_to_one(), scid) !== null];
  });
}

/** The serialised channel_update of each direction of one channel in this graph (null where it has none). */
export function channelUpdateMessages(graph: ldk.NetworkGraph, scidText: string): [Uint8Array | null, Uint8Array | null] | null {
  const scid = scidFromText(scidText);
  return withGraphView(graph, (view) => {
    const info = view.channel(scid);
    if (!info) return null;
    return [lastUpdateOf(info.get_one_to_two(), scid)?.write() ?? null, lastUpdateOf(info.get_two_to_one(), scid)?.write() ?? null];
  });
}

/** Applies a signed channel_update (as another node holds it) to this graph; LDK checks it. */
export function applyChannelUpdate(graph: ldk.NetworkGraph, message: Uint8Array): boolean {
  const read = ldk.ChannelUpdate.constructor_read(message);
  if (!(read instanceof ldk.Result_ChannelUpdateDecodeErrorZ_OK)) return false;
  return graph.update_channel(read.res).is_ok();
}

function scidFromText(text: string): bigint {
  const [block, tx, output] = text.split('x').map(BigInt) as [bigint, bigint, bigint];
  return (block << 40n) | (tx << 16n) | output;
}

function summariseView(view: ldk.ReadOnlyNetworkGraph): GraphSummary {
  const channels = view.list_channels().flatMap((scid): GraphChannel[] => {
    const info = view.channel(scid);
    if (!info) return [];
    const capacity = info.get_capacity_sats();
    return [
      {
        scid: formatScid(scid),
        node1: toHex(info.get_node_one().as_slice()),
        node2: toHex(info.get_node_two().as_slice()),
        capacitySat: capacity instanceof ldk.Option_u64Z_Some ? capacity.some.toString() : null,
        updates: [lastUpdateOf(info.get_one_to_two(), scid) !== null, lastUpdateOf(info.get_two_to_one(), scid) !== null],
      },
    ];
  });
  const nodes = view.list_nodes().map((nodeId) => {
    const info = view.node(nodeId);
    const announcement = info?.get_announcement_info();
    const alias = announcement instanceof ldk.Option_NodeAnnouncementInfoZ_Some ? aliasText(announcement.some.alias().get_a()) : null;
    return { nodeId: toHex(nodeId.as_slice()), alias, channels: info?.get_channels().length ?? 0 };
  });
  return { channels, nodes };
}

export function formatScid(scid: bigint): string {
  return `${scid >> 40n}x${(scid >> 16n) & 0xffffffn}x${scid & 0xffffn}`;
}

function aliasText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).replace(/\0+$/, '');
}
