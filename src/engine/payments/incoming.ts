/**
 * What to do with HTLCs paying us, as pure functions of the HTLC, our invoice for its payment hash,
 * the parts already held, the block height and the time (BOLT 4, final node, basic multi-part).
 *
 * An HTLC that passes every check joins the set of its payment hash; once the parts add up to the
 * set's total_msat, every part is claimed with the preimage. A set still short of it 60 s after its
 * first part is failed with mpp_timeout. Parts of an already-claimed invoice: those recorded as
 * claimed are fulfilled again (a restart may have lost the fulfill); any other HTLC for it is failed
 * as unknown — BOLT 4 allows accepting it too, but taking a second payment for one invoice only
 * costs the payer.
 */
import { createFailurePacket, OnionFailureError, peelOnion, validateFinalHopPayload, type PeeledOnion } from '../../protocol/bolt4/index.ts';
import type { KnownFailure } from '../../protocol/bolt4/failure-messages.ts';
import { BADONION, PERM } from '../../protocol/bolt4/failure-messages.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import type { Htlc } from '../channel/commitments.ts';
import type { InvoiceRecord } from './issued-invoices.ts';

/** BOLT 4: wait at least 60 s after a set's first part before giving up on the rest. */
export const MPP_TIMEOUT_MS = 60_000;
/**
 * Blocks an HTLC may fall short of height + min_final_cltv_expiry_delta and still be taken: the
 * payer computed its expiry from its own view of the tip, which may be a block or two behind ours.
 */
export const FINAL_CLTV_GRACE = 2;

export interface PartRef {
  readonly channelKey: string;
  readonly htlcId: bigint;
}

export interface HeldPart extends PartRef {
  /** `<channel key>/<htlc id>`: what a claim records. */
  readonly id: string;
  readonly amountMsat: bigint;
  readonly amtToForward: bigint;
  readonly totalMsat: bigint;
  readonly cltvExpiry: number;
  /** To encrypt a failure for the payer later (mpp_timeout). */
  readonly sharedSecret: Uint8Array;
  readonly receivedAt: number;
}

export interface HtlcSet {
  readonly paymentHash: string;
  readonly totalMsat: bigint;
  readonly firstAt: number;
  readonly parts: readonly HeldPart[];
}

export type HeldSets = ReadonlyMap<string, HtlcSet>;

export type IncomingAction =
  /** Record the claim durably, then fulfill every part with the preimage. */
  | { readonly kind: 'claim'; readonly paymentHash: string; readonly preimage: Uint8Array; readonly parts: readonly HeldPart[]; readonly receivedMsat: bigint }
  /** A part of an invoice already claimed (and recorded): fulfill it again. */
  | { readonly kind: 'fulfill'; readonly part: PartRef; readonly preimage: Uint8Array }
  | { readonly kind: 'fail'; readonly part: PartRef; readonly reason: Uint8Array; readonly failure: KnownFailure }
  | { readonly kind: 'fail_malformed'; readonly part: PartRef; readonly sha256OfOnion: Uint8Array; readonly failureCode: number };

export interface IncomingHtlcInput {
  readonly channelKey: string;
  readonly htlc: Htlc;
  readonly nodeSecret: Uint8Array;
  /** Our invoice for the HTLC's payment hash, if we issued one. */
  readonly invoice: InvoiceRecord | undefined;
  readonly height: number;
  readonly now: number;
}

export interface Decided {
  readonly sets: HeldSets;
  readonly actions: readonly IncomingAction[];
}

export const partId = (channelKey: string, htlcId: bigint): string => `${channelKey}/${htlcId}`;

/** Decides an irrevocably committed incoming HTLC: fail it, hold it, or claim it with the rest of its set. */
export function decideIncoming(sets: HeldSets, input: IncomingHtlcInput): Decided {
  const { htlc, invoice, height, now } = input;
  const ref: PartRef = { channelKey: input.channelKey, htlcId: htlc.id };
  const id = partId(input.channelKey, htlc.id);
  const hash = hex(htlc.paymentHash);
  const unchanged = (...actions: IncomingAction[]): Decided => ({ sets, actions });

  let peeled: PeeledOnion;
  try {
    peeled = peelOnion(input.nodeSecret, htlc.onion, htlc.paymentHash);
  } catch (e) {
    if (e instanceof OnionFailureError && e.sharedSecret && !('sha256OfOnion' in e.failure)) return unchanged(failWith(ref, e.sharedSecret, e.failure));
    if (e instanceof OnionFailureError && 'sha256OfOnion' in e.failure) return unchanged({ kind: 'fail_malformed', part: ref, sha256OfOnion: sha256(htlc.onion), failureCode: malformedCode(e.failure) });
    if (e instanceof DecodeError) return unchanged({ kind: 'fail_malformed', part: ref, sha256OfOnion: sha256(htlc.onion), failureCode: MALFORMED_HMAC });
    throw e;
  }
  const secret = peeled.sharedSecret;
  // We route for nobody.
  if (peeled.type !== 'final') return unchanged(failWith(ref, secret, { type: 'unknown_next_peer', tlvs: {} }));
  let final;
  try {
    final = validateFinalHopPayload(peeled.payload, htlc);
  } catch (e) {
    if (e instanceof OnionFailureError) return unchanged(failWith(ref, secret, e.failure));
    throw e;
  }
  const unknown = (): IncomingAction => failWith(ref, secret, unknownDetails(htlc.amountMsat, height));
  if (!invoice || !final.paymentSecret || !equal(final.paymentSecret, invoice.paymentSecret)) return unchanged(unknown());
  if (invoice.claimed) return unchanged(invoice.claimed.parts.includes(id) ? { kind: 'fulfill', part: ref, preimage: invoice.preimage } : unknown());

  const current = sets.get(hash);
  if (current?.parts.some((p) => p.id === id)) return unchanged();
  // Parts of a set begun in time may still complete it; a payment starting after expiry may not.
  if (!current && now >= invoice.expiresAt) return unchanged(unknown());
  if (htlc.cltvExpiry < height + invoice.minFinalCltvExpiryDelta - FINAL_CLTV_GRACE) return unchanged(unknown());
  const total = final.totalMsat;
  if (total <= 0n || (invoice.amountMsat !== null && (total < invoice.amountMsat || total > invoice.amountMsat * 2n))) return unchanged(unknown());

  if (current && current.totalMsat !== total) {
    // BOLT 4: parts disagreeing on the total fail the whole set.
    const rest = new Map(sets);
    rest.delete(hash);
    return { sets: rest, actions: [unknown(), ...current.parts.map((p) => failWith(p, p.sharedSecret, unknownDetails(p.amountMsat, height)))] };
  }
  const part: HeldPart = { ...ref, id, amountMsat: htlc.amountMsat, amtToForward: final.amtToForward, totalMsat: total, cltvExpiry: htlc.cltvExpiry, sharedSecret: secret, receivedAt: now };
  const set: HtlcSet = current ? { ...current, parts: [...current.parts, part] } : { paymentHash: hash, totalMsat: total, firstAt: now, parts: [part] };
  const next = new Map(sets);
  if (set.parts.reduce((sum, p) => sum + p.amtToForward, 0n) >= total) {
    next.delete(hash);
    const receivedMsat = set.parts.reduce((sum, p) => sum + p.amountMsat, 0n);
    return { sets: next, actions: [{ kind: 'claim', paymentHash: hash, preimage: invoice.preimage, parts: set.parts, receivedMsat }] };
  }
  next.set(hash, set);
  return { sets: next, actions: [] };
}

/** Fails every set still incomplete `timeoutMs` after its first part, with mpp_timeout. */
export function expireSets(sets: HeldSets, now: number, timeoutMs = MPP_TIMEOUT_MS): Decided {
  const next = new Map(sets);
  const actions: IncomingAction[] = [];
  for (const [hash, set] of sets) {
    if (now < set.firstAt + timeoutMs) continue;
    next.delete(hash);
    for (const p of set.parts) actions.push(failWith(p, p.sharedSecret, { type: 'mpp_timeout', tlvs: {} }));
  }
  return actions.length === 0 ? { sets, actions } : { sets: next, actions };
}

/** When the next set times out, if any is held. */
export function nextTimeout(sets: HeldSets, timeoutMs = MPP_TIMEOUT_MS): number | undefined {
  let next: number | undefined;
  for (const set of sets.values()) next = Math.min(next ?? Infinity, set.firstAt + timeoutMs);
  return next;
}

const MALFORMED_HMAC = BADONION | PERM | 5;

function malformedCode(failure: KnownFailure): number {
  if (failure.type === 'invalid_onion_version') return BADONION | PERM | 4;
  if (failure.type === 'invalid_onion_key') return BADONION | PERM | 6;
  return MALFORMED_HMAC;
}

function unknownDetails(htlcMsat: bigint, height: number): KnownFailure {
  return { type: 'incorrect_or_unknown_payment_details', htlcMsat, height, tlvs: {} };
}

function failWith(part: PartRef, sharedSecret: Uint8Array, failure: KnownFailure): IncomingAction {
  return { kind: 'fail', part: { channelKey: part.channelKey, htlcId: part.htlcId }, reason: createFailurePacket(sharedSecret, failure), failure };
}
