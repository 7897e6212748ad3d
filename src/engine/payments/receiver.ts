/**
 * The receiving side of the wallet: issues invoices with route hints through our peers, decides the
 * HTLCs that pay them (incoming.ts), records what was received and tells the node how to settle each
 * HTLC. Decisions run one at a time, in arrival order, so that a claim is durably recorded before
 * any of its parts is fulfilled, and a part seen again meanwhile finds it recorded.
 */
import type { ChannelUpdate } from '../../protocol/bolt7/messages.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import { availableToReceiveMsat, type Htlc } from '../channel/commitments.ts';
import type { ChannelEvent, ChannelState } from '../channel/state.ts';
import { EngineError } from '../engine-error.ts';
import type { PaymentInfo } from '../lightning/types.ts';
import { systemTimers, type TimerHandle, type Timers } from '../peer/timers.ts';
import { del, type Store } from '../storage/store.ts';
import { decideIncoming, expireSets, nextTimeout, type HeldSets, type IncomingAction, type PartRef } from './incoming.ts';
import { INVOICE_PREFIX, incomingPaymentInfo, invoiceKey, invoiceWrite, newInvoice, parseInvoiceRecord, type InvoiceRecord } from './issued-invoices.ts';
import type { PaymentRecords } from './records.ts';
import { PEER_POLICY_PREFIX, parsePeerPolicy, peerPolicyWrite, policyFromPeerUpdate, routeHintsFor, type HintChannel, type PeerPolicy } from './route-hints.ts';

/** One of our channels, as the receiver needs it to build hints. */
export interface ReceivingChannel extends Omit<HintChannel, 'policy'> {
  channelKey: string;
}

/**
 * A channel of ours as an invoice's hint would use it, if it can be paid through: normal and not
 * shutting down, with an id the peer forwards on (the alias the peer gave us, else the real scid).
 */
export function receivingChannel(channelKey: string, state: ChannelState, peerConnected: boolean): ReceivingChannel | undefined {
  if (state.phase !== 'normal' || state.localShutdown || state.remoteShutdown) return undefined;
  const scid = state.remoteAlias ?? state.shortChannelId;
  if (!scid) return undefined;
  return { channelKey, peer: state.peer, scid, canReceiveMsat: availableToReceiveMsat(state.commitments), peerConnected };
}

export type SettleEvent = Extract<ChannelEvent, { kind: 'fulfill_htlc' | 'fail_htlc' | 'fail_malformed_htlc' }>;

export interface ReceiverOptions {
  store: Store;
  records: PaymentRecords;
  network: NetworkName;
  nodeSecret: Uint8Array;
  nodeId: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  height: () => number;
  /** Our channels that might take a payment (normal, not shutting down). */
  channels: () => ReceivingChannel[];
  /** Feeds the settlement of an incoming HTLC to its channel. */
  settle: (part: PartRef, event: SettleEvent) => void;
  timers?: Timers;
  log?: (message: string) => void;
}

/** Timers further out than this are re-armed later (setTimeout takes at most ~24 days). */
const MAX_TIMER_MS = 3_600_000;

export class Receiver {
  readonly #o: ReceiverOptions;
  readonly #timers: Timers;
  readonly #invoices = new Map<string, InvoiceRecord>();
  readonly #policies = new Map<string, PeerPolicy>();
  #sets: HeldSets = new Map();
  #queue: Promise<void> = Promise.resolve();
  #timer: TimerHandle | undefined;
  #stopped = false;

  private constructor(options: ReceiverOptions) {
    this.#o = options;
    this.#timers = options.timers ?? systemTimers;
  }

  /** Loads invoices and peer policies; invoices that expired unpaid while we were away are marked failed. */
  static async load(options: ReceiverOptions): Promise<Receiver> {
    const receiver = new Receiver(options);
    for (const entry of await options.store.list('payments', { prefix: INVOICE_PREFIX })) {
      const invoice = parseInvoiceRecord(entry.value);
      if (invoice) receiver.#invoices.set(hex(invoice.paymentHash), invoice);
      else options.log?.(`unreadable invoice record ${entry.key}`);
    }
    for (const entry of await options.store.list('payments', { prefix: PEER_POLICY_PREFIX })) {
      const policy = parsePeerPolicy(entry.value);
      if (policy) receiver.#policies.set(entry.key.slice(PEER_POLICY_PREFIX.length), policy);
    }
    await receiver.#refreshRecords();
    receiver.#arm();
    return receiver;
  }

  stop(): void {
    this.#stopped = true;
    this.#timers.clearTimeout(this.#timer);
  }

  // ------------------------------------------------------------ invoices

  async createInvoice(args: { amountMsat: bigint | null; description: string; expirySec?: number }): Promise<PaymentInfo> {
    const hints = routeHintsFor(
      this.#o.channels().map((c) => ({ ...c, policy: this.#policies.get(c.channelKey) })),
      args.amountMsat,
    );
    const now = this.#o.now();
    const invoice = newInvoice({ network: this.#o.network, nodeSecret: this.#o.nodeSecret, ...args, routeHints: hints, now });
    const info = incomingPaymentInfo(invoice, this.#o.nodeId, now);
    this.#invoices.set(hex(invoice.paymentHash), invoice);
    await this.#o.records.put(info, [invoiceWrite(invoice)]);
    this.#arm();
    return info;
  }

  invoice(paymentHash: string): InvoiceRecord | undefined {
    return this.#invoices.get(paymentHash.toLowerCase());
  }

  /** Stops accepting payments for an unpaid invoice: HTLCs for it are then failed as unknown. */
  async cancelInvoice(paymentHash: string): Promise<void> {
    const hash = paymentHash.toLowerCase();
    const invoice = this.#invoices.get(hash);
    if (!invoice) throw new EngineError('invalid_invoice', 'This wallet issued no such invoice.');
    if (invoice.claimed) throw new EngineError('already_paid', 'This invoice is paid already.');
    this.#invoices.delete(hash);
    const info = incomingPaymentInfo(invoice, this.#o.nodeId, this.#o.now());
    await this.#o.records.put({ ...info, status: 'failed', failure: 'The invoice was cancelled: payments for it are refused.' }, [del('payments', invoiceKey(hash))]);
  }

  // ------------------------------------------------------------ channel updates from our peers

  /** A channel_update our peer sent for our channel with it (`channelKey`): kept if signed by the peer and newer. */
  async peerUpdate(channelKey: string, peer: string, update: ChannelUpdate): Promise<boolean> {
    const policy = policyFromPeerUpdate(update, peer, NETWORKS[this.#o.network].chainHash, this.#policies.get(channelKey));
    if (!policy) return false;
    this.#policies.set(channelKey, policy);
    await this.#o.store.commit([peerPolicyWrite(channelKey, policy)]);
    return true;
  }

  peerPolicy(channelKey: string): PeerPolicy | undefined {
    return this.#policies.get(channelKey);
  }

  /** The channel is gone: its policy is no longer needed. */
  async forgetChannel(channelKey: string): Promise<void> {
    if (this.#policies.delete(channelKey)) await this.#o.store.commit([del('payments', PEER_POLICY_PREFIX + channelKey)]);
  }

  // ------------------------------------------------------------ HTLCs

  /** An incoming HTLC irrevocably committed on `channelKey`; resolves once it is decided (and a claim recorded). */
  incomingHtlc(channelKey: string, htlc: Htlc): Promise<void> {
    return this.#serially(async () => {
      const decided = decideIncoming(this.#sets, {
        channelKey,
        htlc,
        nodeSecret: this.#o.nodeSecret,
        invoice: this.#invoices.get(hex(htlc.paymentHash)),
        height: this.#o.height(),
        now: this.#o.now(),
      });
      this.#sets = decided.sets;
      await this.#run(decided.actions);
      this.#arm();
    });
  }

  /** Resolves once every decision queued so far (timers included) has run. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** HTLCs held for incomplete multi-part payments, by payment hash (for tests and status). */
  held(): { paymentHash: string; parts: number; receivedMsat: bigint; totalMsat: bigint }[] {
    return [...this.#sets.values()].map((s) => ({ paymentHash: s.paymentHash, parts: s.parts.length, receivedMsat: s.parts.reduce((sum, p) => sum + p.amountMsat, 0n), totalMsat: s.totalMsat }));
  }

  async #run(actions: readonly IncomingAction[]): Promise<void> {
    for (const action of actions) {
      switch (action.kind) {
        case 'claim':
          await this.#claim(action);
          break;
        case 'fulfill':
          this.#o.settle(action.part, { kind: 'fulfill_htlc', id: action.part.htlcId, preimage: action.preimage });
          break;
        case 'fail':
          this.#o.log?.(`failing incoming HTLC ${action.part.channelKey}/${action.part.htlcId}: ${action.failure.type}`);
          this.#o.settle(action.part, { kind: 'fail_htlc', id: action.part.htlcId, reason: action.reason });
          break;
        case 'fail_malformed':
          this.#o.settle(action.part, { kind: 'fail_malformed_htlc', id: action.part.htlcId, sha256OfOnion: action.sha256OfOnion, failureCode: action.failureCode });
          break;
      }
    }
  }

  /** The claim is durable before the preimage leaves: after a crash the remaining parts are fulfilled too, never failed. */
  async #claim(action: Extract<IncomingAction, { kind: 'claim' }>): Promise<void> {
    const invoice = this.#invoices.get(action.paymentHash);
    if (!invoice) return;
    const claimed: InvoiceRecord = { ...invoice, claimed: { parts: action.parts.map((p) => p.id), receivedMsat: action.receivedMsat, at: this.#o.now() } };
    this.#invoices.set(action.paymentHash, claimed);
    await this.#o.records.put(incomingPaymentInfo(claimed, this.#o.nodeId, this.#o.now()), [invoiceWrite(claimed)]);
    this.#o.log?.(`received ${action.receivedMsat} msat for ${action.paymentHash} in ${action.parts.length} part(s)`);
    for (const part of action.parts) this.#o.settle(part, { kind: 'fulfill_htlc', id: part.htlcId, preimage: action.preimage });
  }

  // ------------------------------------------------------------ timers

  #serially(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch((e) => this.#o.log?.(`incoming payments: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    return run;
  }

  /** One timer for whatever comes first: a held set timing out or a pending invoice expiring. */
  #arm(): void {
    if (this.#stopped) return;
    this.#timers.clearTimeout(this.#timer);
    const now = this.#o.now();
    let at = nextTimeout(this.#sets) ?? Infinity;
    for (const invoice of this.#invoices.values()) {
      if (!invoice.claimed && invoice.expiresAt > now) at = Math.min(at, invoice.expiresAt);
    }
    if (at === Infinity) return;
    this.#timer = this.#timers.setTimeout(() => void this.#onTimer(), Math.min(Math.max(at - now, 0), MAX_TIMER_MS));
  }

  #onTimer(): Promise<void> {
    return this.#serially(async () => {
      if (this.#stopped) return;
      const expired = expireSets(this.#sets, this.#o.now());
      this.#sets = expired.sets;
      await this.#run(expired.actions);
      await this.#refreshRecords();
      this.#arm();
    });
  }

  /** Brings each invoice's payment record up to date (an invoice that expired unpaid turns failed). */
  async #refreshRecords(): Promise<void> {
    const now = this.#o.now();
    for (const invoice of this.#invoices.values()) {
      const info = incomingPaymentInfo(invoice, this.#o.nodeId, now);
      const stored = this.#o.records.get(info.paymentHash, 'incoming');
      if (stored?.status === info.status) continue;
      // Also writes the records of invoices issued before payment records existed.
      await this.#o.records.put(info);
    }
  }
}
