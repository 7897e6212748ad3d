/**
 * Follows incoming payments through the node's channel updates, from the moment the node starts:
 * one is received once its HTLC, seen pending in a channel, is gone again with our balance grown
 * by its amount (failed otherwise).
 */
import type { LightningNode } from '../engine/lightning/node.ts';
import type { ChannelInfo } from '../engine/lightning/types.ts';

export type IncomingStatus =
  | { paymentHash: string; status: 'waiting' }
  | { paymentHash: string; status: 'in_flight' | 'received' | 'failed'; amountMsat: number; channelId: string };

interface Seen {
  amountMsat: number;
  channelId: string;
  localBefore: number;
  status: 'in_flight' | 'received' | 'failed';
}

export class IncomingPayments {
  readonly #seen = new Map<string, Seen>();
  readonly #unsubscribe: () => void;

  constructor(node: LightningNode) {
    this.#look(node.channels());
    this.#unsubscribe = node.on((event) => {
      if (event.type === 'channels_changed') this.#look(event.channels);
    });
  }

  status(paymentHash: string): IncomingStatus {
    const seen = this.#seen.get(paymentHash);
    return seen ? { paymentHash, status: seen.status, amountMsat: seen.amountMsat, channelId: seen.channelId } : { paymentHash, status: 'waiting' };
  }

  stop(): void {
    this.#unsubscribe();
  }

  #look(channels: ChannelInfo[]): void {
    for (const channel of channels) {
      for (const htlc of channel.pendingHtlcs) {
        if (htlc.direction === 'incoming' && !this.#seen.has(htlc.paymentHash)) {
          this.#seen.set(htlc.paymentHash, { amountMsat: htlc.amountMsat, channelId: channel.channelId, localBefore: channel.localMsat, status: 'in_flight' });
        }
      }
    }
    for (const [hash, seen] of this.#seen) {
      if (seen.status !== 'in_flight') continue;
      const channel = channels.find((c) => c.channelId === seen.channelId);
      if (!channel || channel.pendingHtlcs.some((h) => h.direction === 'incoming' && h.paymentHash === hash)) continue;
      seen.status = channel.localMsat >= seen.localBefore + seen.amountMsat ? 'received' : 'failed';
    }
  }
}
