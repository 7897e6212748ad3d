/**
 * The state machine against itself, under random schedules: adds, settlements and disconnections
 * from both sides in any interleaving. (Interop with a real implementation is in the devnet
 * tests; this checks the machine's own invariants quickly and exhaustively.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../protocol/codec/bytes.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { wireRegistry } from '../../protocol/wire.ts';
import { LightningKeys } from '../keys/lightning-keys.ts';
import { CommandRefused } from './failure.ts';
import { unsettledIncoming } from './normal.ts';
import { acceptInbound, channelTypeFor, startOpen } from './opening.ts';
import { DEFAULT_POLICY } from './policy.ts';
import type { ChannelEnv, ChannelEvent, ChannelState, Effect } from './state.ts';
import { step } from './step.ts';

const ALICE = LightningKeys.fromSeed(new Uint8Array(64).fill(1), 'regtest');
const BOB = LightningKeys.fromSeed(new Uint8Array(64).fill(2), 'regtest');
const HEIGHT = 1000;

function env(keys: LightningKeys, zeroConfPeer?: string): ChannelEnv {
  return {
    keys: keys.channelKeys(0),
    chainHash: NETWORKS.regtest.chainHash,
    height: HEIGHT,
    closingFeeratePerKw: 1000,
    policy: { ...DEFAULT_POLICY, zeroConfPeers: zeroConfPeer ? [zeroConfPeer] : [] },
    now: 0,
  };
}

const CRITICAL = new Set(['commitment_signed', 'revoke_and_ack', 'funding_signed']);

/**
 * Every step must write its state before it sends anything that commits us to it. Only the answer
 * to channel_reestablish may send without writing: it resends what an earlier, persisted step sent.
 */
function checkPersistBeforeSend(effects: readonly Effect[], event: ChannelEvent): void {
  let persisted = event.kind === 'message' && event.message.type === 'channel_reestablish';
  for (const e of effects) {
    if (e.kind === 'persist') persisted = true;
    if (e.kind === 'send' && CRITICAL.has(e.name)) expect(persisted, `${e.name} sent before persist`).toBe(true);
    if (e.kind === 'publish_funding') expect(persisted, 'funding published before persist').toBe(true);
  }
}

interface Side {
  name: 'alice' | 'bob';
  state: ChannelState;
  env: ChannelEnv;
  inbox: Uint8Array[];
  /** Incoming HTLCs we may settle: id → preimage (or null to fail it). */
  settleable: Map<bigint, Uint8Array | null>;
  connected: boolean;
}

function base(peer: string, weFunded: boolean) {
  return { peer, channelIndex: 0, weFunded, closeScript: Uint8Array.of(0, 20, ...new Uint8Array(20).fill(weFunded ? 3 : 4)), localAlias: { block: 9_000_000, txIndex: 1, outputIndex: 0 }, zeroConf: false, createdAt: 0 };
}

const preimages = new Map<string, Uint8Array>();
let settledCount = 0;

function apply(side: Side, other: Side, event: ChannelEvent): void {
  const result = step(side.state, event, side.env);
  checkPersistBeforeSend(result.effects, event);
  side.state = result.state;
  for (const e of result.effects) {
    if (e.kind === 'send' && side.connected && other.connected) other.inbox.push(e.message);
    if (e.kind === 'notify' && e.note.type === 'failed') throw new Error(`${side.name}'s channel failed: ${e.note.reason}`);
    if (e.kind === 'send' && (e.name === 'update_fulfill_htlc' || e.name === 'update_fail_htlc')) settledCount++;
    if (e.kind === 'notify' && e.note.type === 'incoming_htlc') {
      side.settleable.set(e.note.htlc.id, preimages.get(hex(e.note.htlc.paymentHash)) ?? null);
    }
  }
}

function deliver(from: Side, to: Side): boolean {
  const bytes = to.inbox.shift();
  if (!bytes) return false;
  apply(to, from, { kind: 'message', message: wireRegistry.decode(bytes) });
  return true;
}

function openChannel(): [Side, Side] {
  const alice: Side = { name: 'alice', state: undefined as never, env: env(ALICE), inbox: [], settleable: new Map(), connected: true };
  const bob: Side = { name: 'bob', state: undefined as never, env: env(BOB), inbox: [], settleable: new Map(), connected: true };
  const opened = startOpen(
    { base: base(BOB.nodeId(), true), temporaryChannelId: new Uint8Array(32).fill(9), fundingSat: 1_000_000n, pushMsat: 400_000_000n, feeratePerKw: 2500, channelType: channelTypeFor({ scidAlias: true, zeroConf: false }) },
    alice.env,
  );
  alice.state = opened.state;
  const open = wireRegistry.decode((opened.effects[0] as Effect & { kind: 'send' }).message);
  if (open.type !== 'open_channel') throw new Error('expected open_channel');
  const accepted = acceptInbound(open, { base: base(ALICE.nodeId(), false) }, bob.env);
  bob.state = accepted.state;
  apply(alice, bob, { kind: 'message', message: wireRegistry.decode((accepted.effects[0] as Effect & { kind: 'send' }).message) });
  // accept_channel → build_funding → funding_created
  const funding = new Uint8Array(60).fill(7);
  const built = step(alice.state, { kind: 'funding_built', tx: funding, txid: sha256(funding), outputIndex: 0 }, alice.env);
  alice.state = built.state;
  for (const e of built.effects) if (e.kind === 'send') bob.inbox.push(e.message);
  while (deliver(alice, bob) || deliver(bob, alice)) {
    /* funding_created, funding_signed */
  }
  for (const side of [alice, bob]) apply(side, side === alice ? bob : alice, { kind: 'funding_depth', confirmations: 3, shortChannelId: { block: 900, txIndex: 1, outputIndex: 0 } });
  while (deliver(alice, bob) || deliver(bob, alice)) {
    /* channel_ready */
  }
  expect(alice.state.phase).toBe('normal');
  expect(bob.state.phase).toBe('normal');
  return [alice, bob];
}

type Op =
  | { kind: 'pay'; from: 0 | 1; sat: number; succeed: boolean }
  | { kind: 'deliver'; to: 0 | 1; count: number }
  | { kind: 'settle'; by: 0 | 1 }
  | { kind: 'reconnect' }
  | { kind: 'fee'; rate: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), from: fc.constantFrom(0 as const, 1 as const), sat: fc.integer({ min: 1, max: 60_000 }), succeed: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), to: fc.constantFrom(0 as const, 1 as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('settle' as const), by: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fee' as const), rate: fc.integer({ min: 253, max: 20_000 }) }) },
);

function settleAll(side: Side, other: Side): void {
  // What a node does after a reconnection: decide again every committed incoming HTLC left unsettled.
  if (side.state.phase === 'normal' && side.state.peerSynced) {
    for (const htlc of unsettledIncoming(side.state.commitments)) side.settleable.set(htlc.id, preimages.get(hex(htlc.paymentHash)) ?? null);
  }
  // A snapshot: a refused settlement goes back into the map for a later try, not into this loop.
  for (const [id, preimage] of [...side.settleable]) {
    side.settleable.delete(id);
    const event: ChannelEvent = preimage ? { kind: 'fulfill_htlc', id, preimage } : { kind: 'fail_htlc', id, reason: new Uint8Array(300) };
    try {
      apply(side, other, event);
    } catch (e) {
      if (!(e instanceof CommandRefused)) throw e;
      side.settleable.set(id, preimage);
    }
  }
}

function reconnect(sides: [Side, Side]): void {
  for (const s of sides) {
    s.connected = false;
    s.inbox.length = 0;
  }
  for (const s of sides) apply(s, s === sides[0] ? sides[1] : sides[0], { kind: 'disconnected' });
  for (const s of sides) s.connected = true;
  for (const s of sides) apply(s, s === sides[0] ? sides[1] : sides[0], { kind: 'connected' });
}

function quiesce(sides: [Side, Side]): void {
  for (let i = 0; i < 1000; i++) {
    const moved = deliver(sides[1], sides[0]) || deliver(sides[0], sides[1]);
    if (!moved) {
      const unsettled = sides.some((s) => s.state.phase === 'normal' && unsettledIncoming(s.state.commitments).length > 0);
      if (!unsettled && sides.every((s) => s.settleable.size === 0)) return;
      settleAll(sides[0], sides[1]);
      settleAll(sides[1], sides[0]);
    }
  }
  throw new Error('the channel did not settle');
}

describe('the channel state machine against itself', () => {
  it('keeps both sides in agreement and persists before every commitment message, under random schedules', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 40 }), (ops) => {
        const sides = openChannel();
        let nonce = 0;
        for (const o of ops) {
          if (o.kind === 'pay') {
            const [payer, payee] = o.from === 0 ? sides : [sides[1], sides[0]];
            const preimage = sha256(Uint8Array.of(nonce++, o.from, ...new Uint8Array(8).fill(o.sat & 0xff)));
            const paymentHash = sha256(preimage);
            if (o.succeed) preimages.set(hex(paymentHash), preimage);
            try {
              apply(payer, payee, { kind: 'add_htlc', amountMsat: BigInt(o.sat) * 1000n, paymentHash, cltvExpiry: HEIGHT + 100, onion: new Uint8Array(1366) });
            } catch (e) {
              if (!(e instanceof CommandRefused)) throw e;
            }
          } else if (o.kind === 'deliver') {
            const [to, from] = o.to === 0 ? sides : [sides[1], sides[0]];
            for (let i = 0; i < o.count; i++) deliver(from, to);
          } else if (o.kind === 'settle') {
            const [by, other] = o.by === 0 ? sides : [sides[1], sides[0]];
            settleAll(by, other);
          } else if (o.kind === 'fee') {
            try {
              apply(sides[0], sides[1], { kind: 'update_fee', feeratePerKw: o.rate });
            } catch (e) {
              if (!(e instanceof CommandRefused)) throw e;
            }
          } else {
            reconnect(sides);
          }
        }
        reconnect(sides);
        quiesce(sides);
        const [a, b] = sides.map((s) => (s.state as ChannelState & { phase: 'normal' }).commitments);
        expect(a!.localCommit.spec.incoming.length + a!.localCommit.spec.outgoing.length).toBe(0);
        expect(a!.localCommit.spec.toUsMsat).toBe(b!.localCommit.spec.toThemMsat);
        expect(a!.localCommit.spec.toThemMsat).toBe(b!.localCommit.spec.toUsMsat);
        expect(a!.localCommit.spec.toUsMsat + a!.localCommit.spec.toThemMsat).toBe(1_000_000_000n);
        expect(a!.remoteCommit.index).toBe(b!.localCommit.index);
        expect(a!.localCommit.spec.feeratePerKw).toBe(b!.localCommit.spec.feeratePerKw);
      }),
      { numRuns: 100, endOnFailure: true },
    );
    // The schedules did exercise the dance: payments were settled both ways.
    expect(settledCount).toBeGreaterThan(50);
  }, 120_000);
});

describe('closing cooperatively', () => {
  const add = (payer: Side, payee: Side, sat: number, succeed: boolean) => {
    const preimage = sha256(Uint8Array.of(sat & 0xff, sat >> 8, payer.name.length, 7));
    if (succeed) preimages.set(hex(sha256(preimage)), preimage);
    apply(payer, payee, { kind: 'add_htlc', amountMsat: BigInt(sat) * 1000n, paymentHash: sha256(preimage), cltvExpiry: HEIGHT + 100, onion: new Uint8Array(1366) });
  };
  const closingTxid = (s: Side) => (s.state.phase === 'closing' ? s.state.closing.closingTxid : null);

  it('signs the updates it sent before the peer\'s shutdown, settles them, then agrees on one closing transaction', () => {
    const [alice, bob] = openChannel();
    add(alice, bob, 10_000, true);
    // The second add waits for bob's revocation: it is proposed but not yet signed when bob's shutdown arrives.
    add(alice, bob, 20_000, false);
    expect(alice.state.phase === 'normal' && alice.state.commitments.localChanges.proposed).toHaveLength(1);
    apply(bob, alice, { kind: 'close', feeratePerKw: 1000 });
    quiesce([alice, bob]);
    expect(alice.state.phase).toBe('closing');
    expect(bob.state.phase).toBe('closing');
    expect(closingTxid(alice)).not.toBeNull();
    expect(closingTxid(alice)).toBe(closingTxid(bob));
    const [a] = [alice, bob].map((s) => (s.state as ChannelState & { phase: 'closing' }).commitments);
    // Both HTLCs were committed and settled before the close: 10k paid, 20k failed back.
    expect(a!.localCommit.spec.toUsMsat).toBe(600_000_000n - 10_000_000n);
  });

  it('starts the fee negotiation again after a reconnection', () => {
    const [alice, bob] = openChannel();
    apply(alice, bob, { kind: 'close', feeratePerKw: 1000 });
    deliver(alice, bob); // shutdown
    deliver(bob, alice); // bob's shutdown: alice, the funder, now proposes a fee
    expect(alice.state.phase).toBe('negotiating');
    reconnect([alice, bob]); // the closing_signed is lost with the connection
    quiesce([alice, bob]);
    expect(closingTxid(alice)).not.toBeNull();
    expect(closingTxid(alice)).toBe(closingTxid(bob));
  });
});
