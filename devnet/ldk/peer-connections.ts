/**
 * A node's peers: the WebSocket listener for inbound connections, outbound connections it was
 * asked to make (persistent ones are redialled when they drop), and the connected peers' details.
 */
import { toHex } from '../chain/bytes.ts';
import type { ldk } from './ldk.ts';
import type { NodeLogger } from './logger.ts';
import { waitUntil } from './wait.ts';
import { connectOutbound, listen, type PeerSocket, type TransportHooks, type WsListener } from './ws-transport.ts';

export interface PeerSummary {
  nodeId: string;
  inbound: boolean;
  /** Whether the peer's init message offered gossip_queries. */
  gossipQueries: boolean;
}

const RECONNECT_DELAY_MS = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;

export class PeerConnections {
  private readonly outbound = new Map<string, { url: string; persistent: boolean; socket?: PeerSocket }>();
  private listener: WsListener | undefined;
  private closed = false;

  constructor(
    private readonly peerManager: ldk.PeerManager,
    private readonly hooks: TransportHooks,
    private readonly logger: NodeLogger,
  ) {}

  async listen(port: number): Promise<void> {
    this.listener = await listen(this.peerManager, port, this.hooks);
  }

  get url(): string {
    return this.listener?.url ?? '';
  }

  list(): PeerSummary[] {
    return this.peerManager.list_peers().map((peer) => ({
      nodeId: toHex(peer.get_counterparty_node_id()),
      // The bindings return booleans as 0/1.
      inbound: Boolean(peer.get_is_inbound_connection()),
      gossipQueries: Boolean(peer.get_init_features().supports_gossip_queries()),
    }));
  }

  isConnected(nodeId: string): boolean {
    return this.list().some((peer) => peer.nodeId === nodeId);
  }

  /** Resolves once the peer is connected: BOLT 8 handshake and init exchange done. */
  async connect(nodeId: string, url: string, persistent: boolean): Promise<PeerSummary> {
    this.outbound.set(nodeId, { url, persistent });
    if (!this.isConnected(nodeId)) {
      await this.dial(nodeId);
      await waitUntil(() => this.isConnected(nodeId), CONNECT_TIMEOUT_MS, `connection to ${nodeId} at ${url}`);
    }
    return this.list().find((peer) => peer.nodeId === nodeId) as PeerSummary;
  }

  forget(nodeId: string): void {
    this.outbound.delete(nodeId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.outbound.clear();
    this.peerManager.disconnect_all_peers();
    await this.listener?.close();
  }

  private async dial(nodeId: string): Promise<void> {
    const target = this.outbound.get(nodeId);
    if (!target || this.closed) return;
    const socket = await connectOutbound(this.peerManager, nodeId, target.url, this.hooks);
    target.socket = socket;
    socket.onClosed(() => {
      const current = this.outbound.get(nodeId);
      if (this.closed || !current?.persistent || current.socket !== socket) return;
      setTimeout(() => this.redial(nodeId), RECONNECT_DELAY_MS).unref();
    });
  }

  private redial(nodeId: string): void {
    if (this.closed || this.isConnected(nodeId)) return;
    this.dial(nodeId).catch((error: unknown) => {
      this.logger.warn(`reconnecting to ${nodeId}: ${String(error)}`);
      if (!this.closed && this.outbound.get(nodeId)?.persistent) setTimeout(() => this.redial(nodeId), RECONNECT_DELAY_MS).unref();
    });
  }
}
