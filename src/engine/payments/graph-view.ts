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

/**
 * While gossip streams in, the graph's version moves with every message; rebuilding the routing
 * index for each (tens of milliseconds on 10,000 channels) would slow every payment made meanwhile.
 */
export const REINDEX_AT_MOST_EVERY_MS = 30_000;

export interface LiveGraphView extends GraphView {
  /** Picks up the graph as it is now on the next route search (after a failure's channel_update was applied). */
  refresh(): void;
  /** Whether the graph has changed since the version the view reports. */
  readonly stale: boolean;
}

/**
 * A view of the store whose `version` follows the store's changes at most every REINDEX_AT_MOST_EVERY_MS,
 * or at once after `refresh()`, so the routing index is rebuilt only when worth it.
 */
export function graphView(graph: GraphStore, now: () => number = Date.now): LiveGraphView {
  let version = graph.version;
  let advancedAt = now();
  return {
    get version() {
      if (graph.version !== version && now() - advancedAt >= REINDEX_AT_MOST_EVERY_MS) {
        version = graph.version;
        advancedAt = now();
      }
      return version;
    },
    get stale() {
      return graph.version !== version;
    },
    refresh() {
      version = graph.version;
      advancedAt = now();
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
