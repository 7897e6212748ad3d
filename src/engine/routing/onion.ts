/**
 * From a route to what the BOLT 4 onion builder takes: one payload per hop. A forwarding node is
 * told the channel, amount and expiry of the next hop; the payee its own amount and expiry plus
 * payment_data (the invoice's payment secret and, for a multi-part payment, the total).
 */
import type { OnionHop } from '../../protocol/bolt4/create-onion.ts';
import { encodeHopPayload, type HopPayload } from '../../protocol/bolt4/hop-payload.ts';
import { fromHex } from '../../protocol/codec/bytes.ts';
import type { Route } from './types.ts';

export interface FinalHopData {
  paymentSecret: Uint8Array;
  /** The whole payment's amount: the route's own for a single-part payment. */
  totalMsat: bigint;
  paymentMetadata?: Uint8Array | undefined;
}

export function hopPayloads(route: Route, final: FinalHopData): { nodeId: Uint8Array; payload: HopPayload }[] {
  const hops = route.hops;
  return hops.map((hop, i) => {
    const next = hops[i + 1];
    const payload: HopPayload =
      next === undefined
        ? {
            amtToForward: hop.amountMsat,
            outgoingCltvValue: hop.cltvExpiry,
            paymentData: { paymentSecret: final.paymentSecret, totalMsat: final.totalMsat },
            ...(final.paymentMetadata !== undefined ? { paymentMetadata: final.paymentMetadata } : {}),
          }
        : { amtToForward: next.amountMsat, outgoingCltvValue: next.cltvExpiry, shortChannelId: next.shortChannelId };
    return { nodeId: fromHex(hop.nodeId), payload };
  });
}

/** hopPayloads() encoded, ready for createOnion(sessionKey, hops, paymentHash). */
export function onionHops(route: Route, final: FinalHopData): OnionHop[] {
  return hopPayloads(route, final).map(({ nodeId, payload }) => ({ nodeId, payload: encodeHopPayload(payload) }));
}
