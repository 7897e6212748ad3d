/**
 * One devnet Lightning node on LDK's WebAssembly build: follows a ChainSource, persists to its
 * data directory, listens for WebSocket peers and offers the operations the admin API exposes.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex } from '../chain/bytes.ts';
import type { ChainSource } from '../chain/source.ts';
import { makeBroadcaster } from './broadcaster.ts';
import { ChainFollower } from './chain-follower.ts';
import { optionalU64, summariseChannel, type ChannelSummary } from './channel-summary.ts';
import { DEFAULT_FEE_RATES, makeFeeEstimator, type FeeRates } from './fee-estimator.ts';
import { applyChannelUpdate, channelUpdateMessages, channelUpdatesKnown, saveNetworkGraph, summariseGraph, withGraphView, type GraphSummary } from './gossip.ts';
import { ldk, loadLdk } from './ldk.ts';
import { NodeLogger, type LogLevel } from './logger.ts';
import { MANAGER_FILE, buildComponents, type NodeComponents } from './node-components.ts';
import { NodeEventHandler, randomUserChannelId, type NodeEvent, type OpenWaiter } from './node-events.ts';
import { NodeStore } from './node-store.ts';
import { OnchainWallet, type WalletBalance } from './onchain-wallet.ts';
import { PaymentStore, type PaymentRecord } from './payment-store.ts';
import { DEFAULT_CHANNEL_POLICY, makeOpenOverride, makeUserConfig, type ChannelPolicy } from './user-config.ts';
import { waitUntil } from './wait.ts';
import { PeerConnections, type PeerSummary } from './peer-connections.ts';
import type { TransportHooks } from './ws-transport.ts';

export type { PeerSummary };

export interface LdkNodeOptions {
  name: string;
  dataDir: string;
  chain: ChainSource;
  /** Port of the WebSocket listener on 127.0.0.1; 0 (default) picks a free one. */
  wsPort?: number;
  /** Node alias in node_announcement (default: the name). */
  alias?: string;
  /** Peers whose inbound channels are accepted as zero-conf (node ids, hex). Added to those saved in the data dir. */
  trustedPeers?: string[];
  feeRates?: Partial<FeeRates>;
  channelPolicy?: Partial<ChannelPolicy>;
  /** Console log level (default warn); `<data dir>/node.log` gets debug and above. */
  logLevel?: LogLevel;
}

export interface NodeInfo {
  name: string;
  nodeId: string;
  alias: string;
  wsUrl: string;
  blockHeight: number;
  channels: number;
  usableChannels: number;
  peers: string[];
}

export interface NodeBalance {
  onchain: WalletBalance;
  lightning: {
    /** Sum of our side of every open channel. */
    localMsat: number;
    /** What usable channels let us send / receive right now. */
    spendableMsat: number;
    receivableMsat: number;
    /** Funds of closed or closing channels still to be claimed on-chain. */
    claimableOnchainSat: number;
  };
}

export interface PaymentResult {
  paymentHash: string;
  status: PaymentRecord['status'];
  amountMsat: number | null;
  preimage?: string;
  feeMsat?: number;
  failureReason?: string;
}

export interface OpenOptions {
  pushMsat?: number | bigint;
  /** Use the channel unconfirmed if the acceptor offers zero-conf (an LDK acceptor does for peers it trusts); otherwise wait for 1+ confirmations. */
  zeroconf?: boolean;
  /** Announce the channel (BOLT 7); default false. */
  public?: boolean;
}

export interface OpenResult {
  channelId: string;
  temporaryChannelId: string;
  fundingTxid: string;
  fundingVout: number;
}

const TRUSTED_PEERS_FILE = 'trusted-peers.json';
const PEER_TIMER_MS = 10_000;
const MANAGER_TIMER_MS = 60_000;
const HOUSEKEEPING_MS = 100;
const MANAGER_PERSIST_DELAY_MS = 50;
const NODE_ANNOUNCEMENT_INTERVAL_MS = 60_000;
const OPEN_TIMEOUT_MS = 30_000;
const PAY_TIMEOUT_MS = 60_000;
const HTLC_SETTLE_TIMEOUT_MS = 5_000;
const PAYMENT_ATTEMPTS = 3;

export class LdkNode {
  readonly name: string;
  readonly nodeId: string;
  readonly alias: string;
  readonly wallet: OnchainWallet;
  private readonly cm: ldk.ChannelManager;
  private readonly pm: ldk.PeerManager;
  private readonly follower: ChainFollower;
  private readonly events: NodeEventHandler;
  private readonly listeners = new Set<(event: NodeEvent) => void>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly armedCallbacks = new Set<ldk.FutureCallback>();
  private readonly peerConnections: PeerConnections;
  private pumpScheduled = false;
  private managerWrite: NodeJS.Timeout | undefined;
  private stopped = false;
  private announcedChannels = 0;
  private lastNodeAnnouncement = 0;

  private constructor(
    options: LdkNodeOptions,
    private readonly store: NodeStore,
    private readonly logger: NodeLogger,
    private readonly components: NodeComponents,
    private readonly feeRates: FeeRates,
    private readonly policy: ChannelPolicy,
    private readonly paymentStore: PaymentStore,
    private readonly trustedPeers: Set<string>,
    wallet: OnchainWallet,
  ) {
    this.name = options.name;
    this.alias = options.alias ?? options.name;
    this.cm = components.channelManager;
    this.pm = components.peerManager;
    this.wallet = wallet;
    this.nodeId = toHex(this.cm.get_our_node_id());
    this.events = new NodeEventHandler({
      channelManager: this.cm,
      sweeper: components.sweeper,
      wallet,
      payments: paymentStore,
      fundingFeeRate: () => this.feeRates[ldk.ConfirmationTarget.LDKConfirmationTarget_NonAnchorChannelFee],
      isTrusted: (nodeId) => this.trustedPeers.has(nodeId),
      schedulePump: () => this.schedulePump(),
      emit: (event) => this.emit(event),
      log: logger,
    });
    this.peerConnections = new PeerConnections(this.pm, this.transportHooks(), logger);
    this.follower = new ChainFollower(
      options.chain,
      [this.cm.as_Confirm(), components.chainMonitor.as_Confirm(), components.sweeper.as_Confirm()],
      components.watched,
      () => this.schedulePump(),
    );
  }

  static async start(options: LdkNodeOptions): Promise<LdkNode> {
    await loadLdk();
    const store = new NodeStore(options.dataDir);
    const seed = store.seed();
    const logger = new NodeLogger(options.name, options.dataDir, options.logLevel ?? 'warn');
    const feeRates = { ...DEFAULT_FEE_RATES, ...options.feeRates };
    const policy = { ...DEFAULT_CHANNEL_POLICY, ...options.channelPolicy };
    const wallet = new OnchainWallet(options.chain, seed);
    const components = buildComponents({
      store,
      seed,
      chain: options.chain,
      logger,
      feeEstimator: makeFeeEstimator(feeRates),
      broadcaster: makeBroadcaster(options.chain, logger),
      config: makeUserConfig(policy),
      changeScript: wallet.script,
    });
    const trusted = new Set([...store.readJson<string[]>(TRUSTED_PEERS_FILE, []), ...(options.trustedPeers ?? [])]);
    const node = new LdkNode(options, store, logger, components, feeRates, policy, new PaymentStore(store), trusted, wallet);
    node.follower.start(components.storedBestBlocks);
    try {
      await node.peerConnections.listen(options.wsPort ?? 0);
    } catch (error) {
      node.follower.stop();
      await logger.close();
      throw error;
    }
    node.startTimers();
    node.pump();
    logger.info(`started ${node.nodeId} at ${node.wsUrl}, height ${node.follower.height}`);
    return node;
  }

  get wsUrl(): string {
    return this.peerConnections.url;
  }

  get dataDir(): string {
    return this.store.dir;
  }

  async info(): Promise<NodeInfo> {
    const channels = this.cm.list_channels();
    return {
      name: this.name,
      nodeId: this.nodeId,
      alias: this.alias,
      wsUrl: this.wsUrl,
      blockHeight: this.follower.height,
      channels: channels.length,
      usableChannels: channels.filter((channel) => channel.get_is_usable()).length,
      peers: this.peerConnections.list().map((peer) => peer.nodeId),
    };
  }

  async peers(): Promise<PeerSummary[]> {
    return this.peerConnections.list();
  }

  /** Returns a BOLT 11 invoice. With `rejectOnPurpose`, HTLCs paying it are failed back with incorrect_or_unknown_payment_details. */
  async invoice(amountMsat: number | bigint | null, description: string, expirySecs = 3600, options: { rejectOnPurpose?: boolean } = {}): Promise<string> {
    const created = this.cm.create_bolt11_invoice(
      amountMsat === null ? ldk.Option_u64Z.constructor_none() : ldk.Option_u64Z.constructor_some(BigInt(amountMsat)),
      ldk.Bolt11InvoiceDescription.constructor_direct(expectOk(ldk.Description.constructor_new(description), 'invalid description')),
      ldk.Option_u32Z.constructor_some(expirySecs),
      ldk.Option_u16Z.constructor_none(),
      ldk.Option_ThirtyTwoBytesZ.constructor_none(),
    );
    if (!(created instanceof ldk.Result_Bolt11InvoiceSignOrCreationErrorZ_OK)) {
      throw new Error(`cannot create invoice: ${(created as ldk.Result_Bolt11InvoiceSignOrCreationErrorZ_Err).err.to_str()}`);
    }
    const bolt11 = created.res.to_str();
    this.paymentStore.add({
      paymentHash: toHex(created.res.payment_hash()),
      direction: 'inbound',
      status: 'pending',
      amountMsat: amountMsat === null ? null : amountMsat.toString(),
      bolt11,
      description,
      ...(options.rejectOnPurpose ? { rejectOnPurpose: true } : {}),
    });
    return bolt11;
  }

  /** Pays a BOLT 11 invoice; resolves when it succeeds or fails, or with status pending after `timeoutMs`. */
  async pay(bolt11: string, options: { amountMsat?: number | bigint; timeoutMs?: number } = {}): Promise<PaymentResult> {
    const parsed = ldk.Bolt11Invoice.constructor_from_str(bolt11);
    if (!(parsed instanceof ldk.Result_Bolt11InvoiceParseOrSemanticErrorZ_OK)) throw new Error('invalid BOLT 11 invoice');
    const invoice = parsed.res;
    const paymentHash = toHex(invoice.payment_hash());
    const invoiceAmount = optionalU64(invoice.amount_milli_satoshis());
    if (invoiceAmount === null && options.amountMsat === undefined) throw new Error('the invoice has no amount: pass amountMsat');
    const timeoutMs = options.timeoutMs ?? PAY_TIMEOUT_MS;
    const previous = this.paymentStore.get('outbound', paymentHash);
    if (previous?.status === 'succeeded') return paymentResult(previous);
    // Paying the same invoice again while it is in flight waits for that attempt instead of paying twice.
    if (previous?.status === 'pending') return this.settled(paymentHash, this.events.waitForPayment(paymentHash, timeoutMs));

    const params =
      invoiceAmount === null
        ? ldk.UtilMethods.constructor_payment_parameters_from_variable_amount_invoice(invoice, BigInt(options.amountMsat ?? 0))
        : ldk.UtilMethods.constructor_payment_parameters_from_invoice(invoice);
    if (!(params instanceof ldk.Result_C3Tuple_ThirtyTwoBytesRecipientOnionFieldsRouteParametersZNoneZ_OK)) {
      throw new Error('cannot derive payment parameters from the invoice');
    }
    const amountMsat = (invoiceAmount ?? BigInt(options.amountMsat ?? 0)).toString();
    const outcome = this.events.waitForPayment(paymentHash, timeoutMs);
    if (previous) this.paymentStore.update('outbound', paymentHash, { status: 'pending', amountMsat, failureReason: undefined });
    else this.paymentStore.add({ paymentHash, direction: 'outbound', status: 'pending', amountMsat, bolt11 });

    // LDK refuses a payment id it has seen recently, so a retry after a failure needs a fresh one.
    const paymentId = previous ? randomBytes(32) : invoice.payment_hash();
    const sent = this.cm.send_payment(params.res.get_a(), params.res.get_b(), paymentId, params.res.get_c(), ldk.Retry.constructor_attempts(PAYMENT_ATTEMPTS));
    if (!(sent instanceof ldk.Result_NoneRetryableSendFailureZ_OK)) {
      const failure = (sent as ldk.Result_NoneRetryableSendFailureZ_Err).err;
      const reason = (ldk.RetryableSendFailure[failure] ?? 'send failed').replace('LDKRetryableSendFailure_', '');
      this.events.settlePayment(paymentHash, { status: 'failed', failureReason: reason });
    }
    this.schedulePump();
    return this.settled(paymentHash, outcome);
  }

  private async settled(paymentHash: string, outcome: Promise<PaymentRecord | undefined>): Promise<PaymentResult> {
    const record = await outcome;
    if (record) {
      // PaymentSent comes with the preimage, before the commitment dance removing the HTLC ends;
      // waiting for it lets a caller mine right away without LDK force-closing over the HTLC.
      await waitUntil(() => !this.hasPendingHtlc(paymentHash), HTLC_SETTLE_TIMEOUT_MS, 'the HTLC to settle').catch(() => undefined);
    }
    return paymentResult(record ?? (this.paymentStore.get('outbound', paymentHash) as PaymentRecord));
  }

  /** Opens a channel to a connected peer; resolves once the funding transaction is signed and broadcast. */
  async open(nodeId: string, sats: number | bigint, options: OpenOptions = {}): Promise<OpenResult> {
    if (!this.isConnected(nodeId)) throw new Error(`not connected to ${nodeId}`);
    const userChannelId = randomUserChannelId();
    const override = makeOpenOverride(this.policy, { announce: options.public ?? false, zeroconf: options.zeroconf ?? false });
    const created = this.cm.create_channel(fromHex(nodeId), BigInt(sats), BigInt(options.pushMsat ?? 0), userChannelId, null, override);
    if (!(created instanceof ldk.Result_ChannelIdAPIErrorZ_OK)) {
      throw new Error(`cannot open channel: ${apiErrorText((created as ldk.Result_ChannelIdAPIErrorZ_Err).err)}`);
    }
    const temporaryChannelId = toHex(created.res.get_a());
    const opened = new Promise<OpenResult>((resolve, reject) => {
      const waiter: OpenWaiter = { temporaryChannelId, resolve, reject };
      this.events.expectOpen(waiter, OPEN_TIMEOUT_MS);
    });
    this.schedulePump();
    return opened;
  }

  async close(channelId: string, options: { force?: boolean } = {}): Promise<{ channelId: string; force: boolean }> {
    const channel = this.cm.list_channels().find((details) => toHex(details.get_channel_id().get_a()) === channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const counterparty = channel.get_counterparty().get_node_id();
    const force = options.force ?? false;
    const result = force
      ? this.cm.force_close_broadcasting_latest_txn(channel.get_channel_id(), counterparty, 'force-closed by the devnet admin')
      : this.cm.close_channel(channel.get_channel_id(), counterparty);
    if (!(result instanceof ldk.Result_NoneAPIErrorZ_OK)) {
      throw new Error(`cannot close ${channelId}: ${apiErrorText((result as ldk.Result_NoneAPIErrorZ_Err).err)}`);
    }
    this.schedulePump();
    return { channelId, force };
  }

  async channels(): Promise<ChannelSummary[]> {
    return this.cm.list_channels().map(summariseChannel);
  }

  async balance(): Promise<NodeBalance> {
    const channels = this.cm.list_channels();
    const summaries = channels.map(summariseChannel);
    const usable = summaries.filter((channel) => channel.isUsable);
    const claimable = this.components.chainMonitor.get_claimable_balances(channels);
    return {
      onchain: this.wallet.balance(),
      lightning: {
        localMsat: summaries.reduce((sum, channel) => sum + channel.localBalanceMsat, 0),
        spendableMsat: usable.reduce((sum, channel) => sum + channel.outboundCapacityMsat, 0),
        receivableMsat: usable.reduce((sum, channel) => sum + channel.inboundCapacityMsat, 0),
        claimableOnchainSat: claimable.reduce((sum, balance) => sum + Number(balance.claimable_amount_satoshis()), 0),
      },
    };
  }

  async payments(): Promise<PaymentRecord[]> {
    return this.paymentStore.list();
  }

  async graph(): Promise<GraphSummary> {
    return summariseGraph(this.components.graph);
  }

  /** The serialised channel_update of each direction of one channel in this node's graph; null if the channel is not in it. */
  async graphChannelUpdateMessages(scid: string): Promise<[Uint8Array | null, Uint8Array | null] | null> {
    return channelUpdateMessages(this.components.graph, scid);
  }

  /** Gives this node's graph a channel_update another node holds (LDK checks its signature); false if refused. */
  async applyGraphChannelUpdate(message: Uint8Array): Promise<boolean> {
    return applyChannelUpdate(this.components.graph, message);
  }

  /** Whether each direction of one channel has an update in this node's graph; null if the channel is not in it. */
  async graphChannelUpdates(scid: string): Promise<[boolean, boolean] | null> {
    return channelUpdatesKnown(this.components.graph, scid);
  }

  /** Connects to a peer's WebSocket listener; resolves once the peer is connected (BOLT 8 and init done). A persistent peer is reconnected when the connection drops. */
  async connect(nodeId: string, wsUrl: string, options: { persistent?: boolean } = {}): Promise<PeerSummary> {
    return this.peerConnections.connect(nodeId, wsUrl, options.persistent ?? true);
  }

  async disconnect(nodeId: string): Promise<void> {
    this.peerConnections.forget(nodeId);
    this.pm.disconnect_by_node_id(fromHex(nodeId));
    this.schedulePump();
  }

  /** Accept (or stop accepting) this peer's inbound channels as zero-conf. Saved in the data dir. */
  async trustPeer(nodeId: string, trusted = true): Promise<string[]> {
    if (trusted) this.trustedPeers.add(nodeId);
    else this.trustedPeers.delete(nodeId);
    this.store.writeJson(TRUSTED_PEERS_FILE, [...this.trustedPeers]);
    return [...this.trustedPeers];
  }

  /** Pays on-chain from the node's wallet; returns the txid. */
  async sendOnchain(destination: string | Uint8Array, sats: number | bigint): Promise<string> {
    return this.wallet.send(destination, BigInt(sats), this.feeRates[ldk.ConfirmationTarget.LDKConfirmationTarget_OutputSpendingFee]);
  }

  onEvent(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isConnected(nodeId: string): boolean {
    return this.peerConnections.isConnected(nodeId);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.pump();
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.follower.stop();
    await this.peerConnections.close();
    this.events.stop();
    clearTimeout(this.managerWrite);
    this.store.write(MANAGER_FILE, this.cm.write());
    this.paymentStore.flush();
    saveNetworkGraph(this.store, this.components.graph);
    this.logger.info('stopped');
    await this.logger.close();
  }

  private hasPendingHtlc(paymentHash: string): boolean {
    return this.cm
      .list_channels()
      .some(
        (channel) =>
          channel.get_pending_outbound_htlcs().some((htlc) => toHex(htlc.get_payment_hash()) === paymentHash) ||
          channel.get_pending_inbound_htlcs().some((htlc) => toHex(htlc.get_payment_hash()) === paymentHash),
      );
  }

  private transportHooks(): TransportHooks {
    return { onActivity: () => this.schedulePump(), log: (message) => this.logger.info(message) };
  }

  private emit(event: NodeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(`event listener failed: ${String(error)}`);
      }
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      if (!this.stopped) this.pump();
    });
  }

  /** Handles pending events, persists the ChannelManager if it changed, and flushes messages to peers. */
  private pump(): void {
    this.cm.as_EventsProvider().process_pending_events(this.events.handler);
    this.components.chainMonitor.as_EventsProvider().process_pending_events(this.events.handler);
    if (this.cm.get_and_clear_needs_persistence()) this.persistManagerSoon();
    this.pm.process_events();
  }

  /**
   * The ChannelManager may lag its ChannelMonitors briefly (LDK's background processor persists it
   * asynchronously too); coalescing writes keeps a payment from costing dozens of file writes.
   */
  private persistManagerSoon(): void {
    if (this.managerWrite) return;
    this.managerWrite = setTimeout(() => {
      this.managerWrite = undefined;
      this.store.write(MANAGER_FILE, this.cm.write());
    }, MANAGER_PERSIST_DELAY_MS);
  }

  private startTimers(): void {
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(() => {
        if (!this.stopped) task();
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    // LDK's futures tell when the ChannelManager or ChainMonitor need attention; the housekeeping tick is a backstop.
    // The bindings hold JS callbacks only weakly, and nothing else references a registered
    // callback, so we keep it alive until it fires: otherwise a GC makes LDK call a dead object.
    const arm = (future: () => ldk.Future) => {
      const callback = ldk.FutureCallback.new_impl({
        call: () => {
          this.armedCallbacks.delete(callback);
          setImmediate(() => this.onFutureCompleted(arm, future));
        },
      });
      this.armedCallbacks.add(callback);
      future().register_callback_fn(callback);
    };
    arm(() => this.cm.get_event_or_persistence_needed_future());
    arm(() => this.components.chainMonitor.get_update_future());
    every(HOUSEKEEPING_MS, () => {
      this.pump();
      this.maybeAnnounceNode();
    });
    every(PEER_TIMER_MS, () => this.pm.timer_tick_occurred());
    every(MANAGER_TIMER_MS, () => {
      this.cm.timer_tick_occurred();
      this.components.chainMonitor.rebroadcast_pending_claims();
      saveNetworkGraph(this.store, this.components.graph);
    });
  }

  private onFutureCompleted(arm: (future: () => ldk.Future) => void, future: () => ldk.Future): void {
    if (this.stopped) return;
    this.pump();
    arm(future);
  }

  /** Sends a node_announcement once our public channels are in our graph, again when they change, and every minute. */
  private maybeAnnounceNode(): void {
    const ourId = ldk.NodeId.constructor_from_pubkey(this.cm.get_our_node_id());
    const announced = withGraphView(this.components.graph, (view) => view.node(ourId)?.get_channels().length ?? 0);
    if (announced === 0) return;
    const stale = Date.now() - this.lastNodeAnnouncement > NODE_ANNOUNCEMENT_INTERVAL_MS;
    if (announced === this.announcedChannels && !stale) return;
    const alias = new Uint8Array(32);
    alias.set(new TextEncoder().encode(this.alias).subarray(0, 32));
    this.pm.broadcast_node_announcement(Uint8Array.of(0x33, 0x99, 0xff), alias, []);
    this.announcedChannels = announced;
    this.lastNodeAnnouncement = Date.now();
    this.schedulePump();
  }
}

function paymentResult(record: PaymentRecord): PaymentResult {
  return {
    paymentHash: record.paymentHash,
    status: record.status,
    amountMsat: record.amountMsat === null ? null : Number(record.amountMsat),
    ...(record.preimage ? { preimage: record.preimage } : {}),
    ...(record.feeMsat ? { feeMsat: Number(record.feeMsat) } : {}),
    ...(record.failureReason ? { failureReason: record.failureReason } : {}),
  };
}

export function apiErrorText(error: ldk.APIError): string {
  if ('err' in error && typeof error.err === 'string') return `${error.constructor.name.replace('APIError_', '')}: ${error.err}`;
  return error.constructor.name.replace('APIError_', '');
}

function expectOk(result: ldk.Result_DescriptionCreationErrorZ, message: string): ldk.Description {
  if (!(result instanceof ldk.Result_DescriptionCreationErrorZ_OK)) throw new Error(message);
  return result.res;
}
