/**
 * Multi-part payments: when no single route can carry the amount, split it in halves (recursively,
 * up to a number of parts, down to a minimum part size) and route the parts one after another,
 * each seeing the liquidity the earlier parts take on the channels they use, ours included. Each
 * part gets the share of the remaining fee budget that its amount is of the remaining amount, so
 * the fees of all parts stay within the limit.
 */
import { findRoute, limitsOf, requestProblem, SearchContext } from './pathfinder.ts';
import type { PaymentRoutesResult, Route, RouteRequest } from './types.ts';

export interface SplitOptions {
  /** Default 16. */
  maxParts?: number;
  /** No part below this (except when the whole amount is). Default 1,000 sat. */
  minPartMsat?: bigint;
}

export const DEFAULT_MAX_PARTS = 16;
export const DEFAULT_MIN_PART_MSAT = 1_000_000n;

/**
 * Routes for paying request.amountMsat (the invoice total): one route when one can carry it,
 * otherwise parts whose amounts sum to the total. Every part's final hop gets payment_data with
 * total_msat = request.amountMsat (see onionHops).
 */
export function splitPayment(request: RouteRequest, options: SplitOptions = {}): PaymentRoutesResult {
  const maxParts = options.maxParts ?? DEFAULT_MAX_PARTS;
  const minPart = Number(options.minPartMsat ?? DEFAULT_MIN_PART_MSAT);
  if (!Number.isSafeInteger(maxParts) || maxParts < 1) return { ok: false, failure: { reason: 'invalid_request', message: 'maxParts must be a positive integer' } };
  const single = findRoute(request);
  if (single.ok) return { ok: true, routes: [single.route], amountMsat: single.route.amountMsat, feeMsat: single.route.feeMsat };
  if (requestProblem(request) !== undefined || single.failure.reason !== 'amount_too_large' || maxParts < 2) return single;

  const total = Number(request.amountMsat);
  const context = new SearchContext(request);
  const maxFee = context.maxFeeMsat;
  const limits = limitsOf(context, maxFee);
  const firstHalf = Math.ceil(total / 2);
  if (total - firstHalf < minPart) return single;

  const pending = [firstHalf, total - firstHalf];
  const routes: Route[] = [];
  let feeUsed = 0n;
  let remaining = total;
  while (pending.length > 0) {
    const part = pending.shift()!;
    const budget = ((maxFee - feeUsed) * BigInt(part)) / BigInt(remaining);
    const partLimits = { ...limits, maxFee: Number(budget) };
    const path = context.search(part, partLimits);
    if (path !== undefined) {
      const route = context.toRoute(path, BigInt(part));
      context.reserve(path, route);
      routes.push(route);
      feeUsed += route.feeMsat;
      remaining -= part;
      continue;
    }
    const half = Math.ceil(part / 2);
    if (routes.length + pending.length + 2 <= maxParts && part - half >= minPart) {
      pending.unshift(half, part - half);
      continue;
    }
    const why = context.diagnose(part, partLimits);
    const reason = why.reason === 'no_route' || why.reason === 'amount_too_small' ? 'amount_too_large' : why.reason;
    return {
      ok: false,
      failure: {
        ...why,
        reason,
        message: `cannot split ${total} msat into at most ${maxParts} parts of at least ${minPart} msat: a part of ${part} msat failed (${why.message})`,
      },
    };
  }
  return { ok: true, routes, amountMsat: request.amountMsat, feeMsat: feeUsed };
}
