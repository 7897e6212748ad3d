import { describe, expect, it } from 'vitest';
import { createOnion, decryptFailure, encodeHopPayload, type HopPayload, type HopSecret } from '../../protocol/bolt4/index.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { publicKey, sha256 } from '../../protocol/crypto/index.ts';
import type { Htlc } from '../channel/commitments.ts';
import { decideIncoming, expireSets, MPP_TIMEOUT_MS, nextTimeout, type HeldSets, type IncomingAction } from './incoming.ts';
import { newInvoice, type InvoiceRecord } from './issued-invoices.ts';

const ourSecret = new Uint8Array(32).fill(7);
const ourId = publicKey(ourSecret);
const otherId = publicKey(new Uint8Array(32).fill(9));
const NOW = 1_700_000_000_000;
const HEIGHT = 500;
const CH = 'ch:000001';

function invoice(amountMsat: bigint | null, extra: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return { ...newInvoice({ network: 'regtest', nodeSecret: ourSecret, amountMsat, description: 'test', expirySec: 600, now: NOW }), ...extra };
}

interface Sent {
  htlc: Htlc;
  hops: HopSecret[];
}

/** An HTLC as a payer would send it to us: `payload` is our (final) hop's. */
function sent(inv: InvoiceRecord, o: { id?: bigint; amountMsat: bigint; cltvExpiry?: number; payload?: Partial<HopPayload>; totalMsat?: bigint; secret?: Uint8Array | null; forward?: boolean }): Sent {
  const cltvExpiry = o.cltvExpiry ?? HEIGHT + 18;
  const payload: HopPayload = {
    amtToForward: o.amountMsat,
    outgoingCltvValue: cltvExpiry,
    ...(o.secret === null ? {} : { paymentData: { paymentSecret: o.secret ?? inv.paymentSecret, totalMsat: o.totalMsat ?? o.amountMsat } }),
    ...o.payload,
  };
  const hops = o.forward
    ? [
        { nodeId: ourId, payload: encodeHopPayload({ amtToForward: o.amountMsat, outgoingCltvValue: cltvExpiry, shortChannelId: { block: 1, txIndex: 2, outputIndex: 3 } }) },
        { nodeId: otherId, payload: encodeHopPayload(payload) },
      ]
    : [{ nodeId: ourId, payload: encodeHopPayload(payload) }];
  const { onion, hopSecrets } = createOnion(new Uint8Array(32).fill(Number(o.id ?? 0n) + 1), hops, inv.paymentHash);
  return { htlc: { id: o.id ?? 0n, amountMsat: o.amountMsat, paymentHash: inv.paymentHash, cltvExpiry, onion }, hops: hopSecrets };
}

function decide(sets: HeldSets, inv: InvoiceRecord | undefined, s: Sent, o: { now?: number; height?: number; channelKey?: string } = {}) {
  return decideIncoming(sets, { channelKey: o.channelKey ?? CH, htlc: s.htlc, nodeSecret: ourSecret, invoice: inv, height: o.height ?? HEIGHT, now: o.now ?? NOW });
}

/** What the payer reads from our failure: the failure's name, or how the HTLC was settled. */
function outcome(action: IncomingAction, hops: HopSecret[]): string {
  if (action.kind === 'claim' || action.kind === 'fulfill') return action.kind;
  if (action.kind === 'fail_malformed') return `malformed ${action.failureCode.toString(16)}`;
  const decrypted = decryptFailure(hops, action.reason);
  if (decrypted.type !== 'failure') throw new Error(`the payer cannot read our failure: ${decrypted.type}`);
  expect(decrypted.failure.type).toBe(action.failure.type);
  return decrypted.failure.type;
}

const empty: HeldSets = new Map();

describe('deciding a single HTLC paying us', () => {
  const fixed = invoice(100_000n);
  const cases: [string, InvoiceRecord | undefined, Parameters<typeof sent>[1], { now?: number; height?: number }, string][] = [
    ['the exact amount', fixed, { amountMsat: 100_000n }, {}, 'claim'],
    ['up to twice the amount', fixed, { amountMsat: 200_000n }, {}, 'claim'],
    ['more than twice the amount', fixed, { amountMsat: 200_001n }, {}, 'incorrect_or_unknown_payment_details'],
    ['less than the amount', fixed, { amountMsat: 99_999n }, {}, 'incorrect_or_unknown_payment_details'],
    ['an unknown payment hash', undefined, { amountMsat: 100_000n }, {}, 'incorrect_or_unknown_payment_details'],
    ['a wrong payment secret', fixed, { amountMsat: 100_000n, secret: new Uint8Array(32).fill(1) }, {}, 'incorrect_or_unknown_payment_details'],
    ['no payment secret', fixed, { amountMsat: 100_000n, secret: null }, {}, 'incorrect_or_unknown_payment_details'],
    ['an expired invoice', fixed, { amountMsat: 100_000n }, { now: fixed.expiresAt }, 'incorrect_or_unknown_payment_details'],
    ['an expiry just within the grace', fixed, { amountMsat: 100_000n, cltvExpiry: HEIGHT + 16 }, {}, 'claim'],
    ['an expiry too soon', fixed, { amountMsat: 100_000n, cltvExpiry: HEIGHT + 15 }, {}, 'incorrect_or_unknown_payment_details'],
    ['an expiry too soon at a later height', fixed, { amountMsat: 100_000n }, { height: HEIGHT + 3 }, 'incorrect_or_unknown_payment_details'],
    ['an HTLC expiring before the onion says', fixed, { amountMsat: 100_000n, payload: { outgoingCltvValue: HEIGHT + 40 } }, {}, 'final_incorrect_cltv_expiry'],
    ['an HTLC carrying less than the onion says', fixed, { amountMsat: 100_000n, payload: { amtToForward: 100_001n } }, {}, 'final_incorrect_htlc_amount'],
    ['a payload without amt_to_forward', fixed, { amountMsat: 100_000n, payload: { amtToForward: undefined } }, {}, 'invalid_onion_payload'],
    ['an onion to route onwards', fixed, { amountMsat: 100_000n, forward: true }, {}, 'unknown_next_peer'],
    ['any amount on an amountless invoice', invoice(null), { amountMsat: 12_345n }, {}, 'claim'],
    ['a total of zero on an amountless invoice', invoice(null), { amountMsat: 0n }, {}, 'incorrect_or_unknown_payment_details'],
  ];
  it.each(cases)('%s', (_name, inv, htlc, at, expected) => {
    const s = sent(inv ?? fixed, htlc);
    const { actions, sets } = decide(empty, inv, s, at);
    expect(actions).toHaveLength(1);
    expect(outcome(actions[0]!, s.hops)).toBe(expected);
    expect(sets.size).toBe(0);
  });

  it('claims with the preimage, counting what the HTLC carried', () => {
    const s = sent(fixed, { amountMsat: 150_000n });
    const [action] = decide(empty, fixed, s).actions;
    expect(action).toMatchObject({ kind: 'claim', paymentHash: hex(fixed.paymentHash), receivedMsat: 150_000n, parts: [{ id: `${CH}/0`, channelKey: CH, htlcId: 0n }] });
    expect(action?.kind === 'claim' && hex(sha256(action.preimage))).toBe(hex(fixed.paymentHash));
  });

  it('answers an onion it cannot authenticate with update_fail_malformed_htlc', () => {
    const s = sent(fixed, { amountMsat: 100_000n });
    const onion = Uint8Array.from(s.htlc.onion);
    onion[100]! ^= 1;
    const [action] = decide(empty, fixed, { ...s, htlc: { ...s.htlc, onion } }).actions;
    expect(action).toMatchObject({ kind: 'fail_malformed', failureCode: 0xc005, sha256OfOnion: sha256(onion) });
  });

  it('fulfills again only the parts recorded in the claim of a paid invoice', () => {
    const paid = invoice(100_000n, { claimed: { parts: [`${CH}/4`], receivedMsat: 100_000n, at: NOW } });
    const replay = sent(paid, { id: 4n, amountMsat: 100_000n });
    expect(decide(empty, paid, replay, { now: paid.expiresAt + 1, height: HEIGHT + 100 }).actions).toMatchObject([{ kind: 'fulfill', part: { channelKey: CH, htlcId: 4n }, preimage: paid.preimage }]);
    const second = sent(paid, { id: 5n, amountMsat: 100_000n });
    expect(outcome(decide(empty, paid, second).actions[0]!, second.hops)).toBe('incorrect_or_unknown_payment_details');
  });
});

describe('multi-part payments', () => {
  const inv = invoice(300_000n);
  const part = (id: bigint, amountMsat: bigint, totalMsat = 300_000n) => sent(inv, { id, amountMsat, totalMsat });

  it('holds parts until they add up to total_msat, then claims them all', () => {
    const first = decide(empty, inv, part(1n, 100_000n));
    expect(first.actions).toEqual([]);
    expect([...first.sets.values()]).toMatchObject([{ paymentHash: hex(inv.paymentHash), totalMsat: 300_000n, firstAt: NOW, parts: [{ id: `${CH}/1` }] }]);
    // Seen again (a reconnection re-delivers undecided HTLCs): nothing changes.
    const again = decide(first.sets, inv, part(1n, 100_000n), { now: NOW + 5 });
    expect(again.actions).toEqual([]);
    expect(again.sets.get(hex(inv.paymentHash))!.parts).toHaveLength(1);
    const second = decide(again.sets, inv, part(2n, 100_000n), { now: NOW + 10, channelKey: 'ch:000002' });
    expect(second.actions).toEqual([]);
    const third = decide(second.sets, inv, part(3n, 100_000n), { now: NOW + 20 });
    expect(third.sets.size).toBe(0);
    expect(third.actions).toMatchObject([{ kind: 'claim', receivedMsat: 300_000n, parts: [{ id: `${CH}/1` }, { id: 'ch:000002/2' }, { id: `${CH}/3` }] }]);
  });

  it('refuses a set whose total is below the invoice amount, part by part', () => {
    const s = sent(inv, { id: 1n, amountMsat: 100_000n, totalMsat: 299_999n });
    expect(outcome(decide(empty, inv, s).actions[0]!, s.hops)).toBe('incorrect_or_unknown_payment_details');
  });

  it('fails the whole set when a part disagrees on total_msat', () => {
    const a = part(1n, 100_000n);
    const b = part(2n, 100_000n, 400_000n);
    const held = decide(empty, inv, a).sets;
    const { actions, sets } = decide(held, inv, b);
    expect(sets.size).toBe(0);
    expect(actions.map((x) => [x.kind === 'claim' || x.kind === 'fulfill' ? '' : x.part.htlcId, outcome(x, x.kind === 'fail' && x.part.htlcId === 1n ? a.hops : b.hops)])).toEqual([
      [2n, 'incorrect_or_unknown_payment_details'],
      [1n, 'incorrect_or_unknown_payment_details'],
    ]);
  });

  it('fails every held part with mpp_timeout 60 s after the first, not before', () => {
    const a = part(1n, 100_000n);
    const b = part(2n, 50_000n);
    const held = decide(decide(empty, inv, a).sets, inv, b, { now: NOW + 30_000 }).sets;
    expect(nextTimeout(held)).toBe(NOW + MPP_TIMEOUT_MS);
    const early = expireSets(held, NOW + MPP_TIMEOUT_MS - 1);
    expect(early.actions).toEqual([]);
    expect(early.sets).toBe(held);
    const late = expireSets(held, NOW + MPP_TIMEOUT_MS);
    expect(late.sets.size).toBe(0);
    expect(nextTimeout(late.sets)).toBeUndefined();
    expect(late.actions.map((x) => outcome(x, x.kind === 'fail' && x.part.htlcId === 1n ? a.hops : b.hops))).toEqual(['mpp_timeout', 'mpp_timeout']);
  });

  it('lets a set begun before the invoice expired complete after it, but starts none after', () => {
    const held = decide(empty, inv, part(1n, 200_000n), { now: inv.expiresAt - 1 }).sets;
    expect(decide(held, inv, part(2n, 100_000n), { now: inv.expiresAt + 1 }).actions).toMatchObject([{ kind: 'claim' }]);
    const late = part(3n, 200_000n);
    expect(outcome(decide(empty, inv, late, { now: inv.expiresAt + 1 }).actions[0]!, late.hops)).toBe('incorrect_or_unknown_payment_details');
  });
});
