/** The peer's commitment on the devnet chain: to_remote and HTLC claims, timed by the chain's rules. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDevnetChain, type Chain, type Faucet } from '../../../devnet/chain/index.ts';
import { txid, type Transaction } from '../bitcoin/tx.ts';
import { revocationPrivkey } from '../bolt3/index.ts';
import { classifySpend } from './classify.ts';
import { buildJusticeTx } from './justice.ts';
import { claimRemoteHtlcs, claimToRemote } from './remote.ts';
import {
  broadcast,
  confirm,
  displayTxid,
  expectFeeRight,
  expectRejected,
  mineTo,
  openTestChannel,
  perCommitmentSecretOf,
  preimagesOf,
  signedCommitment,
  testHtlc,
  testState,
} from './test-support.ts';

const FEERATE = 2000;

let chain: Chain;
let faucet: Faucet;

beforeEach(() => {
  ({ chain, faucet } = openDevnetChain());
});

afterEach(() => {
  chain.close();
});

describe("the peer's commitment on chain", () => {
  it('sweeps to_remote at once, takes HTLCs with the preimage at once and ours back at cltv_expiry', () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const { aliceView, alice } = channel;
    const h = chain.height;
    const offered = testHtlc('offered', 'outgoing', 100_000n, h + 20);
    const received = testHtlc('received', 'incoming', 80_000n, h + 30);
    const unknown = testHtlc('received, preimage unknown', 'incoming', 70_000n, h + 35);
    const dust = testHtlc('dust', 'outgoing', 1_000n, h + 20);
    const current = testState(channel, 10, 400_000n, [offered, received, unknown, dust]);
    const next = testState(channel, 11, 380_000n, [offered, received, unknown, dust]);
    const theirs = signedCommitment(channel, 'bob', current);
    const theirNext = signedCommitment(channel, 'bob', next);
    const target = { destination: alice.wallet, feeratePerKw: FEERATE };

    confirm(chain, theirs.tx);
    const kind = classifySpend(aliceView, theirs.tx, {
      remoteCurrent: { commitmentNumber: 10, txid: txid(theirs.tx), perCommitmentPoint: theirs.point },
      remoteNext: { commitmentNumber: 11, txid: txid(theirNext.tx), perCommitmentPoint: theirNext.point },
      secretFor: (n) => (n < 10 ? perCommitmentSecretOf(channel.bob, n) : undefined),
    });
    expect(kind).toEqual({ kind: 'remote', which: 'current', commitmentNumber: 10, perCommitmentPoint: theirs.point });

    const toRemote = claimToRemote(aliceView, alice.secrets, theirs.tx, target);
    // Alice funded the channel: she pays the commitment fee, on Bob's commitment too.
    expect(toRemote.claimed.map((o) => [o.kind, o.amountSat])).toEqual([['to_remote', 400_000n - theirs.commitment.baseFeeSat]]);
    broadcast(chain, expectFeeRight(toRemote, FEERATE));

    const htlcs = claimRemoteHtlcs(aliceView, alice.secrets, theirs.tx, theirs.point, current.htlcs, preimagesOf(received), target);
    expect(htlcs.missing).toEqual([dust]);
    expect(htlcs.awaitingPreimage.map((m) => m.htlc)).toEqual([unknown]);
    const byPath = new Map(htlcs.claims.map((c) => [c.path, c]));
    expect(htlcs.claims.map((c) => c.htlc.name).sort()).toEqual(['offered', 'received']);
    const preimageClaim = byPath.get('preimage')!.claim;
    const timeoutClaim = byPath.get('timeout')!.claim;
    expect([preimageClaim.locktime, timeoutClaim.locktime]).toEqual([0, offered.cltvExpiry]);

    // The chain checks the witness: a wrong preimage does not pass.
    const preimageTx = expectFeeRight(preimageClaim, FEERATE);
    const [input] = preimageTx.inputs;
    const forged: Transaction = { ...preimageTx, inputs: [{ ...input!, witness: [input!.witness[0]!, new Uint8Array(32), input!.witness[2]!] }] };
    expectRejected(chain, forged, /script-verify-flag-failed/);
    broadcast(chain, preimageTx);

    const timeoutTx = expectFeeRight(timeoutClaim, FEERATE);
    mineTo(chain, offered.cltvExpiry - 1);
    expectRejected(chain, timeoutTx, /non-final/);
    chain.mine(1);
    confirm(chain, timeoutTx);

    // Left: Bob's to_local and the HTLC only Bob can time out.
    const id = displayTxid(theirs.tx);
    const unspent = theirs.tx.outputs.map((_, vout) => vout).filter((vout) => !chain.spenderOf(id, vout));
    const unknownVout = htlcs.awaitingPreimage[0]!.vout;
    const toLocalVout = theirs.tx.outputs.findIndex((o) => o.value === 1_000_000n - 400_000n - 250_000n - 1_000n);
    expect(unspent.sort()).toEqual([unknownVout, toLocalVout].sort());
  });

  it("claims from the peer's next commitment with that commitment's point", () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const received = testHtlc('received', 'incoming', 80_000n, chain.height + 30);
    const next = testState(channel, 11, 380_000n, [received]);
    const theirNext = signedCommitment(channel, 'bob', next);
    const target = { destination: channel.alice.wallet, feeratePerKw: FEERATE };
    confirm(chain, theirNext.tx);

    const current = signedCommitment(channel, 'bob', testState(channel, 10, 380_000n, [received]));
    const withWrongPoint = claimRemoteHtlcs(channel.aliceView, channel.alice.secrets, theirNext.tx, current.point, next.htlcs, preimagesOf(received), target);
    expect(withWrongPoint.claims).toEqual([]);
    expect(withWrongPoint.missing).toEqual([received]);

    const claims = claimRemoteHtlcs(channel.aliceView, channel.alice.secrets, theirNext.tx, theirNext.point, next.htlcs, preimagesOf(received), target);
    confirm(chain, expectFeeRight(claims.claims[0]!.claim, FEERATE));
    confirm(chain, expectFeeRight(claimToRemote(channel.aliceView, channel.alice.secrets, theirNext.tx, target), FEERATE));
  });

  it('skips an HTLC the fee would eat, and says so', () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const small = testHtlc('small', 'incoming', 3_000n, chain.height + 30);
    const state = testState(channel, 4, 500_000n, [small]);
    const theirs = signedCommitment(channel, 'bob', state);
    confirm(chain, theirs.tx);
    const claims = claimRemoteHtlcs(channel.aliceView, channel.alice.secrets, theirs.tx, theirs.point, state.htlcs, preimagesOf(small), {
      destination: channel.alice.wallet,
      feeratePerKw: 5000,
    });
    const { claim } = claims.claims[0]!;
    expect(claim.tx).toBeNull();
    expect(claim.notWorthClaiming.map((o) => [o.kind, o.amountSat])).toEqual([['htlc_preimage', 3_000n]]);
    // At a lower rate the same output is worth it.
    const cheap = claimRemoteHtlcs(channel.aliceView, channel.alice.secrets, theirs.tx, theirs.point, state.htlcs, preimagesOf(small), {
      destination: channel.alice.wallet,
      feeratePerKw: 1000,
    });
    confirm(chain, expectFeeRight(cheap.claims[0]!.claim, 1000));
  });

  it('with anchors: to_remote and HTLC claims wait one block (CSV 1), and justice skips the anchors', () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n, 'anchors');
    const received = testHtlc('received', 'incoming', 80_000n, chain.height + 30);
    const offered = testHtlc('offered', 'outgoing', 60_000n, chain.height + 30);
    const state = testState(channel, 6, 400_000n, [received, offered]);
    const theirs = signedCommitment(channel, 'bob', state);
    const target = { destination: channel.alice.wallet, feeratePerKw: FEERATE };
    broadcast(chain, theirs.tx);

    const toRemote = claimToRemote(channel.aliceView, channel.alice.secrets, theirs.tx, target);
    const htlcClaim = claimRemoteHtlcs(channel.aliceView, channel.alice.secrets, theirs.tx, theirs.point, state.htlcs, preimagesOf(received), target)
      .claims.find((c) => c.path === 'preimage')!.claim;
    for (const claim of [toRemote, htlcClaim]) {
      expect(claim.csvDelay).toBe(1);
      expectRejected(chain, expectFeeRight(claim, FEERATE), /non-BIP68-final/);
    }
    chain.mine(1);
    broadcast(chain, toRemote.tx!);
    confirm(chain, htlcClaim.tx!);

    const secret = perCommitmentSecretOf(channel.bob, 6);
    const justice = buildJusticeTx(
      channel.aliceView,
      { tx: theirs.tx, perCommitmentSecret: secret, htlcs: state.htlcs },
      revocationPrivkey(channel.alice.secrets.revocationBasepointSecret, secret),
      target,
      { excludeVouts: [htlcClaim.claimed[0]!.vout] },
    );
    expect(theirs.tx.outputs.length).toBe(6);
    expect(justice.unrecognisedVouts).toEqual([]);
    expect(justice.claimed.map((o) => o.kind).sort()).toEqual(['revoked_htlc', 'revoked_to_local']);
    confirm(chain, expectFeeRight(justice, FEERATE));
  });
});
