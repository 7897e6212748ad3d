/**
 * What a failed part of a payment tells us, and what to do about it (BOLT 4 "Returning Errors",
 * origin node requirements): which channel or node to blame, whether a channel_update came with
 * it, and whether the payment can go on on another route or is over.
 */
import { decryptFailure, failureCode, failureFlags, type FailureMessage, type HopSecret } from '../../protocol/bolt4/index.ts';
import type { ChannelNote } from '../channel/state.ts';
import type { NodeId, Scid } from '../routing/types.ts';

/** The part's route as kept with the payment: hops[i] is the channel into hops[i].nodeId. */
export interface PartHop {
  nodeId: NodeId;
  scid: Scid;
  direction: 0 | 1;
  source: 'first_hop' | 'graph' | 'route_hint';
  amountMsat: bigint;
}

export type HtlcFailureReason = (ChannelNote & { type: 'htlc_failed' })['reason'];

export interface FailureVerdict {
  /** No other route can help: the payment fails with `message`. */
  final: boolean;
  /** One sentence for a person. */
  message: string;
  /** The BOLT 4 failure's name, when one was decoded. */
  failure?: string;
  /** Index into hops of a channel that could not carry its amount (liquidity: the scorer learns). */
  liquidityFailureAt?: number;
  /** A channel not to use again for this payment. */
  excludeChannel?: Scid;
  /** A node not to route through again for this payment. */
  excludeNode?: NodeId;
  /** A node whose channels are less likely to work (scorer penalty). */
  penalizeNode?: NodeId;
  /** A channel_update the erring node sent, to verify and apply, signed by `updateSigner`. */
  channelUpdate?: Uint8Array;
  updateSigner?: NodeId;
}

const PAYEE_UNKNOWN = 'the payee does not know this payment: the invoice may be paid already, or be wrong';

export function interpretFailure(hops: readonly PartHop[], reason: HtlcFailureReason, hopSecrets: readonly HopSecret[]): FailureVerdict {
  const first = hops[0]!;
  if (reason.kind === 'local') {
    // Our own channel could not take or keep the HTLC (peer went away, limits): try another channel.
    return { final: false, message: `your channel could not carry it: ${reason.message}`, excludeChannel: first.scid };
  }
  if (reason.kind === 'malformed') {
    // Only our peer talks to us directly: it could not read the onion we built for it.
    return { final: false, message: `the first node could not read the payment (code ${reason.code})`, penalizeNode: first.nodeId, excludeChannel: first.scid };
  }
  const decrypted = decryptFailure(hopSecrets, reason.packet);
  if (decrypted.type === 'unreadable') {
    // Someone on the route garbled the failure; we cannot tell who. Another route avoids most of them.
    return { final: false, message: 'a node on the route failed the payment with an unreadable error', ...(hops.length > 1 ? { penalizeNode: hops[0]!.nodeId } : {}) };
  }
  const erringIndex = decrypted.hopIndex;
  const erring = hops[erringIndex]!;
  if (decrypted.type === 'undecodable_failure') {
    return { final: erringIndex === hops.length - 1 && isPermanent(decrypted.failureCode), message: `a node on the route failed the payment with an error it did not encode properly`, penalizeNode: erring.nodeId, excludeNode: erring.nodeId };
  }
  const failure = decrypted.failure;
  return erringIndex === hops.length - 1 ? fromPayee(hops, erringIndex, failure) : fromForwarder(hops, erringIndex, failure);
}

function isPermanent(code: number | undefined): boolean {
  return code !== undefined && failureFlags(code).permanent;
}

function named(failure: FailureMessage): string {
  return failure.type === 'unknown_failure' ? `unknown failure 0x${failure.code.toString(16)}` : failure.type;
}

function fromPayee(hops: readonly PartHop[], index: number, failure: FailureMessage): FailureVerdict {
  const name = named(failure);
  const previous = index > 0 ? hops[index - 1]!.nodeId : undefined;
  const base = { failure: name };
  switch (failure.type) {
    case 'incorrect_or_unknown_payment_details':
      return { ...base, final: true, message: PAYEE_UNKNOWN };
    case 'mpp_timeout':
      // The payee gave up waiting for the other parts: send them again.
      return { ...base, final: false, message: 'the payee did not receive every part in time' };
    case 'final_incorrect_cltv_expiry':
    case 'final_incorrect_htlc_amount':
      // The node before the payee changed the HTLC: avoid it. Paying our own peer, nobody else is to blame.
      if (previous === undefined) return { ...base, final: true, message: `the payee refused the payment (${name.replaceAll('_', ' ')})` };
      return { ...base, final: false, message: `a node before the payee altered the payment (${name.replaceAll('_', ' ')})`, penalizeNode: previous, excludeNode: previous };
    case 'expiry_too_far':
      return { ...base, final: true, message: 'the payee refused the payment: its time lock is too long' };
    case 'temporary_node_failure':
      return { ...base, final: false, message: 'the payee is temporarily unable to take payments', penalizeNode: hops[index]!.nodeId };
    case 'permanent_node_failure':
    case 'required_node_feature_missing':
      return { ...base, final: true, message: 'the payee cannot take this payment (its node refused it for good)' };
    case 'invalid_onion_payload':
      return { ...base, final: true, message: 'the payee could not read the payment: its node may not support this kind of payment' };
    default: {
      const flags = failureFlags(failureCode(failure));
      // A channel failure reported by the payee itself concerns its incoming channel: try another way in.
      if (!flags.permanent || (!flags.node && hops.length > 1)) {
        return { ...base, final: false, message: `the payee refused this route (${name.replaceAll('_', ' ')})`, ...(hops.length > 1 ? { excludeChannel: hops[index]!.scid } : {}) };
      }
      return { ...base, final: true, message: `the payee refused the payment (${name.replaceAll('_', ' ')})` };
    }
  }
}

/** hops[index].nodeId forwards over hops[index + 1]'s channel and failed the HTLC. */
function fromForwarder(hops: readonly PartHop[], index: number, failure: FailureMessage): FailureVerdict {
  const node = hops[index]!.nodeId;
  const next = hops[index + 1]!;
  const name = named(failure);
  const words = name.replaceAll('_', ' ');
  const base = { failure: name, final: false };
  const update = 'channelUpdate' in failure && failure.channelUpdate.length > 0 ? { channelUpdate: failure.channelUpdate, updateSigner: node } : {};
  switch (failure.type) {
    case 'temporary_channel_failure':
      return { ...base, ...update, message: `a channel on the route lacked the funds to forward it (${words})`, liquidityFailureAt: index + 1 };
    case 'amount_below_minimum':
    case 'fee_insufficient':
    case 'incorrect_cltv_expiry':
    case 'expiry_too_soon':
      // With a newer channel_update the next route uses the right parameters; without, the node misled us.
      return { ...base, ...update, message: `a node on the route refused the payment's terms (${words})`, ...(Object.keys(update).length === 0 ? { penalizeNode: node, excludeChannel: next.scid } : {}) };
    case 'channel_disabled':
      return { ...base, ...update, message: 'a channel on the route is disabled', excludeChannel: next.scid };
    case 'permanent_channel_failure':
    case 'required_channel_feature_missing':
    case 'unknown_next_peer':
      return { ...base, message: `a channel on the route cannot be used (${words})`, excludeChannel: next.scid };
    case 'temporary_node_failure':
      return { ...base, message: 'a node on the route is temporarily unable to forward', penalizeNode: node };
    case 'permanent_node_failure':
    case 'required_node_feature_missing':
      return { ...base, message: `a node on the route cannot forward payments (${words})`, excludeNode: node, penalizeNode: node };
    case 'invalid_onion_version':
    case 'invalid_onion_hmac':
    case 'invalid_onion_key':
    case 'invalid_onion_blinding':
      // The next node could not read its onion (reported by this one): keep clear of the pair.
      return { ...base, message: `a node on the route could not read the payment (${words})`, excludeNode: next.nodeId, penalizeNode: node };
    default: {
      // Codes meant for the payee, or unknown ones, from a forwarder: by the flags, blame the node or its channel.
      const flags = failureFlags(failureCode(failure));
      if (flags.node) return { ...base, ...update, message: `a node on the route failed the payment (${words})`, penalizeNode: node, ...(flags.permanent ? { excludeNode: node } : {}) };
      if (flags.permanent) return { ...base, ...update, message: `a channel on the route cannot be used (${words})`, excludeChannel: next.scid };
      return { ...base, ...update, message: `a node on the route failed the payment (${words})`, penalizeNode: node, liquidityFailureAt: index + 1 };
    }
  }
}
