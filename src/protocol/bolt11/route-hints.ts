import { isValidPoint, shortChannelId, type ShortChannelId } from '../codec/codec.ts';
import { fail } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { Writer } from '../codec/writer.ts';

/** Private-route hints (`r` fields): each field is one route, a list of hops towards the payee. */

export interface RouteHop {
  /** Node id at the start of the channel. */
  pubkey: Uint8Array;
  shortChannelId: ShortChannelId;
  feeBaseMsat: number;
  feeProportionalMillionths: number;
  cltvExpiryDelta: number;
}

export type RouteHint = RouteHop[];

export const HOP_BYTES = 51;

export function decodeRouteHint(bytes: Uint8Array): RouteHint {
  if (bytes.length === 0) fail('invalid_value', 'route hint (r field) has no hops');
  if (bytes.length % HOP_BYTES !== 0) fail('invalid_value', `route hint (r field) of ${bytes.length} bytes is not a whole number of 51-byte hops`);
  const r = new Reader(bytes);
  const hops: RouteHint = [];
  while (!r.done) {
    const pubkey = r.bytes(33, 'route hint pubkey');
    if (!isValidPoint(pubkey)) fail('invalid_point', `route hint hop ${hops.length} has an invalid node id`);
    hops.push({
      pubkey,
      shortChannelId: shortChannelId.read(r),
      feeBaseMsat: r.u32(),
      feeProportionalMillionths: r.u32(),
      cltvExpiryDelta: r.u16(),
    });
  }
  return hops;
}

/** Why a route hint cannot be encoded, or undefined if it can. */
export function routeHintProblem(route: RouteHint): string | undefined {
  if (route.length === 0) return 'a route hint needs at least one hop';
  for (const hop of route) {
    if (!isValidPoint(hop.pubkey)) return 'route hint hop node id is not a valid public key';
    const { block, txIndex, outputIndex } = hop.shortChannelId;
    if (!isUint(block, 24) || !isUint(txIndex, 24) || !isUint(outputIndex, 16)) return 'route hint hop has an invalid short_channel_id';
    if (!isUint(hop.feeBaseMsat, 32) || !isUint(hop.feeProportionalMillionths, 32)) return 'route hint hop fee out of u32 range';
    if (!isUint(hop.cltvExpiryDelta, 16)) return 'route hint hop cltv_expiry_delta out of u16 range';
  }
  return undefined;
}

export function encodeRouteHint(route: RouteHint): Uint8Array {
  const w = new Writer(route.length * HOP_BYTES);
  for (const hop of route) {
    w.bytes(hop.pubkey);
    shortChannelId.write(w, hop.shortChannelId);
    w.u32(hop.feeBaseMsat).u32(hop.feeProportionalMillionths).u16(hop.cltvExpiryDelta);
  }
  return w.finish();
}

function isUint(n: number, bits: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 2 ** bits;
}
