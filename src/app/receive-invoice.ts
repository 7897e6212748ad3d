/** The Lightning side of Receive: when to offer it first, and how the invoice is shown. */
import type { ChannelInfo } from '../worker/wallet-api.ts';

/** A channel that can take a payment to us now, or as soon as its peer is back: Receive offers Lightning first. */
export function canReceiveOverLightning(channels: readonly ChannelInfo[]): boolean {
  return channels.some((c) => c.phase === 'normal' && c.canReceiveMsat > 0);
}

/** What all usable channels can take in, together (a payment may come in several parts). */
export function receivableMsat(channels: readonly ChannelInfo[]): number {
  return channels.filter((c) => c.phase === 'normal').reduce((sum, c) => sum + Math.max(0, c.canReceiveMsat), 0);
}

/** The text of an invoice's QR code: upper case, so the code can use the denser alphanumeric mode. */
export function invoiceQrText(bolt11: string): string {
  return `LIGHTNING:${bolt11.toUpperCase()}`;
}
