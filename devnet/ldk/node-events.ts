/**
 * What a node does with LDK's events: funds channels from its wallet, accepts inbound channels
 * (zero-conf for trusted peers), claims or deliberately rejects payments, tracks outcomes, hands
 * spendable outputs to the sweeper, and reports each event as JSON.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { hashToDisplay, toHex } from '../chain/bytes.ts';
import { parseTx } from '../chain/tx.ts';
import { optionalU64 } from './channel-summary.ts';
import { ldk } from './ldk.ts';
import type { NodeLogger } from './logger.ts';
import { InsufficientFunds, type OnchainWallet } from './onchain-wallet.ts';
import type { PaymentRecord, PaymentStore } from './payment-store.ts';

export type NodeEvent = { type: string } & Record<string, string | number | boolean | null>;

export interface OpenWaiter {
  temporaryChannelId: string;
  resolve(result: { channelId: string; temporaryChannelId: string; fundingTxid: string; fundingVout: number }): void;
  reject(error: Error): void;
}

export interface EventContext {
  channelManager: ldk.ChannelManager;
  sweeper: ldk.OutputSweeper;
  wallet: OnchainWallet;
  payments: PaymentStore;
  fundingFeeRate(): number;
  isTrusted(nodeId: string): boolean;
  schedulePump(): void;
  emit(event: NodeEvent): void;
  log: NodeLogger;
}

/** LDK suggests a short random delay before forwarding HTLCs (batching, privacy); the devnet keeps it short. */
const FORWARD_DELAY_MS = 10;

export class NodeEventHandler {
  readonly handler: ldk.EventHandler;
  /** By temporary channel id: the bindings' u128 round trip reverses user_channel_id's bytes, so it cannot correlate. */
  private readonly openWaiters = new Map<string, OpenWaiter & { timer: NodeJS.Timeout }>();
  private readonly paymentWaiters = new Map<string, ((record: PaymentRecord | undefined) => void)[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly context: EventContext) {
    this.handler = ldk.EventHandler.new_impl({
      handle_event: (event) => {
        try {
          return this.handle(event);
        } catch (error) {
          context.log.warn(`handling ${event.constructor.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          return ldk.Result_NoneReplayEventZ.constructor_ok();
        }
      },
    });
  }

  expectOpen(waiter: OpenWaiter, timeoutMs: number): void {
    const timer = setTimeout(() => {
      this.openWaiters.delete(waiter.temporaryChannelId);
      waiter.reject(new Error(`channel ${waiter.temporaryChannelId} was not funded within ${timeoutMs} ms`));
    }, timeoutMs);
    this.openWaiters.set(waiter.temporaryChannelId, { ...waiter, timer });
  }

  /** Resolves with the payment's final record, or undefined if still pending after `timeoutMs`. */
  waitForPayment(paymentHash: string, timeoutMs: number): Promise<PaymentRecord | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        finish(undefined);
      }, timeoutMs);
      this.timers.add(timer);
      const finish = (record: PaymentRecord | undefined) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        const waiters = this.paymentWaiters.get(paymentHash) ?? [];
        const remaining = waiters.filter((waiter) => waiter !== finish);
        if (remaining.length > 0) this.paymentWaiters.set(paymentHash, remaining);
        else this.paymentWaiters.delete(paymentHash);
        resolve(record);
      };
      this.paymentWaiters.set(paymentHash, [...(this.paymentWaiters.get(paymentHash) ?? []), finish]);
    });
  }

  settlePayment(paymentHash: string, changes: Partial<PaymentRecord>): void {
    const record = this.context.payments.update('outbound', paymentHash, changes);
    for (const waiter of [...(this.paymentWaiters.get(paymentHash) ?? [])]) waiter(record);
  }

  stop(): void {
    for (const [, waiter] of this.openWaiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('node stopped'));
    }
    this.openWaiters.clear();
    for (const timer of this.timers) clearTimeout(timer);
    for (const waiters of [...this.paymentWaiters.values()]) for (const waiter of [...waiters]) waiter(undefined);
  }

  private handle(event: ldk.Event): ldk.Result_NoneReplayEventZ {
    const { channelManager: cm, log } = this.context;
    if (event instanceof ldk.Event_FundingGenerationReady) {
      this.fund(event);
    } else if (event instanceof ldk.Event_ChannelPending) {
      const channelId = toHex(event.channel_id.get_a());
      const fundingTxid = hashToDisplay(event.funding_txo.get_txid());
      const fundingVout = event.funding_txo.get_index();
      const waiter = this.takeOpenWaiter(event.former_temporary_channel_id);
      if (waiter) {
        waiter.resolve({ channelId, temporaryChannelId: waiter.temporaryChannelId, fundingTxid, fundingVout });
      }
      this.emitEvent('ChannelPending', { channelId, counterparty: toHex(event.counterparty_node_id), fundingTxid, fundingVout });
    } else if (event instanceof ldk.Event_ChannelReady) {
      this.emitEvent('ChannelReady', { channelId: toHex(event.channel_id.get_a()), counterparty: toHex(event.counterparty_node_id) });
    } else if (event instanceof ldk.Event_ChannelClosed) {
      const reason = event.reason.to_str();
      const waiter = this.takeOpenWaiter(event.channel_id);
      if (waiter) {
        waiter.reject(new Error(`channel closed before funding: ${reason}`));
      }
      this.emitEvent('ChannelClosed', { channelId: toHex(event.channel_id.get_a()), counterparty: toHex(event.counterparty_node_id), reason });
    } else if (event instanceof ldk.Event_DiscardFunding) {
      if (event.funding_info instanceof ldk.FundingInfo_Tx) this.context.wallet.release(parseTx(event.funding_info.transaction).txid);
      this.emitEvent('DiscardFunding', { channelId: toHex(event.channel_id.get_a()) });
    } else if (event instanceof ldk.Event_OpenChannelRequest) {
      this.accept(event);
    } else if (event instanceof ldk.Event_PendingHTLCsForwardable) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        cm.process_pending_htlc_forwards();
        this.context.schedulePump();
      }, FORWARD_DELAY_MS);
      this.timers.add(timer);
    } else if (event instanceof ldk.Event_PaymentClaimable) {
      this.claimOrReject(event);
    } else if (event instanceof ldk.Event_PaymentClaimed) {
      const paymentHash = toHex(event.payment_hash);
      const preimage = preimageOf(event.purpose);
      const changes = { status: 'succeeded' as const, amountMsat: event.amount_msat.toString(), ...(preimage ? { preimage } : {}) };
      if (!this.context.payments.update('inbound', paymentHash, changes)) {
        this.context.payments.add({ paymentHash, direction: 'inbound', ...changes });
      }
      this.emitEvent('PaymentClaimed', { paymentHash, amountMsat: Number(event.amount_msat) });
    } else if (event instanceof ldk.Event_PaymentSent) {
      const paymentHash = toHex(event.payment_hash);
      const feeMsat = optionalU64(event.fee_paid_msat);
      this.settlePayment(paymentHash, {
        status: 'succeeded',
        preimage: toHex(event.payment_preimage),
        ...(feeMsat === null ? {} : { feeMsat: feeMsat.toString() }),
      });
      this.emitEvent('PaymentSent', { paymentHash, feeMsat: feeMsat === null ? null : Number(feeMsat) });
    } else if (event instanceof ldk.Event_PaymentFailed) {
      // BOLT 11 payments always carry their hash (the payment id is the hash only on a first attempt).
      const paymentHash = toHex(event.payment_hash instanceof ldk.Option_ThirtyTwoBytesZ_Some ? event.payment_hash.some : event.payment_id);
      const reason = event.reason instanceof ldk.Option_PaymentFailureReasonZ_Some ? failureReasonName(event.reason.some) : 'unknown';
      this.settlePayment(paymentHash, { status: 'failed', failureReason: reason });
      this.emitEvent('PaymentFailed', { paymentHash, reason });
    } else if (event instanceof ldk.Event_PaymentPathFailed) {
      this.emitEvent('PaymentPathFailed', { paymentHash: toHex(event.payment_hash), permanently: Boolean(event.payment_failed_permanently) });
    } else if (event instanceof ldk.Event_PaymentForwarded) {
      const fee = optionalU64(event.total_fee_earned_msat);
      this.emitEvent('PaymentForwarded', { feeMsat: fee === null ? null : Number(fee) });
    } else if (event instanceof ldk.Event_HTLCHandlingFailed) {
      this.emitEvent('HTLCHandlingFailed', { channelId: toHex(event.prev_channel_id.get_a()) });
    } else if (event instanceof ldk.Event_SpendableOutputs) {
      const tracked = this.context.sweeper.track_spendable_outputs(event.outputs, event.channel_id, false, ldk.Option_u32Z.constructor_none());
      if (!tracked.is_ok()) {
        log.warn('the sweeper refused spendable outputs; will retry');
        return ldk.Result_NoneReplayEventZ.constructor_err(ldk.ReplayEvent.constructor_new());
      }
      this.emitEvent('SpendableOutputs', { channelId: toHex(event.channel_id.get_a()), outputs: event.outputs.length });
    } else {
      log.info(`unhandled event ${event.constructor.name}`);
    }
    return ldk.Result_NoneReplayEventZ.constructor_ok();
  }

  private fund(event: ldk.Event_FundingGenerationReady): void {
    const { channelManager: cm, wallet } = this.context;
    try {
      const funding = wallet.createTransaction([{ script: event.output_script, value: event.channel_value_satoshis }], this.context.fundingFeeRate());
      const accepted = cm.funding_transaction_generated(event.temporary_channel_id, event.counterparty_node_id, funding.raw);
      if (!accepted.is_ok()) {
        wallet.release(funding.txid);
        throw new Error('LDK refused the funding transaction');
      }
    } catch (error) {
      cm.force_close_without_broadcasting_txn(event.temporary_channel_id, event.counterparty_node_id, 'funding failed');
      const waiter = this.takeOpenWaiter(event.temporary_channel_id);
      if (waiter) {
        waiter.reject(error instanceof InsufficientFunds ? error : new Error(`funding failed: ${String(error)}`));
      }
    }
  }

  private takeOpenWaiter(temporaryChannelId: ldk.ChannelId): OpenWaiter | undefined {
    const key = toHex(temporaryChannelId.get_a());
    const waiter = this.openWaiters.get(key);
    if (!waiter) return undefined;
    clearTimeout(waiter.timer);
    this.openWaiters.delete(key);
    return waiter;
  }

  private accept(event: ldk.Event_OpenChannelRequest): void {
    const counterparty = toHex(event.counterparty_node_id);
    const zeroconf = this.context.isTrusted(counterparty);
    const userChannelId = randomUserChannelId();
    const cm = this.context.channelManager;
    const accepted = zeroconf
      ? cm.accept_inbound_channel_from_trusted_peer_0conf(event.temporary_channel_id, event.counterparty_node_id, userChannelId)
      : cm.accept_inbound_channel(event.temporary_channel_id, event.counterparty_node_id, userChannelId);
    this.emitEvent('OpenChannelRequest', {
      counterparty,
      fundingSat: Number(event.funding_satoshis),
      public: Boolean(event.is_announced),
      zeroconf,
      accepted: accepted.is_ok(),
    });
  }

  private claimOrReject(event: ldk.Event_PaymentClaimable): void {
    const cm = this.context.channelManager;
    const paymentHash = toHex(event.payment_hash);
    const record = this.context.payments.get('inbound', paymentHash);
    const preimage = event.purpose.preimage();
    if (record?.rejectOnPurpose) {
      cm.fail_htlc_backwards_with_reason(event.payment_hash, ldk.FailureCode.constructor_incorrect_or_unknown_payment_details());
      this.context.payments.update('inbound', paymentHash, { status: 'failed', failureReason: 'rejected on purpose (incorrect_or_unknown_payment_details)' });
      this.emitEvent('PaymentRejected', { paymentHash, amountMsat: Number(event.amount_msat) });
    } else if (preimage instanceof ldk.Option_ThirtyTwoBytesZ_Some) {
      cm.claim_funds(preimage.some);
    } else {
      cm.fail_htlc_backwards(event.payment_hash);
      this.emitEvent('PaymentRejected', { paymentHash, amountMsat: Number(event.amount_msat), reason: 'unknown preimage' });
    }
  }

  private emitEvent(type: string, fields: Record<string, string | number | boolean | null>): void {
    this.context.log.info(`${type} ${JSON.stringify(fields)}`);
    this.context.emit({ type, ...fields });
  }
}

/** A random u128 for LDK's user_channel_id; the bindings refuse values of 2^124 and above. */
export function randomUserChannelId(): bigint {
  return BigInt(`0x${toHex(randomBytes(15))}`);
}

function preimageOf(purpose: ldk.PaymentPurpose): string | undefined {
  const preimage = purpose.preimage();
  return preimage instanceof ldk.Option_ThirtyTwoBytesZ_Some ? toHex(preimage.some) : undefined;
}

function failureReasonName(reason: ldk.PaymentFailureReason): string {
  return (ldk.PaymentFailureReason[reason] ?? String(reason)).replace('LDKPaymentFailureReason_', '');
}
