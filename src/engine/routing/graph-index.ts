/**
 * The search's index of a graph view: nodes and channels numbered in a canonical order (node ids
 * and short channel ids sorted, so results do not depend on the view's iteration order), usable
 * directed edges in flat typed arrays, and for each node the edges that lead into it (the search
 * runs from the payee backwards). Built once per view version and cached.
 */
import { parseScid } from './fees.ts';
import type { ChannelPolicy, GraphChannel, GraphView, NodeId, Scid } from './types.ts';

export class RoutingGraph {
  readonly nodeIds: readonly NodeId[];
  readonly nodeIndex: ReadonlyMap<NodeId, number>;
  readonly scids: readonly Scid[];
  readonly scidIndex: ReadonlyMap<Scid, number>;
  /** Per channel, msat; -1 when unknown. */
  readonly capacityMsat: Float64Array;
  /** Usable directed edges (a policy was seen and it is not disabled). */
  readonly edgeCount: number;
  readonly edgeSrc: Int32Array;
  readonly edgeDst: Int32Array;
  readonly edgeChannel: Int32Array;
  /** BOLT 7 direction bit of each edge. */
  readonly edgeDirection: Uint8Array;
  readonly feeBase: Float64Array;
  readonly feeProportional: Float64Array;
  readonly cltvDelta: Float64Array;
  readonly htlcMin: Float64Array;
  /** Infinity when no maximum is advertised. */
  readonly htlcMax: Float64Array;
  /** Edges into node v: inEdges[inStart[v] .. inStart[v + 1]). */
  readonly inStart: Int32Array;
  readonly inEdges: Int32Array;
  /** Edge of channel c in direction d at 2c + d; -1 when not usable. */
  readonly channelEdge: Int32Array;

  constructor(
    readonly version: number | string,
    channels: Iterable<GraphChannel>,
  ) {
    const parsed: { channel: GraphChannel; block: number; tx: number; output: number }[] = [];
    for (const channel of channels) {
      let id;
      try {
        id = parseScid(channel.scid);
      } catch {
        continue; // not a usable id: leave the channel out
      }
      if (channel.node1 === channel.node2) continue;
      parsed.push({ channel, block: id.block, tx: id.txIndex, output: id.outputIndex });
    }
    parsed.sort((a, b) => a.block - b.block || a.tx - b.tx || a.output - b.output);

    const nodeSet = new Set<NodeId>();
    const kept: GraphChannel[] = [];
    const scidIndex = new Map<Scid, number>();
    for (const { channel } of parsed) {
      if (scidIndex.has(channel.scid)) continue; // a duplicate: the first one wins
      scidIndex.set(channel.scid, kept.length);
      kept.push(channel);
      nodeSet.add(channel.node1);
      nodeSet.add(channel.node2);
    }
    const nodeIds = [...nodeSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const nodeIndex = new Map<NodeId, number>();
    nodeIds.forEach((id, index) => nodeIndex.set(id, index));

    const channelCount = kept.length;
    const capacityMsat = new Float64Array(channelCount);
    const channelEdge = new Int32Array(2 * channelCount).fill(-1);
    const src = new Int32Array(2 * channelCount);
    const dst = new Int32Array(2 * channelCount);
    const chan = new Int32Array(2 * channelCount);
    const dir = new Uint8Array(2 * channelCount);
    const base = new Float64Array(2 * channelCount);
    const proportional = new Float64Array(2 * channelCount);
    const delta = new Float64Array(2 * channelCount);
    const min = new Float64Array(2 * channelCount);
    const max = new Float64Array(2 * channelCount);
    let edgeCount = 0;
    // Node indices follow the ids' order, so comparing indices gives the BOLT 7 direction.
    const addEdge = (c: number, from: number, to: number, policy: ChannelPolicy | undefined): void => {
      if (policy === undefined || policy.disabled) return;
      const e = edgeCount++;
      const d = from < to ? 0 : 1;
      channelEdge[2 * c + d] = e;
      src[e] = from;
      dst[e] = to;
      chan[e] = c;
      dir[e] = d;
      base[e] = policy.feeBaseMsat;
      proportional[e] = policy.feeProportionalMillionths;
      delta[e] = policy.cltvExpiryDelta;
      min[e] = policy.htlcMinimumMsat;
      max[e] = policy.htlcMaximumMsat ?? Infinity;
    };
    for (let c = 0; c < channelCount; c++) {
      const channel = kept[c]!;
      capacityMsat[c] = channel.capacitySat === undefined ? -1 : channel.capacitySat * 1000;
      const node1 = nodeIndex.get(channel.node1)!;
      const node2 = nodeIndex.get(channel.node2)!;
      addEdge(c, node1, node2, channel.node1Policy);
      addEdge(c, node2, node1, channel.node2Policy);
    }

    const nodeCount = nodeIds.length;
    const inStart = new Int32Array(nodeCount + 1);
    for (let e = 0; e < edgeCount; e++) inStart[dst[e]! + 1]!++;
    for (let v = 0; v < nodeCount; v++) inStart[v + 1]! += inStart[v]!;
    const fill = inStart.slice(0, nodeCount);
    const inEdges = new Int32Array(edgeCount);
    for (let e = 0; e < edgeCount; e++) inEdges[fill[dst[e]!]!++] = e;

    this.nodeIds = nodeIds;
    this.nodeIndex = nodeIndex;
    this.scids = kept.map((channel) => channel.scid);
    this.scidIndex = scidIndex;
    this.capacityMsat = capacityMsat;
    this.edgeCount = edgeCount;
    this.edgeSrc = src.slice(0, edgeCount);
    this.edgeDst = dst.slice(0, edgeCount);
    this.edgeChannel = chan.slice(0, edgeCount);
    this.edgeDirection = dir.slice(0, edgeCount);
    this.feeBase = base.slice(0, edgeCount);
    this.feeProportional = proportional.slice(0, edgeCount);
    this.cltvDelta = delta.slice(0, edgeCount);
    this.htlcMin = min.slice(0, edgeCount);
    this.htlcMax = max.slice(0, edgeCount);
    this.inStart = inStart;
    this.inEdges = inEdges;
    this.channelEdge = channelEdge;
  }

  get nodeCount(): number {
    return this.nodeIds.length;
  }

  get channelCount(): number {
    return this.scids.length;
  }
}

export const EMPTY_GRAPH = new RoutingGraph('empty', []);

const cache = new WeakMap<GraphView, RoutingGraph>();

/** The index of a view at its current version, from the cache when the version has not changed. */
export function routingGraph(view: GraphView | undefined): RoutingGraph {
  if (view === undefined) return EMPTY_GRAPH;
  const cached = cache.get(view);
  if (cached !== undefined && cached.version === view.version) return cached;
  const built = new RoutingGraph(view.version, view.channels());
  cache.set(view, built);
  return built;
}
