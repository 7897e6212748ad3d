/**
 * The Lightning side of the wallet as one piece: peer connections (kept and remembered), the
 * node with its channels, and a chain poll. The worker, the CLI and the interop tests all run this.
 */
import { ChainWatcher } from '../chain/chain-watcher.ts';
import { EsploraClient } from '../chain/esplora-client.ts';
import type { ChannelPolicy } from '../channel/policy.ts';
import type { Effect } from '../channel/state.ts';
import { EngineError } from '../engine-error.ts';
import { GossipSync, GraphStore } from '../gossip/index.ts';
import { PaymentSender } from '../payments/outgoing.ts';
import { formatPeerUri, parseNodeId, parsePeerUri } from '../peer-uri.ts';
import { PeerManager, type BackoffOptions } from '../peer/index.ts';
import { put, type Store } from '../storage/store.ts';
import type { WebSocketLike } from '../transport/index.ts';
import type { Wallet } from '../wallet/wallet.ts';
import { formatScid } from '../../protocol/codec/codec.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { LightningNode } from './node.ts';
import type { ChannelInfo, DecodedInvoice, GraphInfo, LightningApi, PaymentInfo, PeerInfo } from './types.ts';

export interface LightningServiceOptions {
  wallet: Wallet;
  store: Store;
  network: NetworkName;
  esploraUrl: string;
  createSocket: (url: string) => WebSocketLike;
  policy?: Partial<ChannelPolicy>;
  /** How often the chain is polled (default 10 s; the devnet tests use less). */
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
  beforeEffect?: (channelKey: string, effect: Effect, index: number) => void;
  log?: (message: string) => void;
  /** Feerate for funding and closing (sat/kw); by default from the wallet's fee estimates. */
  feeratePerKw?: () => Promise<number>;
}

const CONNECT_WAIT_MS = 15_000;

export class LightningService {
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;
  #detachGossip: () => void = () => {};

  private constructor(
    readonly node: LightningNode,
    readonly peers: PeerManager,
    private readonly store: Store,
    readonly graphStore: GraphStore,
    readonly gossip: GossipSync,
    readonly sender: PaymentSender,
  ) {}

  static async start(o: LightningServiceOptions): Promise<LightningService> {
    const keys = o.wallet.lightningKeys();
    const esplora = new EsploraClient(o.esploraUrl);
    const watcher = new ChainWatcher(esplora, { watchMempool: true, network: o.network });
    const peers = new PeerManager({ nodeSecret: keys.nodeKey().secret, network: o.network, createSocket: o.createSocket, ...(o.backoff ? { backoff: o.backoff } : {}) });
    const feeratePerKw = o.feeratePerKw ?? (async () => Math.max(253, Math.ceil((await o.wallet.feeRates()).normal * 250)));
    const node = await LightningNode.open({
      store: o.store,
      network: o.network,
      keys,
      esplora,
      watcher,
      peers,
      wallet: {
        buildFunding: (script, amountSat, rate) => o.wallet.buildFunding(script, amountSat, rate),
        publish: (raw) => o.wallet.publishFunding(raw),
        closeScript: async () => o.wallet.closeScript(),
        feeratePerKw,
      },
      ...(o.policy ? { policy: o.policy } : {}),
      ...(o.beforeEffect ? { beforeEffect: o.beforeEffect } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    peers.on('connected', (nodeId) => void node.peerConnected(nodeId));
    peers.on('disconnected', (nodeId) => void node.peerDisconnected(nodeId));
    peers.on('message', (nodeId, message) => node.peerMessage(nodeId, message));
    // The graph is learnt in the background; payments route with whatever it holds so far.
    const graph = await GraphStore.open(o.store);
    const gossip = new GossipSync({ graph, network: o.network, isOwnChannel: (scid, peer) => node.isOwnChannel(formatScid(scid), peer) });
    const sender = await PaymentSender.open({ store: o.store, network: o.network, nodeId: node.nodeId, records: node.payments, channels: node, graph, ...(o.log ? { log: o.log } : {}) });
    node.onOutgoingHtlc((event) => sender.onOutgoing(event));
    // Before any peer reconnects: payments pending at the last stop are matched with the HTLCs still in channels.
    await sender.resume();
    const service = new LightningService(node, peers, o.store, graph, gossip, sender);
    service.#detachGossip = gossip.attach(peers);
    await node.pollChain().catch((e) => o.log?.(`chain poll failed: ${String(e)}`));
    for (const entry of await o.store.list('peers')) {
      const { uri, trusted } = entry.value as { uri?: unknown; trusted?: unknown };
      if (trusted === true) node.setTrusted(entry.key, true);
      if (typeof uri === 'string') peers.connect(uri);
    }
    service.#timer = setInterval(() => {
      if (!service.#stopped) void node.pollChain().catch((e) => o.log?.(`chain poll failed: ${String(e)}`));
    }, o.pollIntervalMs ?? 10_000);
    return service;
  }

  /** Connects to a peer and remembers it, so it is reconnected after a restart. */
  async peerConnect(uri: string): Promise<PeerInfo> {
    const peer = parsePeerUri(uri);
    await this.store.commit([put('peers', peer.nodeId, { uri: formatPeerUri(peer), trusted: this.node.isTrusted(peer.nodeId) })]);
    this.peers.connect(peer);
    return this.peerInfo(peer.nodeId)!;
  }

  /** Trust (or stop trusting) a peer for zero-conf channels; remembered with the peer. */
  async peerTrust(nodeId: string, trusted: boolean): Promise<PeerInfo> {
    const id = parseNodeId(nodeId);
    const status = this.peers.peers().find((p) => p.nodeId === id);
    if (!status) throw new EngineError('peer_unavailable', 'Connect to this peer first.');
    this.node.setTrusted(id, trusted);
    await this.store.commit([put('peers', id, { uri: status.uri, trusted })]);
    return this.peerInfo(id)!;
  }

  peerInfo(nodeId: string): PeerInfo | undefined {
    return this.peersInfo().find((p) => p.nodeId === nodeId);
  }

  peersInfo(): PeerInfo[] {
    return this.peers.peers().map((s) => ({
      nodeId: s.nodeId,
      uri: s.uri,
      connected: s.connected,
      ...(s.lastError ? { lastError: s.lastError } : {}),
      ...(s.retryInSec !== undefined ? { retryInSec: s.retryInSec } : {}),
      trusted: this.node.isTrusted(s.nodeId),
    }));
  }

  /** Resolves once the peer is connected, or fails with its last error after a while. */
  async waitConnected(nodeId: string, timeoutMs = CONNECT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.peers.isConnected(nodeId)) {
      if (Date.now() > deadline) {
        const last = this.peerInfo(nodeId)?.lastError;
        throw new EngineError('peer_unavailable', `Could not reach the peer${last ? `: ${last}` : ''}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** `peer` is a node id we know, or a peer URI (connected first). */
  async channelOpen(peer: string, sats: number | bigint, pushMsat: number | bigint = 0): Promise<ChannelInfo> {
    const nodeId = peer.includes('@') ? (await this.peerConnect(peer)).nodeId : parseNodeId(peer);
    if (!this.peers.peers().some((p) => p.nodeId === nodeId)) throw new EngineError('peer_unavailable', 'Connect to this peer first: give its full address, <node id>@ws://host:port.');
    await this.waitConnected(nodeId);
    return this.node.openChannel(nodeId, BigInt(sats), BigInt(pushMsat));
  }

  channels(): ChannelInfo[] {
    return this.node.channels();
  }

  channelClose(channelId: string, force = false): Promise<ChannelInfo> {
    return this.node.closeChannel(channelId, { force });
  }

  createInvoice(amountMsat: bigint | null, description: string, expirySec?: number): Promise<string> {
    return this.node.createInvoice(amountMsat, description, expirySec);
  }

  /** An invoice paying this wallet (`amountMsat` null: the payer chooses), listed in payments() as pending until paid or expired. */
  invoiceCreate(amountMsat: bigint | null, description: string, expirySec?: number): Promise<PaymentInfo> {
    return this.node.invoiceCreate({ amountMsat, description, ...(expirySec !== undefined ? { expirySec } : {}) });
  }

  /** Pays an invoice through our channels; resolves once it succeeded or failed (refusals before paying throw EngineError). */
  pay(bolt11: string, amountMsat?: bigint, maxFeeMsat?: bigint): Promise<PaymentInfo> {
    return this.sender.pay({ bolt11, amountMsat, maxFeeMsat });
  }

  invoiceDecode(text: string, amountMsat?: bigint): DecodedInvoice {
    return this.sender.decode(text, amountMsat);
  }

  /** Every payment, sent and received, newest first. */
  payments(): PaymentInfo[] {
    return this.node.payments.list();
  }

  graph(): GraphInfo {
    const stats = this.graphStore.stats();
    return { nodes: stats.nodes, channels: stats.channels, lastSync: stats.lastSync === null ? null : stats.lastSync * 1000, syncing: this.gossip.status().syncing !== null };
  }

  /** The calls the UI makes, with the shapes of LightningApi. */
  api(): { [K in keyof LightningApi]: (args: Parameters<LightningApi[K]>[0]) => Promise<ReturnType<LightningApi[K]>> } {
    return {
      peerConnect: ({ uri }) => this.peerConnect(uri),
      peers: async () => this.peersInfo(),
      peerTrust: ({ nodeId, trusted }) => this.peerTrust(nodeId, trusted),
      channelOpen: ({ peer, sats, pushMsat }) => this.channelOpen(peer, sats, pushMsat ?? 0),
      channels: async () => this.channels(),
      channelClose: ({ channelId, force }) => this.channelClose(channelId, force ?? false),
      invoiceCreate: async ({ amountMsat, description, expirySec }) => this.invoiceCreate(amountMsat === null ? null : optionalMsat(amountMsat)!, description, expirySec),
      invoiceDecode: async ({ text, amountMsat }) => this.invoiceDecode(text, optionalMsat(amountMsat)),
      pay: ({ bolt11, amountMsat, maxFeeMsat }) => this.pay(bolt11, optionalMsat(amountMsat), optionalMsat(maxFeeMsat)),
      payments: async () => this.payments(),
      graph: async () => this.graph(),
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.node.stop();
    this.#detachGossip();
    await this.peers.close();
    // Unsaved gossip only costs a little re-sync next time.
    await this.graphStore.close().catch(() => undefined);
  }
}

/** Amounts from the UI are numbers of msat; a fraction or a negative one is refused. */
function optionalMsat(value: number | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new EngineError('invalid_amount', 'Amounts are whole, non-negative numbers of millisatoshis.');
  return BigInt(value);
}
