/**
 * Sending payments: route (our channels, the gossip graph, the invoice's route hints), build one
 * onion per part, offer the HTLCs on our channels, and act on what comes back — a preimage ends
 * the payment, a failure is decrypted and taught to the graph and scorer, and the failed amount
 * is routed again, within a time limit, an attempt cap and the fee limit across all parts.
 *
 * Each payment is persisted (its PaymentInfo record plus the parts with their hop secrets) before
 * any HTLC of it is offered, and each preimage before the channel goes on. After a restart a
 * pending payment is resumed from the HTLCs still in our channels: each part's outcome arrives
 * once the peer has reestablished; a part no longer in its channel was failed (a fulfilment would
 * have stored the preimage first). No new part is sent after a restart: if every part failed, the
 * payment failed, and paying the invoice again is safe.
 */
import type { Invoice } from '../../protocol/bolt11/index.ts';
import { createOnion, type HopSecret } from '../../protocol/bolt4/index.ts';
import { equal, fromHex, hex } from '../../protocol/codec/bytes.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';
import type { GraphStore } from '../gossip/graph-store.ts';
import type { DecodedInvoice, PaymentInfo } from '../lightning/types.ts';
import { defaultMaxFeeMsat } from '../routing/fees.ts';
import { splitPayment } from '../routing/mpp.ts';
import { onionHops } from '../routing/onion.ts';
import { ProbabilityScorer, type ScorerState } from '../routing/scorer.ts';
import { DEFAULT_MAX_TOTAL_CLTV_DELTA, type NodeId, type Route, type RouteFailure, type Scid } from '../routing/types.ts';
import { put, type Store, type StoreValue, type Write } from '../storage/store.ts';
import { applyFailureUpdate } from './failure-update.ts';
import { interpretFailure, type HtlcFailureReason, type PartHop } from './failures.ts';
import { firstHopOf, outgoingHtlcStanding, type FirstHopChannel, type OwnChannel } from './first-hops.ts';
import { graphView, type LiveGraphView } from './graph-view.ts';
import { amountToPay, describeInvoice, isExpiredAt, readInvoice } from './invoice.ts';
import type { PaymentRecords } from './records.ts';

/** What the sender needs of the Lightning node. */
export interface HtlcChannels {
  ownChannels(): OwnChannel[];
  offerHtlc(channelKey: string, htlc: { amountMsat: bigint; paymentHash: Uint8Array; cltvExpiry: number; onion: Uint8Array }, onAdded: (id: bigint) => void): Promise<void>;
  readonly height: number;
}

export type OutgoingEvent =
  | { kind: 'fulfilled'; channelKey: string; id: bigint; paymentHash: Uint8Array; preimage: Uint8Array }
  | { kind: 'failed'; channelKey: string; id: bigint; paymentHash: Uint8Array; reason: HtlcFailureReason }
  | { kind: 'channel_closing'; channelKey: string };

export interface PaymentSenderOptions {
  store: Store;
  network: NetworkName;
  nodeId: string;
  records: PaymentRecords;
  channels: HtlcChannels;
  graph?: GraphStore | undefined;
  now?: () => number;
  /** No new attempt after this long (default 60 s). */
  timeoutMs?: number;
  /** Most routes tried per payment, parts included (default 24). */
  maxAttempts?: number;
  log?: (message: string) => void;
}

/** Blocks added to the invoice's final CLTV delta, so a block found while the HTLC travels does not fail it. */
const FINAL_CLTV_MARGIN = 3;
const OUTGOING_PREFIX = 'outgoing:';
const SCORER_KEY = 'routing.scorer';
const CHANNEL_READY_WAIT_MS = 10_000;

type PartStatus = 'in_flight' | 'failed' | 'succeeded' | 'on_chain';

/** One HTLC of a payment, kept with the payment. */
type Part = {
  id: string;
  channelKey: string;
  /** Known once the channel took the add (after a restart: found again by the onion). */
  htlcId: bigint | null;
  onionHash: Uint8Array;
  hopSecrets: { nodeId: Uint8Array; sharedSecret: Uint8Array }[];
  hops: PartHop[];
  /** What the payee gets from this part, and the fees it pays. */
  amountMsat: bigint;
  feeMsat: bigint;
  status: PartStatus;
};

/** A part with what offering its HTLC needs. */
type PreparedPart = { part: Part; onion: Uint8Array; cltvExpiry: number; totalMsat: bigint };

type OutgoingState = {
  paymentHash: string;
  bolt11: string;
  amountMsat: bigint;
  maxFeeMsat: bigint;
  deadline: number;
  attempts: number;
  parts: Part[];
  excludedChannels: Scid[];
  excludedNodes: NodeId[];
  /** Set once the payment is over but parts may still be in flight: no new parts, this is the reason. */
  stopping: string | null;
  preimage: Uint8Array | null;
  /** Resumed after a restart: no new parts are sent. */
  resumed: boolean;
};

export class PaymentSender {
  readonly #o: PaymentSenderOptions;
  readonly #scorer: ProbabilityScorer;
  readonly #view: LiveGraphView | undefined;
  readonly #payments = new Map<string, OutgoingState>();
  readonly #waiters = new Map<string, ((info: PaymentInfo) => void)[]>();
  /** Per payment: its handling runs one event at a time. */
  readonly #queues = new Map<string, Promise<void>>();
  readonly #invoices = new Map<string, Invoice>();

  private constructor(options: PaymentSenderOptions, scorer: ProbabilityScorer) {
    this.#o = options;
    this.#scorer = scorer;
    this.#view = options.graph ? graphView(options.graph) : undefined;
  }

  static async open(options: PaymentSenderOptions): Promise<PaymentSender> {
    const stored = await options.store.get('meta', SCORER_KEY);
    let scorer: ProbabilityScorer;
    try {
      scorer = new ProbabilityScorer(stored as unknown as ScorerState | undefined);
    } catch {
      scorer = new ProbabilityScorer();
    }
    const sender = new PaymentSender(options, scorer);
    for (const entry of await options.store.list('payments', { prefix: OUTGOING_PREFIX })) {
      const state = entry.value as unknown as OutgoingState;
      if (options.records.get(state.paymentHash, 'outgoing')?.status !== 'pending') continue;
      sender.#payments.set(state.paymentHash, { ...state, resumed: true });
    }
    return sender;
  }

  /**
   * Reconciles payments pending at the last stop with what our channels hold now (call once the
   * channels are loaded, before peers reconnect).
   */
  async resume(): Promise<void> {
    const channels = new Map(this.#o.channels.ownChannels().map((c) => [c.channelKey, c]));
    for (const state of [...this.#payments.values()]) {
      await this.#serial(state.paymentHash, async () => {
        for (const part of state.parts) {
          if (part.status !== 'in_flight') continue;
          const standing = outgoingHtlcStanding(channels.get(part.channelKey)?.state, part.onionHash);
          if (standing.kind === 'in_flight') part.htlcId = standing.id;
          else if (standing.kind === 'on_chain') part.status = 'on_chain';
          else part.status = 'failed';
        }
        if (!state.stopping && state.preimage === null) state.stopping = 'the payment was interrupted by a restart and did not go through: nothing was paid, you can pay the invoice again';
        await this.#settleIfDone(state);
      });
    }
  }

  /** The invoice as the review screen shows it. */
  decode(text: string, amountMsat?: bigint): DecodedInvoice {
    const { bolt11, invoice } = readInvoice(text, this.#o.network);
    const record = this.#o.records.get(hex(invoice.paymentHash), 'outgoing');
    const alreadyPaid = record?.status === 'pending' || record?.status === 'succeeded' ? record.status : null;
    return describeInvoice(bolt11, invoice, amountMsat, alreadyPaid);
  }

  /** Pays an invoice; resolves with the payment once it has succeeded or failed. */
  async pay(args: { bolt11: string; amountMsat?: bigint | undefined; maxFeeMsat?: bigint | undefined }): Promise<PaymentInfo> {
    const { bolt11, invoice } = readInvoice(args.bolt11, this.#o.network);
    const now = this.#now();
    if (isExpiredAt(invoice, now)) throw new EngineError('invalid_invoice', 'This invoice has expired: ask the payee for a new one.');
    const payee = hex(invoice.payeeNodeId);
    if (payee === this.#o.nodeId) throw new EngineError('invalid_invoice', 'This invoice is your own: it cannot be paid from this wallet.');
    const paymentHash = hex(invoice.paymentHash);
    const previous = this.#o.records.get(paymentHash, 'outgoing');
    if (previous?.status === 'succeeded') throw new EngineError('already_paid', 'This invoice is already paid.');
    if (previous?.status === 'pending' || this.#payments.has(paymentHash)) throw new EngineError('already_paid', 'This invoice is being paid already.');
    const amount = amountToPay(invoice, args.amountMsat);
    const maxFee = args.maxFeeMsat ?? defaultMaxFeeMsat(amount);
    if (maxFee < 0n) throw new EngineError('invalid_amount', 'The fee limit cannot be negative.');

    const state: OutgoingState = {
      paymentHash,
      bolt11,
      amountMsat: amount,
      maxFeeMsat: maxFee,
      deadline: now + (this.#o.timeoutMs ?? 60_000),
      attempts: 0,
      parts: [],
      excludedChannels: [],
      excludedNodes: [],
      stopping: null,
      preimage: null,
      resumed: false,
    };
    // Routed before anything is recorded: a payment no route fits is refused, not failed.
    let routes = this.#route(state, invoice, amount);
    // A channel reestablishing with its peer right now is usable in a moment: worth a short wait.
    for (const waitUntil = Date.now() + CHANNEL_READY_WAIT_MS; !routes.ok && this.#channelsComingBack() && Date.now() < waitUntil; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      routes = this.#route(state, invoice, amount);
    }
    if (!routes.ok) throw new EngineError('no_route', explainRouteFailure(routes.failure, maxFee));
    if (this.#payments.has(paymentHash)) throw new EngineError('already_paid', 'This invoice is being paid already.');
    const parts = this.#prepareParts(state, invoice, routes.routes);
    this.#payments.set(paymentHash, state);
    this.#invoices.set(paymentHash, invoice);
    const done = new Promise<PaymentInfo>((resolve) => this.#waiters.set(paymentHash, [resolve]));
    try {
      await this.#o.records.put(
        {
          paymentHash,
          direction: 'outgoing',
          status: 'pending',
          amountMsat: Number(amount),
          feeMsat: 0,
          maxFeeMsat: Number(maxFee),
          description: invoice.description ?? '',
          payee,
          bolt11,
          createdAt: now,
        },
        // One write for the record and the parts with their hop secrets, before any HTLC leaves.
        [this.#stateWrite(state)],
      );
    } catch (e) {
      this.#payments.delete(paymentHash);
      this.#waiters.delete(paymentHash);
      throw e;
    }
    await this.#serial(paymentHash, () => this.#offerParts(state, parts));
    return done;
  }

  /** Waits for a payment (e.g. one resumed after a restart) to end; its current record if already over. */
  async settled(paymentHash: string): Promise<PaymentInfo | undefined> {
    const record = this.#o.records.get(paymentHash, 'outgoing');
    if (!record || !this.#payments.has(paymentHash)) return record;
    return new Promise((resolve) => this.#waiters.set(paymentHash, [...(this.#waiters.get(paymentHash) ?? []), resolve]));
  }

  /**
   * The node's report on an HTLC we offered. The channel awaits it, so it never waits for a
   * payment's own work (which may be waiting for that channel): only a preimage is written here,
   * durably, before the channel goes on; the rest is queued.
   */
  async onOutgoing(event: OutgoingEvent): Promise<void> {
    if (event.kind === 'channel_closing') {
      for (const state of this.#payments.values()) {
        const parts = state.parts.filter((p) => p.channelKey === event.channelKey && p.status === 'in_flight');
        if (parts.length === 0) continue;
        for (const part of parts) part.status = 'on_chain';
        void this.#serial(state.paymentHash, () => this.#settleIfDone(state));
      }
      return;
    }
    const state = this.#payments.get(hex(event.paymentHash));
    const part = state?.parts.find((p) => p.channelKey === event.channelKey && p.htlcId === event.id && p.status === 'in_flight');
    if (!state || !part) return;
    if (event.kind === 'failed') {
      part.status = 'failed';
      void this.#serial(state.paymentHash, () => this.#onFailed(state, part, event.reason));
      return;
    }
    if (!equal(sha256(event.preimage), fromHex(state.paymentHash))) return;
    part.status = 'succeeded';
    state.preimage = event.preimage;
    state.stopping ??= 'paid';
    const now = this.#now();
    for (const hop of part.hops) if (hop.source !== 'first_hop') this.#scorer.recordChannelSuccess(hop.scid, hop.direction, hop.amountMsat, now);
    await this.#writeProgress(state);
    void this.#serial(state.paymentHash, () => this.#settleIfDone(state));
  }

  get scorer(): ProbabilityScorer {
    return this.#scorer;
  }

  // ------------------------------------------------------------ internals

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  #log(message: string): void {
    this.#o.log?.(message);
  }

  #serial(paymentHash: string, work: () => Promise<void>): Promise<void> {
    const run = (this.#queues.get(paymentHash) ?? Promise.resolve()).then(work);
    const tail = run.catch((e: unknown) => this.#log(`payment ${paymentHash}: ${e instanceof Error ? e.stack : String(e)}`));
    this.#queues.set(paymentHash, tail);
    void tail.then(() => {
      if (this.#queues.get(paymentHash) === tail) this.#queues.delete(paymentHash);
    });
    return run;
  }

  /** Whether an open channel's peer is connected but the channel is not reestablished yet. */
  #channelsComingBack(): boolean {
    return this.#o.channels.ownChannels().some((c) => c.connected && c.state.phase === 'normal' && c.state.peerSynced === false);
  }

  #firstHops(): FirstHopChannel[] {
    return this.#o.channels.ownChannels().flatMap((c) => firstHopOf(c) ?? []);
  }

  /** Routes for `amount` of the payment, within what is left of the fee limit. */
  #route(state: OutgoingState, invoice: Invoice, amount: bigint) {
    const found = this.#search(state, invoice, amount);
    if (found.ok || !this.#view?.stale) return found;
    // The index lags the gossip by design; before giving up, search what the graph holds now.
    this.#view.refresh();
    return this.#search(state, invoice, amount);
  }

  #search(state: OutgoingState, invoice: Invoice, amount: bigint) {
    const feeCommitted = state.parts.filter((p) => p.status !== 'failed').reduce((sum, p) => sum + p.feeMsat, 0n);
    const mpp = invoice.features.supports('basic_mpp');
    return splitPayment(
      {
        payer: this.#o.nodeId,
        payee: hex(invoice.payeeNodeId),
        amountMsat: amount,
        finalCltvDelta: invoice.minFinalCltvExpiryDelta + FINAL_CLTV_MARGIN,
        blockHeight: this.#o.channels.height,
        firstHops: this.#firstHops(),
        graph: this.#view,
        routeHints: invoice.routeHints,
        maxFeeMsat: state.maxFeeMsat - feeCommitted,
        maxTotalCltvDelta: DEFAULT_MAX_TOTAL_CLTV_DELTA,
        excludedChannels: state.excludedChannels,
        excludedNodes: state.excludedNodes,
        scorer: this.#scorer,
        now: this.#now(),
      },
      { maxParts: mpp ? undefined : 1 },
    );
  }

  /** Writes new parts for `routes` (with the hop secrets their failures will need), then offers their HTLCs. */
  async #sendParts(state: OutgoingState, invoice: Invoice, routes: Route[]): Promise<void> {
    const parts = this.#prepareParts(state, invoice, routes);
    await this.#o.store.commit([this.#stateWrite(state)]);
    await this.#offerParts(state, parts);
  }

  /** New parts for `routes`, added to the payment; neither written nor offered yet. */
  #prepareParts(state: OutgoingState, invoice: Invoice, routes: Route[]): PreparedPart[] {
    const firstHops = this.#firstHops();
    const parts = routes.map((route) => this.#newPart(state, invoice, route, firstHops));
    state.parts.push(...parts.map((p) => p.part));
    state.attempts += parts.length;
    return parts;
  }

  async #offerParts(state: OutgoingState, parts: PreparedPart[]): Promise<void> {
    for (const { part, onion, cltvExpiry, totalMsat } of parts) {
      try {
        await this.#o.channels.offerHtlc(part.channelKey, { amountMsat: totalMsat, paymentHash: fromHex(state.paymentHash), cltvExpiry, onion }, (id) => {
          part.htlcId = id;
        });
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        // Refused by our own channel (balance moved, peer gone): this part is rerouted like any failure.
        part.status = 'failed';
        await this.#onFailed(state, part, { kind: 'local', message: e.message });
      }
    }
    // The HTLC ids the channels gave are not written here: after a restart each part is found again by its onion.
  }

  #newPart(state: OutgoingState, invoice: Invoice, route: Route, firstHops: FirstHopChannel[]): PreparedPart {
    const first = route.hops[0]!;
    const channel = firstHops.find((h) => h.scid === first.scid && h.peer === first.nodeId);
    if (!channel) throw new Error(`route starts on ${first.scid}, not one of our channels`);
    const sessionKey = crypto.getRandomValues(new Uint8Array(32));
    const { onion, hopSecrets } = createOnion(sessionKey, onionHops(route, { paymentSecret: invoice.paymentSecret, totalMsat: state.amountMsat, paymentMetadata: invoice.metadata }), fromHex(state.paymentHash));
    const part: Part = {
      id: hex(crypto.getRandomValues(new Uint8Array(8))),
      channelKey: channel.channelKey,
      htlcId: null,
      onionHash: sha256(onion),
      hopSecrets: hopSecrets.map((s) => ({ nodeId: s.nodeId, sharedSecret: s.sharedSecret })),
      hops: route.hops.map((h) => ({ nodeId: h.nodeId, scid: h.scid, direction: h.direction, source: h.source, amountMsat: h.amountMsat })),
      amountMsat: route.amountMsat,
      feeMsat: route.feeMsat,
      status: 'in_flight',
    };
    return { part, onion, cltvExpiry: route.cltvExpiry, totalMsat: route.totalAmountMsat };
  }

  /** A part failed (already marked so): learn from it, then route its amount again or end the payment. */
  async #onFailed(state: OutgoingState, part: Part, reason: HtlcFailureReason): Promise<void> {
    const verdict = interpretFailure(part.hops, reason, part.hopSecrets as HopSecret[]);
    const now = this.#now();
    this.#log(`payment ${state.paymentHash}: part ${part.id} of ${part.amountMsat} msat failed: ${verdict.message}`);
    if (verdict.channelUpdate && verdict.updateSigner && this.#o.graph) {
      const applied = applyFailureUpdate(this.#o.graph, NETWORKS[this.#o.network].chainHash, verdict.channelUpdate, verdict.updateSigner, Math.floor(now / 1000));
      if (applied === 'applied') this.#view?.refresh();
      // An update that is not newer than ours tells us nothing: the node failed by its own rules.
      if (applied !== 'applied' && verdict.failure !== 'temporary_channel_failure') this.#scorer.penalizeNode(verdict.updateSigner, now);
    }
    if (verdict.liquidityFailureAt !== undefined) {
      part.hops.forEach((hop, index) => {
        if (hop.source === 'first_hop' || index > verdict.liquidityFailureAt!) return;
        if (index < verdict.liquidityFailureAt!) this.#scorer.recordChannelSuccess(hop.scid, hop.direction, hop.amountMsat, now);
        else this.#scorer.recordFailure(hop.scid, hop.direction, hop.amountMsat, now);
      });
    }
    if (verdict.penalizeNode) this.#scorer.penalizeNode(verdict.penalizeNode, now);
    if (verdict.excludeChannel && !state.excludedChannels.includes(verdict.excludeChannel)) state.excludedChannels.push(verdict.excludeChannel);
    if (verdict.excludeNode && !state.excludedNodes.includes(verdict.excludeNode)) state.excludedNodes.push(verdict.excludeNode);

    if (verdict.final) state.stopping ??= verdict.message;
    if (!state.stopping && now > state.deadline) state.stopping = `no route worked within ${Math.round((this.#o.timeoutMs ?? 60_000) / 1000)} s (last: ${verdict.message})`;
    if (!state.stopping && state.attempts >= (this.#o.maxAttempts ?? 24)) state.stopping = `no route worked after ${state.attempts} attempts (last: ${verdict.message})`;
    if (!state.stopping && !state.resumed) {
      const invoice = this.#invoices.get(state.paymentHash);
      const routes = invoice ? this.#route(state, invoice, part.amountMsat) : undefined;
      if (invoice && routes?.ok) {
        await this.#sendParts(state, invoice, routes.routes);
        return;
      }
      state.stopping = routes && !routes.ok ? `${verdict.message}, and no other route is left (${explainRouteFailure(routes.failure, state.maxFeeMsat)})` : verdict.message;
    }
    if (state.resumed) state.stopping ??= verdict.message;
    await this.#settleIfDone(state);
  }

  #summary(state: OutgoingState): Pick<PaymentInfo, 'parts' | 'hops' | 'feeMsat'> & { preimage?: string } {
    const succeeded = state.parts.filter((p) => p.status === 'succeeded');
    const carried = state.preimage ? succeeded : state.parts;
    return {
      parts: carried.length,
      hops: Math.max(0, ...carried.map((p) => p.hops.length)),
      feeMsat: state.preimage ? Number(succeeded.reduce((sum, p) => sum + p.feeMsat, 0n)) : 0,
      ...(state.preimage ? { preimage: hex(state.preimage) } : {}),
    };
  }

  /** The record (still pending) with what is known so far, the parts and the scorer, in one commit. */
  async #writeProgress(state: OutgoingState, failure?: string): Promise<void> {
    const record = this.#o.records.get(state.paymentHash, 'outgoing');
    if (!record) return;
    // The scorer is saved with the payment's outcome, not on every step (it grows with what it learnt).
    await this.#o.records.put({ ...record, ...this.#summary(state), ...(failure ? { failure } : {}) }, [this.#stateWrite(state)]);
  }

  /** Once no part is in flight, the payment's outcome; until then its progress. */
  async #settleIfDone(state: OutgoingState): Promise<void> {
    if (!this.#payments.has(state.paymentHash)) return;
    const inFlight = state.parts.some((p) => p.status === 'in_flight');
    const onChain = state.parts.some((p) => p.status === 'on_chain');
    if (inFlight || state.stopping === null) return this.#writeProgress(state);
    // With the preimage known, parts still on chain are the payee's to claim: the payment succeeded.
    if (onChain && !state.preimage) return this.#writeProgress(state, 'The channel closed while this payment was in flight: the chain settles it, either paid to the payee or returned to your wallet after its time lock.');
    const record = this.#o.records.get(state.paymentHash, 'outgoing');
    if (!record) return;
    const { failure: _previous, ...rest } = record;
    void _previous;
    const now = this.#now();
    const final: PaymentInfo = state.preimage
      ? { ...rest, ...this.#summary(state), status: 'succeeded', settledAt: now }
      : { ...rest, ...this.#summary(state), status: 'failed', settledAt: now, failure: sentence(state.stopping) };
    this.#payments.delete(state.paymentHash);
    this.#invoices.delete(state.paymentHash);
    await this.#o.records.put(final, [this.#stateWrite(state), this.#scorerWrite()]);
    const waiters = this.#waiters.get(state.paymentHash) ?? [];
    this.#waiters.delete(state.paymentHash);
    for (const resolve of waiters) resolve(this.#o.records.get(state.paymentHash, 'outgoing')!);
  }

  #scorerWrite(): Write {
    return put('meta', SCORER_KEY, this.#scorer.state() as unknown as StoreValue);
  }

  /** The state as it is now: the live object goes on changing while a store may still be encoding it. */
  #stateWrite(state: OutgoingState): Write {
    const snapshot: OutgoingState = {
      ...state,
      parts: state.parts.map((part) => ({ ...part })),
      excludedChannels: [...state.excludedChannels],
      excludedNodes: [...state.excludedNodes],
    };
    return put('payments', OUTGOING_PREFIX + state.paymentHash, snapshot as unknown as StoreValue);
  }
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1) + (/[.!?]$/.test(trimmed) ? '' : '.');
}

export function explainRouteFailure(failure: RouteFailure, maxFeeMsat: bigint): string {
  switch (failure.reason) {
    case 'insufficient_balance':
      return 'Your channels cannot send that much right now.';
    case 'fee_too_high':
      return failure.requiredFeeMsat !== undefined
        ? `Every route costs more than the fee limit of ${maxFeeMsat} msat (the cheapest needs ${failure.requiredFeeMsat} msat): raise the limit to pay.`
        : `Every route costs more than the fee limit of ${maxFeeMsat} msat: raise the limit to pay.`;
    case 'amount_too_large':
      return 'No route can carry that amount, even split in parts: try a smaller amount.';
    case 'amount_too_small':
      return 'The amount is below what the channels on the way accept.';
    case 'cltv_too_high':
      return 'Every route would lock the funds for too long.';
    case 'no_route':
      return 'No route to the payee is known: it may have no public channel, or the network map is still loading.';
    default:
      return `No route: ${failure.message}.`;
  }
}
