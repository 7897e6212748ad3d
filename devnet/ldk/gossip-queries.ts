/**
 * Answers BOLT 7 `query_short_channel_ids`, which LDK 0.1's P2PGossipSync leaves unimplemented
 * (it answers `query_channel_range` and `gossip_timestamp_filter` itself). The routing handler
 * given to the PeerManager wraps the P2PGossipSync and diverts that one query here; the replies
 * (channel_announcement, channel_updates, node_announcements, then reply_short_channel_ids_end)
 * go out in order through the PeerManager's custom-message queue, which sends any message type.
 */
import { lastUpdateOf, withGraphView } from './gossip.ts';
import { ldk } from './ldk.ts';

const MESSAGE = { channelAnnouncement: 256, nodeAnnouncement: 257, channelUpdate: 258, replyShortChannelIdsEnd: 262 } as const;

interface OutgoingMessage {
  peer: Uint8Array;
  type: number;
  body: Uint8Array;
}

export class ShortChannelIdQueries {
  readonly customMessageHandler: ldk.CustomMessageHandler;
  private readonly outbox: OutgoingMessage[] = [];

  constructor(private readonly graph: ldk.NetworkGraph) {
    this.customMessageHandler = ldk.CustomMessageHandler.new_impl(
      {
        handle_custom_message: () => ldk.Result_NoneLightningErrorZ.constructor_ok(),
        get_and_clear_pending_msg: () =>
          this.outbox.splice(0).map((message) => ldk.TwoTuple_PublicKeyTypeZ.constructor_new(message.peer, rawMessage(message.type, message.body))),
        peer_disconnected: (peer) => {
          for (let i = this.outbox.length - 1; i >= 0; i--) {
            if ((this.outbox[i] as OutgoingMessage).peer.every((byte, j) => byte === peer[j])) this.outbox.splice(i, 1);
          }
        },
        peer_connected: () => ldk.Result_NoneNoneZ.constructor_ok(),
        provided_node_features: () => ldk.NodeFeatures.constructor_empty(),
        provided_init_features: () => ldk.InitFeatures.constructor_empty(),
      },
      // No custom message types are read: unknown messages stay unknown.
      { read: () => ldk.Result_COption_TypeZDecodeErrorZ.constructor_ok(ldk.Option_TypeZ.constructor_none()) },
    );
  }

  /** `gossipSync`'s routing handler, with query_short_channel_ids answered here. */
  wrap(gossipSync: ldk.P2PGossipSync): ldk.RoutingMessageHandler {
    const inner = gossipSync.as_RoutingMessageHandler();
    const events = gossipSync.as_MessageSendEventsProvider();
    return ldk.RoutingMessageHandler.new_impl(
      {
        handle_node_announcement: (peer, msg) => inner.handle_node_announcement(peer, msg),
        handle_channel_announcement: (peer, msg) => inner.handle_channel_announcement(peer, msg),
        handle_channel_update: (peer, msg) => inner.handle_channel_update(peer, msg),
        get_next_channel_announcement: (start) => inner.get_next_channel_announcement(start),
        get_next_node_announcement: (start) => inner.get_next_node_announcement(start),
        peer_connected: (peer, init, inbound) => inner.peer_connected(peer, init, inbound),
        handle_reply_channel_range: (peer, msg) => inner.handle_reply_channel_range(peer, msg),
        handle_reply_short_channel_ids_end: (peer, msg) => inner.handle_reply_short_channel_ids_end(peer, msg),
        handle_query_channel_range: (peer, msg) => inner.handle_query_channel_range(peer, msg),
        handle_query_short_channel_ids: (peer, msg) => {
          this.answer(peer, msg);
          return ldk.Result_NoneLightningErrorZ.constructor_ok();
        },
        processing_queue_high: () => inner.processing_queue_high(),
        provided_node_features: () => inner.provided_node_features(),
        provided_init_features: (peer) => inner.provided_init_features(peer),
      },
      { get_and_clear_pending_msg_events: () => events.get_and_clear_pending_msg_events() },
    );
  }

  private answer(peer: Uint8Array, query: ldk.QueryShortChannelIds): void {
    const chainHash = query.get_chain_hash();
    const ours = this.graph.get_chain_hash().every((byte, i) => byte === chainHash[i]);
    const replies: OutgoingMessage[] = [];
    const push = (type: number, message: { write(): Uint8Array } | null | undefined) => {
      if (message) replies.push({ peer, type, body: message.write() });
    };
    if (ours) {
      withGraphView(this.graph, (view) => {
        const nodes = new Map<string, ldk.NodeId>();
        for (const scid of query.get_short_channel_ids()) {
          const channel = view.channel(scid);
          if (!channel) continue;
          push(MESSAGE.channelAnnouncement, channel.get_announcement_message());
          push(MESSAGE.channelUpdate, lastUpdateOf(channel.get_one_to_two(), scid));
          push(MESSAGE.channelUpdate, lastUpdateOf(channel.get_two_to_one(), scid));
          for (const node of [channel.get_node_one(), channel.get_node_two()]) nodes.set(node.to_str(), node);
        }
        for (const node of nodes.values()) {
          const announcement = view.node(node)?.get_announcement_info();
          if (announcement instanceof ldk.Option_NodeAnnouncementInfoZ_Some) push(MESSAGE.nodeAnnouncement, announcement.some.announcement_message());
        }
      });
    }
    const end = new Uint8Array(33);
    end.set(chainHash);
    end[32] = ours ? 1 : 0;
    replies.push({ peer, type: MESSAGE.replyShortChannelIdsEnd, body: end });
    this.outbox.push(...replies);
  }
}

function rawMessage(type: number, body: Uint8Array): ldk.Type {
  return ldk.Type.new_impl({ type_id: () => type, debug_str: () => `gossip reply type ${type}`, write: () => body });
}
