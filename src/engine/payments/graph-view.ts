/** The gossip graph as the pathfinder reads it. */
import { formatScid } from '../../protocol/codec/codec.ts';
import type { GraphStore } from '../gossip/graph-store.ts';
import type { ChannelDirection } from '../gossip/records.ts';
import type { ChannelPolicy, GraphChannel, GraphView } from '../routing/types.ts';

function policyOf(update: ChannelDirection | null): ChannelPolicy | undefined {
  if (!update) return undefined;
  return {
    feeBaseMsat: update.feeBaseMsat,
    feeProportionalMillionths: update.feeProportionalMillionths,
    cltvExpiryDelta: update.cltvExpiryDelta,
    htlcMinimumMsat: Number(update.htlcMinimumMsat),
    htlcMaximumMsat: Number(update.htlcMaximumMsat),
    disabled: update.disabled,
  };
}

/** A live view: `version` follows the store's changes, so the routing index is rebuilt only when the graph moved. */
export function graphView(graph: GraphStore): GraphView {
  return {
    get version() {
      return graph.version;
    },
    *channels(): Iterable<GraphChannel> {
      for (const channel of graph.channels()) {
        const capacity = graph.capacityMsat(channel);
        yield {
          scid: formatScid(channel.scid),
          node1: channel.node1,
          node2: channel.node2,
          capacitySat: capacity === null ? undefined : Number(capacity / 1000n),
          node1Policy: policyOf(channel.updates[0]),
          node2Policy: policyOf(channel.updates[1]),
        };
      }
    },
  };
}
