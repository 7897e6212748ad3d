export {
  GraphStore,
  STALE_AFTER_SEC,
  type ApplyResult,
  type GraphStats,
  type GraphStoreOptions,
  type PruneResult,
} from './graph-store.ts';
export {
  GossipSync,
  QUERY_FLAG_ANNOUNCEMENT,
  QUERY_FLAG_NODE_1,
  QUERY_FLAG_NODE_2,
  QUERY_FLAG_UPDATE_1,
  QUERY_FLAG_UPDATE_2,
  type GossipCounters,
  type GossipPeerProgress,
  type GossipPhase,
  type GossipSyncOptions,
  type GossipSyncStatus,
} from './gossip-sync.ts';
export type { ChannelDirection, GraphChannel, GraphNode, PrivateUpdate } from './records.ts';
