/**
 * The wallet's Lightning node: channels with its peers, each run by a ChannelExecutor, wired to
 * the peer connections, the chain (Esplora) and the on-chain wallet. DOM-free.
 */
import { error as errorMessage, isConnectionLevel } from '../../protocol/bolt1/messages.ts';
import { decodeInvoice } from '../../protocol/bolt11/index.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import { formatScid, type ShortChannelId } from '../../protocol/codec/codec.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import type { WireMessage } from '../../protocol/wire.ts';
import type { ChainWatcher, ChainWatchEvent } from '../chain/chain-watcher.ts';
import type { EsploraClient } from '../chain/esplora-client.ts';
import { availableToReceiveMsat, availableToSendMsat, type Commitments } from '../channel/commitments.ts';
import { ChannelFailure, CommandRefused } from '../channel/failure.ts';
import { unsettledIncoming } from '../channel/normal.ts';
import { MAX_FUNDING_SAT, acceptInbound, channelTypeFor, startOpen } from '../channel/opening.ts';
import { DEFAULT_POLICY, type ChannelPolicy } from '../channel/policy.ts';
import type { ChannelEnv, ChannelEvent, ChannelNote, ChannelState, Effect } from '../channel/state.ts';
import { channelIdOf } from '../channel/step.ts';
import { EngineError } from '../engine-error.ts';
import { Emitter, type Listener } from '../engine-events.ts';
import type { LightningKeys } from '../keys/lightning-keys.ts';
import { put, del, type Store } from '../storage/store.ts';
import { ChannelRecordWriter, loadChannelStates } from './channel-record.ts';
import { ChannelExecutor, ExecutorHalted, type EffectRunner } from './executor.ts';
import type { OwnChannel } from '../payments/first-hops.ts';
import { PaymentRecords } from '../payments/records.ts';
import { Receiver, receivingChannel } from '../payments/receiver.ts';
import type { ChannelInfo, ChannelPhase, LightningEvent, PaymentInfo } from './types.ts';

/** What the node needs of the on-chain wallet. */
export interface FundingWallet {
  /** A signed transaction paying `amountSat` to `script`, not broadcast. */
  buildFunding(script: Uint8Array, amountSat: bigint, feeratePerKw: number): Promise<{ raw: Uint8Array; txid: Uint8Array; outputIndex: number }>;
  /** Broadcasts a transaction of ours (funding), recording it first. */
  publish(raw: Uint8Array): Promise<void>;
  /** A fresh script of the wallet to close channels to. */
  closeScript(): Promise<Uint8Array>;
  /** Feerate (sat per 1000 weight) for transactions to confirm soon. */
  feeratePerKw(): Promise<number>;
}

/** What the node needs of the peer connections. */
export interface PeerLink {
  send(nodeId: string, message: Uint8Array): void;
  isConnected(nodeId: string): boolean;
}

export interface LightningNodeOptions {
  store: Store;
  network: NetworkName;
  keys: LightningKeys;
  esplora: EsploraClient;
  watcher: ChainWatcher;
  wallet: FundingWallet;
  peers: PeerLink;
  policy?: Partial<ChannelPolicy>;
  now?: () => number;
  /** Test hook: called before each effect runs; throwing ExecutorHalted simulates a crash there. */
  beforeEffect?: (channelKey: string, effect: Effect, index: number) => void;
  log?: (message: string) => void;
}

/** An HTLC we offered was settled by the peer, or its channel went on chain with it. */
export type OutgoingHtlcEvent =
  | { kind: 'fulfilled'; channelKey: string; id: bigint; paymentHash: Uint8Array; preimage: Uint8Array }
  | { kind: 'failed'; channelKey: string; id: bigint; paymentHash: Uint8Array; reason: ChannelNote & { type: 'htlc_failed' } extends { reason: infer R } ? R : never }
  | { kind: 'channel_closing'; channelKey: string };

export interface OutgoingHtlc {
  amountMsat: bigint;
  paymentHash: Uint8Array;
  cltvExpiry: number;
  onion: Uint8Array;
}

const NEXT_INDEX_KEY = 'lightning.nextChannelIndex';

export class LightningNode {
  readonly #o: LightningNodeOptions;
  #policy: ChannelPolicy;
  readonly #channels = new Map<string, ChannelExecutor>();
  readonly #records = new Map<string, ChannelRecordWriter>();
  readonly #events = new Emitter<LightningEvent>();
  readonly #watches = new Map<string, { key: string; kind: 'funding_confirm' | 'funding_spend' | 'tx'; target: string }>();
  /** The payment layer; awaited, so that a preimage is stored before the channel moves on. */
  #outgoing: ((event: OutgoingHtlcEvent) => Promise<void>) | undefined;
  readonly #opening = new Map<string, { resolve: (info: ChannelInfo) => void; reject: (e: Error) => void }>();
  #height = 0;
  /** The tip height channels last got a `block` event for. */
  #blocksFedAt = -1;
  #nextIndex = 0;
  #stopped = false;
  /** Every payment record, sent and received; each change is announced as `payment_changed`. */
  payments!: PaymentRecords;
  /** Invoices and the HTLCs paying them. */
  receiver!: Receiver;

  private constructor(options: LightningNodeOptions) {
    this.#o = options;
    this.#policy = { ...DEFAULT_POLICY, ...options.policy };
    options.watcher.onEvent((event) => void this.#onWatch(event).catch((e) => this.#log(`watch: ${String(e)}`)));
  }

  static async open(options: LightningNodeOptions): Promise<LightningNode> {
    const node = new LightningNode(options);
    node.payments = await PaymentRecords.load(options.store, (payment) => node.#events.emit({ type: 'payment_changed', payment }));
    node.#nextIndex = Number((await options.store.get('meta', NEXT_INDEX_KEY)) ?? 0);
    for (const { key, state, revokedKeys } of loadChannelStates(await options.store.list('channels'))) {
      node.#addExecutor(key, state, revokedKeys);
      node.#rewatch(key, state);
    }
    // A stored state knows nothing of connections: every channel starts offline until its peer reconnects.
    await Promise.all([...node.#channels.values()].map((ex) => node.#feed(ex, { kind: 'disconnected' })));
    node.receiver = await Receiver.load({
      store: options.store,
      records: node.payments,
      network: options.network,
      nodeSecret: options.keys.nodeKey().secret,
      nodeId: node.nodeId,
      now: () => node.#now(),
      height: () => node.#height,
      channels: () => [...node.#channels].flatMap(([key, ex]) => receivingChannel(key, ex.state, options.peers.isConnected(ex.state.peer)) ?? []),
      settle: (part, event) => {
        const ex = node.#channels.get(part.channelKey);
        // Queued behind the channel's current step: the settlement is its own step.
        if (ex) void node.#feed(ex, event);
      },
      ...(options.log ? { log: options.log } : {}),
    });
    return node;
  }

  get nodeId(): string {
    return this.#o.keys.nodeId();
  }

  get height(): number {
    return this.#height;
  }

  on(listener: Listener<LightningEvent>): () => void {
    return this.#events.on(listener);
  }

  stop(): void {
    this.#stopped = true;
    this.receiver.stop();
  }

  /** Polls the chain once; channel events follow from what changed. */
  async pollChain(): Promise<void> {
    const result = await this.#o.watcher.poll();
    // Watch events may already have raised #height during the poll; blocks are fed by their own mark.
    this.#height = Math.max(this.#height, result.tip.height);
    if (result.tip.height !== this.#blocksFedAt) {
      this.#blocksFedAt = result.tip.height;
      this.#closingFeerate = await this.#o.wallet.feeratePerKw().catch(() => this.#closingFeerate);
      await Promise.all([...this.#channels.values()].map((ex) => this.#feed(ex, { kind: 'block', height: this.#height })));
      await Promise.all([...this.#channels.values()].map((ex) => this.#followFeerate(ex)));
    }
  }

  /** Channels this peer opens from now on are used before their funding confirms (or no longer). */
  setTrusted(nodeId: string, trusted: boolean): void {
    const others = this.#policy.zeroConfPeers.filter((id) => id !== nodeId);
    this.#policy = { ...this.#policy, zeroConfPeers: trusted ? [...others, nodeId] : others };
  }

  isTrusted(nodeId: string): boolean {
    return this.#policy.zeroConfPeers.includes(nodeId);
  }

  setHeight(height: number): void {
    this.#height = Math.max(this.#height, height);
  }

  // ------------------------------------------------------------ peers

  async peerConnected(nodeId: string): Promise<void> {
    await Promise.all(this.#ofPeer(nodeId).map((ex) => this.#feed(ex, { kind: 'connected' })));
  }

  async peerDisconnected(nodeId: string): Promise<void> {
    await Promise.all(this.#ofPeer(nodeId).map((ex) => this.#feed(ex, { kind: 'disconnected' })));
  }

  /** A message from a peer; the caller awaits it before delivering the next one from that peer. */
  async peerMessage(nodeId: string, message: WireMessage): Promise<void> {
    if (message.type === 'open_channel') return this.#onOpenChannel(nodeId, message);
    if (message.type === 'ping' || message.type === 'pong' || message.type === 'init' || message.type === 'unknown_odd') return;
    if (message.type === 'channel_update') return this.#onPeerChannelUpdate(nodeId, message);
    const id = channelIdField(message);
    if (!id) return;
    if ((message.type === 'error' || message.type === 'warning') && isConnectionLevel(id)) {
      await Promise.all(this.#ofPeer(nodeId).map((ex) => this.#feed(ex, { kind: 'message', message })));
      return;
    }
    const ex = this.#ofPeer(nodeId).find((candidate) => equal(channelIdOf(candidate.state), id) || tempIdOf(candidate.state, id));
    if (!ex) {
      if (message.type === 'channel_reestablish') {
        // BOLT 2: an unknown channel gets an error, so the peer can close it.
        this.#o.peers.send(nodeId, errorMessage.encode({ channel_id: id, data: new TextEncoder().encode('unknown channel') }));
      }
      return;
    }
    await this.#feed(ex, { kind: 'message', message });
    if (message.type === 'channel_reestablish') this.#decideUnsettled(ex);
  }

  /**
   * The peer's channel_update for one of our unannounced channels (sent to us alone, BOLT 7): its
   * forwarding policy towards us, for our invoices' route hints. It may name the channel by its real
   * scid or either alias; gossip for other channels is the gossip sync's business.
   */
  async #onPeerChannelUpdate(nodeId: string, message: WireMessage & { type: 'channel_update' }): Promise<void> {
    const scid = message.short_channel_id;
    const same = (other: ShortChannelId | null | undefined) => !!other && other.block === scid.block && other.txIndex === scid.txIndex && other.outputIndex === scid.outputIndex;
    const ex = this.#ofPeer(nodeId).find(({ state }) => state.phase === 'normal' && (same(state.shortChannelId) || same(state.remoteAlias) || same(state.localAlias)));
    if (!ex) return;
    if (await this.receiver.peerUpdate(channelKey(ex.state.channelIndex), nodeId, message)) this.#log(`policy of ${nodeId} for ${formatScid(scid)}: ${message.fee_base_msat} msat + ${message.fee_proportional_millionths} ppm, cltv delta ${message.cltv_expiry_delta}`);
  }

  /** After a restart the notes of a crashed step may be lost: incoming HTLCs left undecided are decided again. */
  #decideUnsettled(ex: ChannelExecutor): void {
    const state = ex.state;
    if (state.phase !== 'normal') return;
    for (const htlc of unsettledIncoming(state.commitments)) void this.#onNote(state, { type: 'incoming_htlc', htlc });
  }

  // ------------------------------------------------------------ channels

  async openChannel(peer: string, fundingSat: bigint, pushMsat = 0n): Promise<ChannelInfo> {
    if (!this.#o.peers.isConnected(peer)) throw new EngineError('peer_unavailable', 'Connect to the peer before opening a channel with it.');
    if (fundingSat < this.#policy.minFundingSat) throw new EngineError('invalid_amount', `A channel must be at least ${this.#policy.minFundingSat} sats.`);
    if (fundingSat >= MAX_FUNDING_SAT) throw new EngineError('invalid_amount', `A channel must be smaller than ${MAX_FUNDING_SAT} sats.`);
    if (pushMsat < 0n || pushMsat > fundingSat * 1000n) throw new EngineError('invalid_amount', 'The amount given to the peer must be within the channel.');
    const index = await this.#allocateIndex();
    const feeratePerKw = await this.#o.wallet.feeratePerKw();
    const base = await this.#newBase(peer, index, true);
    const result = startOpen(
      {
        base: { ...base, zeroConf: false },
        temporaryChannelId: crypto.getRandomValues(new Uint8Array(32)),
        fundingSat,
        pushMsat,
        feeratePerKw,
        channelType: channelTypeFor({ scidAlias: true, zeroConf: false }),
      },
      this.#env(index),
    );
    const key = channelKey(index);
    const ex = this.#addExecutor(key, result.state);
    const opened = new Promise<ChannelInfo>((resolve, reject) => this.#opening.set(key, { resolve, reject }));
    await ex.start(result);
    return opened;
  }

  async closeChannel(channelId: string, options: { force?: boolean } = {}): Promise<ChannelInfo> {
    const ex = this.#byChannelId(channelId);
    const event: ChannelEvent = options.force ? { kind: 'force_close', reason: 'you force closed the channel' } : { kind: 'close', feeratePerKw: await this.#o.wallet.feeratePerKw() };
    await this.#command(ex, event);
    return this.#info(ex);
  }

  channels(): ChannelInfo[] {
    return [...this.#channels.values()].map((ex) => this.#info(ex));
  }

  channelState(channelId: string): ChannelState {
    return this.#byChannelId(channelId).state;
  }

  // ------------------------------------------------------------ payments with the peer

  /** An invoice paying this wallet, with route hints through our peers; listed as an incoming payment. */
  invoiceCreate(args: { amountMsat: bigint | null; description: string; expirySec?: number }): Promise<PaymentInfo> {
    return this.receiver.createInvoice(args);
  }

  async createInvoice(amountMsat: bigint | null, description: string, expirySec?: number): Promise<string> {
    return (await this.invoiceCreate({ amountMsat, description, ...(expirySec !== undefined ? { expirySec } : {}) })).bolt11;
  }

  /** Stops accepting payments for an invoice we issued (they are failed as unknown). */
  async forgetInvoice(bolt11: string): Promise<void> {
    await this.receiver.cancelInvoice(hex(decodeInvoice(bolt11).paymentHash));
  }

  /** The payment layer's hook: it hears how every HTLC we offer ends. */
  onOutgoingHtlc(handler: (event: OutgoingHtlcEvent) => Promise<void>): void {
    this.#outgoing = handler;
  }

  /** Whether `scid` (real or either alias, `BxTxO`) names one of our channels with this peer. */
  isOwnChannel(scid: string, peer: string): boolean {
    return [...this.#channels.values()].some((ex) => {
      const state = ex.state;
      if (state.peer !== peer || !('localAlias' in state)) return false;
      const names = [state.localAlias, 'shortChannelId' in state ? state.shortChannelId : null, 'remoteAlias' in state ? state.remoteAlias : null];
      return names.some((name) => name !== null && formatScid(name) === scid);
    });
  }

  /** Our channels as they stand, with their executor keys, for routing and for resuming payments. */
  ownChannels(): OwnChannel[] {
    return [...this.#channels].map(([channelKey, ex]) => ({ channelKey, state: ex.state, connected: this.#o.peers.isConnected(ex.state.peer) }));
  }

  /**
   * Offers an HTLC on one of our channels. `onAdded` gets its id as soon as the add step has run,
   * before any later event of the channel is handled, so the caller can match its outcome.
   */
  async offerHtlc(key: string, htlc: OutgoingHtlc, onAdded: (id: bigint) => void): Promise<void> {
    const ex = this.#channels.get(key);
    if (!ex) throw new EngineError('unknown_channel', 'That channel is gone.');
    let result;
    try {
      result = await ex.handle({ kind: 'add_htlc', ...htlc });
    } catch (e) {
      if (e instanceof CommandRefused) throw new EngineError('channel_unavailable', e.message);
      throw e;
    }
    if (!('commitments' in result.state)) throw new Error('add_htlc left the channel without commitments');
    onAdded(result.state.commitments.localNextHtlcId - 1n);
    this.#changed();
  }

  // ------------------------------------------------------------ internals

  #log(message: string): void {
    this.#o.log?.(message);
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  #env(channelIndex: number): ChannelEnv {
    return { ...this.#env0(), keys: this.#o.keys.channelKeys(channelIndex) };
  }

  async #allocateIndex(): Promise<number> {
    const index = this.#nextIndex++;
    await this.#o.store.commit([put('meta', NEXT_INDEX_KEY, this.#nextIndex)]);
    return index;
  }

  async #newBase(peer: string, index: number, weFunded: boolean) {
    const alias: ShortChannelId = randomAlias();
    return { peer, channelIndex: index, weFunded, closeScript: await this.#o.wallet.closeScript(), localAlias: alias, zeroConf: false, createdAt: this.#now() };
  }

  #addExecutor(key: string, state: ChannelState, storedRevoked: string[] = []): ChannelExecutor {
    this.#records.set(key, new ChannelRecordWriter(key, storedRevoked));
    // Derived once per channel: BIP32 derivation is too slow to repeat on every step.
    let keys: ChannelEnv['keys'] | undefined;
    const env = (): ChannelEnv => ({ ...this.#env0(), keys: (keys ??= this.#o.keys.channelKeys(state.channelIndex)) });
    const runner: EffectRunner = { run: (s, effect, index) => this.#runEffect(key, s, effect, index) };
    const ex = new ChannelExecutor(state, env, runner);
    this.#channels.set(key, ex);
    return ex;
  }

  #env0(): Omit<ChannelEnv, 'keys'> {
    return { chainHash: NETWORKS[this.#o.network].chainHash, height: this.#height, closingFeeratePerKw: this.#closingFeerate, policy: this.#policy, now: this.#now() };
  }

  /** Feerate for closes and claims, refreshed from the wallet's estimates on each new block. */
  #closingFeerate = 1000;

  async #runEffect(key: string, state: ChannelState, effect: Effect, index: number): Promise<void> {
    this.#o.beforeEffect?.(key, effect, index);
    switch (effect.kind) {
      case 'persist': {
        const record = this.#records.get(key)!;
        await this.#o.store.commit(record.writes(state));
        record.committed(state);
        return;
      }
      case 'send':
        if (this.#o.peers.isConnected(state.peer)) {
          try {
            this.#o.peers.send(state.peer, effect.message);
          } catch (e) {
            this.#log(`send ${effect.name} failed: ${String(e)}`);
          }
        }
        return;
      case 'publish':
        await this.#publish(effect.tx, effect.txid, effect.what);
        return;
      case 'publish_funding':
        await this.#publishFunding(effect.tx, effect.txid, state);
        return;
      case 'watch_confirmations':
        this.#watch(key, isFundingTxid(state, effect.txid) ? 'funding_confirm' : 'tx', effect.txid, () => this.#o.watcher.watchConfirmations(effect.txid, effect.depth));
        return;
      case 'watch_spend':
        this.#watch(key, 'funding_spend', `${effect.txid}:${effect.vout}`, () => this.#o.watcher.watchSpend({ txid: effect.txid, vout: effect.vout }));
        return;
      case 'build_funding':
        void this.#buildFunding(key, effect.script, effect.amountSat, effect.feeratePerKw);
        return;
      case 'notify':
        await this.#onNote(state, effect.note);
        return;
      case 'forget':
        this.#channels.delete(key);
        this.#records.delete(key);
        await this.#o.store.commit([del('channels', key)]);
        this.#opening.get(key)?.reject(new EngineError('channel_failed', 'The channel could not be opened.'));
        this.#opening.delete(key);
        this.#changed();
        return;
    }
  }

  /** As funder, keeps the commitment feerate within a factor of two of what the chain asks for now. */
  async #followFeerate(ex: ChannelExecutor): Promise<void> {
    const state = ex.state;
    if (state.phase !== 'normal' || !state.weFunded || !state.peerSynced || state.localShutdown || state.remoteShutdown) return;
    const current = state.commitments.localCommit.spec.feeratePerKw;
    const target = this.#closingFeerate;
    if (target <= current * 2 && target * 2 >= current) return;
    await this.updateFee(hex(state.commitments.channelId), target).catch((e) => this.#log(`update_fee not sent: ${String(e)}`));
  }

  /** As funder, proposes a new commitment feerate to the peer. */
  async updateFee(channelId: string, feeratePerKw: number): Promise<void> {
    await this.#command(this.#byChannelId(channelId), { kind: 'update_fee', feeratePerKw });
  }

  /** One watch per channel, kind and target: repeated requests (rebroadcasts, reloads) are no-ops. */
  #watch(key: string, kind: 'funding_confirm' | 'funding_spend' | 'tx', target: string, register: () => string): void {
    for (const w of this.#watches.values()) if (w.key === key && w.kind === kind && w.target === target) return;
    this.#watches.set(register(), { key, kind, target });
  }

  #unwatchChannel(key: string): void {
    for (const [id, w] of this.#watches) {
      if (w.key !== key) continue;
      this.#o.watcher.unwatch(id);
      this.#watches.delete(id);
    }
  }

  async #publish(tx: Uint8Array, txid: string, what: string): Promise<void> {
    try {
      await this.#o.esplora.broadcast(tx);
      this.#log(`published ${what} ${txid}`);
    } catch (e) {
      // Rebroadcast happens on later blocks; a refusal is logged (it may already be mined).
      this.#log(`publishing ${what} ${txid} failed: ${String(e)}`);
    }
  }

  /** The first broadcast of our funding goes through the wallet (it records the spend); the open is then done. */
  async #publishFunding(tx: Uint8Array, txid: string, state: ChannelState): Promise<void> {
    try {
      await this.#o.wallet.publish(tx);
      this.#log(`published funding transaction ${txid}`);
    } catch (e) {
      // The channel is signed and stored: the funding is offered again on every block until it confirms.
      this.#log(`publishing funding transaction ${txid} failed: ${String(e)}`);
    }
    const key = channelKey(state.channelIndex);
    this.#opening.get(key)?.resolve(this.#infoOf(state));
    this.#opening.delete(key);
  }

  async #buildFunding(key: string, script: Uint8Array, amountSat: bigint, feeratePerKw: number): Promise<void> {
    const ex = this.#channels.get(key);
    if (!ex) return;
    let event: ChannelEvent;
    try {
      const built = await this.#o.wallet.buildFunding(script, amountSat, feeratePerKw);
      event = { kind: 'funding_built', tx: built.raw, txid: built.txid, outputIndex: built.outputIndex };
    } catch (e) {
      event = { kind: 'funding_failed', reason: e instanceof Error ? e.message : String(e) };
      this.#opening.get(key)?.reject(e instanceof Error ? e : new Error(String(e)));
      this.#opening.delete(key);
    }
    await this.#feed(ex, event);
  }

  async #onNote(state: ChannelState, note: ChannelNote): Promise<void> {
    switch (note.type) {
      case 'htlc_fulfilled':
        await this.#tellOutgoing({ kind: 'fulfilled', channelKey: channelKey(state.channelIndex), id: note.id, paymentHash: note.paymentHash, preimage: note.preimage });
        break;
      case 'htlc_failed':
        await this.#tellOutgoing({ kind: 'failed', channelKey: channelKey(state.channelIndex), id: note.id, paymentHash: note.paymentHash, reason: note.reason });
        break;
      case 'incoming_htlc':
        // Not awaited: a part of a multi-part payment is held while the channel goes on.
        void this.receiver.incomingHtlc(channelKey(state.channelIndex), note.htlc);
        break;
      case 'failed':
        this.#log(`channel ${hex(channelIdOf(state))} failed: ${note.reason}`);
        break;
      case 'warning':
        this.#log(`warning from ${state.peer}: ${note.text}`);
        break;
    }
  }

  async #tellOutgoing(event: OutgoingHtlcEvent): Promise<void> {
    try {
      await this.#outgoing?.(event);
    } catch (e) {
      this.#log(`payment layer failed on ${event.kind}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  async #onWatch(event: ChainWatchEvent): Promise<void> {
    const watch = this.#watches.get(event.watchId);
    if (!watch) return;
    const ex = this.#channels.get(watch.key);
    if (!ex) return;
    if (event.type === 'confirmations') {
      if (event.height !== null) this.setHeight(event.height + event.confirmations - 1);
      if (watch.kind === 'funding_confirm') {
        if (!('commitments' in ex.state)) return;
        const outputIndex = ex.state.commitments.fundingOutputIndex;
        let scid: ShortChannelId | null = null;
        if (event.blockHash && event.height !== null) {
          const txids = await this.#o.esplora.blockTxids(event.blockHash);
          const position = txids.indexOf(event.txid);
          if (position >= 0) scid = { block: event.height, txIndex: position, outputIndex };
        }
        await this.#feed(ex, { kind: 'funding_depth', confirmations: event.confirmations, shortChannelId: scid });
      } else {
        await this.#feed(ex, { kind: 'tx_depth', txid: event.txid, confirmations: event.confirmations, height: event.height });
      }
    } else if (event.type === 'spent' && watch.kind === 'funding_spend') {
      const tx = await this.#o.esplora.txHex(event.spendingTxid);
      await this.#feed(ex, { kind: 'funding_spent', tx, confirmations: event.confirmations, height: event.height });
    }
  }

  /** Watches lost with the process come back from the stored state. */
  #rewatch(key: string, state: ChannelState): void {
    if (!('commitments' in state) || state.phase === 'wait_funding_signed') {
      if (state.phase === 'closed') return;
      return;
    }
    const c = state.commitments;
    const fundingTxid = hex(Uint8Array.from(c.fundingTxid).reverse());
    const confirm = (txid: string, depth: number, kind: 'funding_confirm' | 'tx') => this.#watch(key, kind, txid, () => this.#o.watcher.watchConfirmations(txid, depth));
    if (state.phase === 'wait_ready') confirm(fundingTxid, Math.max(state.minimumDepth, 1), 'funding_confirm');
    if (state.phase === 'normal' && state.shortChannelId === null) confirm(fundingTxid, 1, 'funding_confirm');
    this.#watch(key, 'funding_spend', `${fundingTxid}:${c.fundingOutputIndex}`, () => this.#o.watcher.watchSpend({ txid: fundingTxid, vout: c.fundingOutputIndex }));
    if (state.phase === 'closing') {
      if (state.closing.closingTxid) confirm(state.closing.closingTxid, 1, 'tx');
      for (const claim of state.closing.claims) if (!claim.confirmed) confirm(claim.txid, 1, 'tx');
    }
  }

  async #onOpenChannel(nodeId: string, message: WireMessage & { type: 'open_channel' }): Promise<void> {
    if (this.#ofPeer(nodeId).some((ex) => equal(channelIdOf(ex.state), message.temporary_channel_id))) return;
    const index = await this.#allocateIndex();
    const base = await this.#newBase(nodeId, index, false);
    let result;
    try {
      result = acceptInbound(message, { base }, this.#env(index));
    } catch (e) {
      if (e instanceof ChannelFailure) {
        this.#o.peers.send(nodeId, errorMessage.encode({ channel_id: message.temporary_channel_id, data: new TextEncoder().encode(e.message) }));
        this.#log(`refused a channel from ${nodeId}: ${e.message}`);
        return;
      }
      throw e;
    }
    const ex = this.#addExecutor(channelKey(index), result.state);
    await ex.start(result);
    this.#changed();
  }

  async #feed(ex: ChannelExecutor, event: ChannelEvent): Promise<void> {
    if (this.#stopped || ex.halted) return;
    try {
      const before = ex.state.phase;
      await ex.handle(event);
      if (ex.state.phase !== before) this.#onPhaseChange(ex.state);
      if (ex.state.phase !== before || event.kind !== 'block') this.#changed();
    } catch (e) {
      if (e instanceof ExecutorHalted || e instanceof CommandRefused) return;
      this.#log(`channel event ${event.kind} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  #onPhaseChange(state: ChannelState): void {
    const key = channelKey(state.channelIndex);
    if (state.phase === 'closed') {
      this.#unwatchChannel(key);
      void this.receiver.forgetChannel(key).catch((e) => this.#log(`forgetting the peer policy of ${key}: ${String(e)}`));
    }
    // Payments in flight on a channel going on chain are settled there: the payment layer says so.
    if (state.phase === 'closing') void this.#tellOutgoing({ kind: 'channel_closing', channelKey: key });
  }

  async #command(ex: ChannelExecutor, event: ChannelEvent): Promise<void> {
    try {
      await ex.handle(event);
      this.#changed();
    } catch (e) {
      if (e instanceof CommandRefused) throw new EngineError('channel_unavailable', e.message);
      throw e;
    }
  }

  /** Tells listeners (the UI) what the channels look like now; nothing is computed when nobody listens. */
  #changed(): void {
    if (this.#events.size > 0) this.#events.emit({ type: 'channels_changed', channels: this.channels() });
  }

  #ofPeer(nodeId: string): ChannelExecutor[] {
    return [...this.#channels.values()].filter((ex) => ex.state.peer === nodeId);
  }

  #byChannelId(channelId: string): ChannelExecutor {
    const id = channelId.toLowerCase();
    const ex = [...this.#channels.values()].find((candidate) => hex(channelIdOf(candidate.state)) === id);
    if (!ex) throw new EngineError('unknown_channel', `There is no channel ${channelId}.`);
    return ex;
  }

  #info(ex: ChannelExecutor): ChannelInfo {
    return this.#infoOf(ex.state);
  }

  #infoOf(state: ChannelState): ChannelInfo {
    return channelInfo(state, this.#o.peers.isConnected(state.peer), this.#height);
  }
}

// ------------------------------------------------------------ helpers

export function channelKey(index: number): string {
  return `ch:${String(index).padStart(6, '0')}`;
}

function randomAlias(): ShortChannelId {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  // Heights far above any real chain keep an alias from ever looking like a real channel.
  return { block: 0x800000 + (((bytes[0]! << 8) | bytes[1]!) & 0x7fffff), txIndex: (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!, outputIndex: bytes[5]! };
}

function channelIdField(m: WireMessage): Uint8Array | undefined {
  if ('channel_id' in m) return m.channel_id as Uint8Array;
  if ('temporary_channel_id' in m) return m.temporary_channel_id as Uint8Array;
  return undefined;
}

function tempIdOf(state: ChannelState, id: Uint8Array): boolean {
  return 'open' in state ? equal(state.open.temporaryChannelId, id) : state.phase === 'wait_funding_signed' ? equal(state.temporaryChannelId, id) : false;
}

function isFundingTxid(state: ChannelState, txid: string): boolean {
  return 'commitments' in state && hex(Uint8Array.from(state.commitments.fundingTxid).reverse()) === txid;
}

const PHASE_OF: Record<ChannelState['phase'], ChannelPhase> = {
  wait_accept: 'opening',
  wait_funding_tx: 'opening',
  wait_funding_created: 'opening',
  wait_funding_signed: 'opening',
  wait_ready: 'awaiting_confirmation',
  normal: 'normal',
  negotiating: 'negotiating_close',
  closing: 'closing',
  closed: 'closed',
};

export function channelInfo(state: ChannelState, connected: boolean, height: number): ChannelInfo {
  const base = { channelId: hex(channelIdOf(state)), peer: state.peer, peerConnected: connected, weOpened: state.weFunded };
  let phase = PHASE_OF[state.phase];
  if (state.phase === 'normal' && (state.localShutdown || state.remoteShutdown)) phase = 'shutting_down';
  if (!('commitments' in state)) {
    const capacitySat = state.phase === 'closed' ? state.fundingSat : state.open.fundingSat;
    return {
      ...base,
      phase,
      status: state.phase === 'closed' ? `Closed: ${state.closing.reason}` : 'Opening…',
      capacitySat: Number(capacitySat),
      localMsat: 0,
      remoteMsat: 0,
      localReserveSat: 0,
      remoteReserveSat: 0,
      canSendMsat: 0,
      canReceiveMsat: 0,
      pendingHtlcs: [],
      ...(state.phase === 'closed' && state.closing.closingTxid ? { closingTxid: state.closing.closingTxid } : {}),
      ...(state.phase === 'closed' && state.closing.mutualFeeSat !== undefined && state.weFunded ? { closingFeesSat: Number(state.closing.mutualFeeSat) } : {}),
    };
  }
  const c = state.commitments;
  const spec = c.localCommit.spec;
  const usable = state.phase === 'normal' && connected && !state.localShutdown && !state.remoteShutdown;
  const info: ChannelInfo = {
    ...base,
    phase,
    status: statusText(state, connected, height),
    capacitySat: Number(c.fundingSat),
    localMsat: Number(spec.toUsMsat),
    remoteMsat: Number(spec.toThemMsat),
    localReserveSat: Number(c.remote.channelReserveSat),
    remoteReserveSat: Number(c.local.channelReserveSat),
    canSendMsat: usable ? Number(availableToSendMsat(c)) : 0,
    canReceiveMsat: usable ? Number(availableToReceiveMsat(c)) : 0,
    pendingHtlcs: [
      ...spec.incoming.map((h) => ({ direction: 'incoming' as const, amountMsat: Number(h.amountMsat), paymentHash: hex(h.paymentHash), cltvExpiry: h.cltvExpiry })),
      ...spec.outgoing.map((h) => ({ direction: 'outgoing' as const, amountMsat: Number(h.amountMsat), paymentHash: hex(h.paymentHash), cltvExpiry: h.cltvExpiry })),
    ],
    fundingTxid: hex(Uint8Array.from(c.fundingTxid).reverse()),
    fundingOutputIndex: c.fundingOutputIndex,
  };
  const scid = 'shortChannelId' in state ? state.shortChannelId : null;
  if (scid) info.shortChannelId = formatScid(scid);
  if ('remoteAlias' in state && state.remoteAlias) info.aliasScid = formatScid(state.remoteAlias);
  if (state.phase === 'closing') {
    if (state.closing.closingTxid) info.closingTxid = state.closing.closingTxid;
    info.closingPendingSat = Number(state.closing.claims.filter((cl) => !cl.confirmed).reduce((sum, cl) => sum + cl.amountSat, 0n));
  }
  return info;
}

function statusText(state: ChannelState & { commitments: Commitments }, connected: boolean, height: number): string {
  void height;
  switch (state.phase) {
    default:
      return state.phase;
    case 'wait_funding_signed':
      return 'Waiting for the peer to sign the funding';
    case 'wait_ready': {
      const missing = Math.max(state.minimumDepth - state.fundingConfirmations, 0);
      if (missing > 0) return `Waiting for ${missing} more confirmation${missing === 1 ? '' : 's'}`;
      return 'Waiting for the peer to confirm the channel is ready';
    }
    case 'normal':
      if (state.localShutdown || state.remoteShutdown) return 'Closing: settling pending payments';
      return connected ? 'Ready' : 'Peer offline: payments wait until it reconnects';
    case 'negotiating':
      return 'Agreeing on the closing fee with the peer';
    case 'closing':
      return state.closing.reason;
  }
}

