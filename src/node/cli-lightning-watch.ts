/**
 * Follows an incoming payment for `channel watch --invoice`: its outcome is the payment record the
 * node keeps (succeeded once claimed, failed once the invoice expired unpaid); the channel it came in
 * on, and whether it is in flight, are seen from the channels' pending HTLCs since the node started.
 */
import type { LightningNode } from '../engine/lightning/node.ts';
import type { ChannelInfo, PaymentInfo } from '../engine/lightning/types.ts';

export type IncomingStatus =
  | { paymentHash: string; status: 'waiting' }
  | { paymentHash: string; status: 'in_flight' | 'received' | 'failed'; amountMsat: number; channelId?: string };

export class IncomingPayments {
  /** Payment hash → the channel its HTLC was seen pending on, and the HTLC's amount. */
  readonly #seen = new Map<string, { channelId: string; amountMsat: number; pending: boolean }>();
  readonly #unsubscribe: () => void;

  constructor(
    node: LightningNode,
    private readonly record: (paymentHash: string) => PaymentInfo | undefined,
  ) {
    this.#look(node.channels());
    this.#unsubscribe = node.on((event) => {
      if (event.type === 'channels_changed') this.#look(event.channels);
    });
  }

  status(paymentHash: string): IncomingStatus {
    const record = this.record(paymentHash);
    const seen = this.#seen.get(paymentHash);
    const where = seen ? { channelId: seen.channelId } : {};
    if (record?.status === 'succeeded') return { paymentHash, status: 'received', amountMsat: record.amountMsat ?? seen?.amountMsat ?? 0, ...where };
    if (record?.status === 'failed') return { paymentHash, status: 'failed', amountMsat: record.amountMsat ?? seen?.amountMsat ?? 0, ...where };
    if (seen?.pending) return { paymentHash, status: 'in_flight', amountMsat: seen.amountMsat, ...where };
    return { paymentHash, status: 'waiting' };
  }

  stop(): void {
    this.#unsubscribe();
  }

  #look(channels: ChannelInfo[]): void {
    for (const seen of this.#seen.values()) seen.pending = false;
    for (const channel of channels) {
      for (const htlc of channel.pendingHtlcs) {
        if (htlc.direction !== 'incoming') continue;
        const seen = this.#seen.get(htlc.paymentHash);
        if (seen && seen.channelId === channel.channelId) seen.pending = true;
        else if (!seen) this.#seen.set(htlc.paymentHash, { channelId: channel.channelId, amountMsat: htlc.amountMsat, pending: true });
      }
    }
  }
}
