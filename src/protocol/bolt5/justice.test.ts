/** A revoked commitment of the peer on the devnet chain: the justice transactions take everything. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDevnetChain, type Chain, type Faucet } from '../../../devnet/chain/index.ts';
import { p2wsh } from '../bitcoin/script.ts';
import { revocationPrivkey, toLocalScript } from '../bolt3/index.ts';
import { classifySpend } from './classify.ts';
import { buildHtlcTxJustice, buildJusticeTx } from './justice.ts';
import { claimLocalDelayedOutputs } from './local.ts';
import { extractPreimages } from './preimages.ts';
import { claimToRemote } from './remote.ts';
import {
  ALICE_TO_SELF_DELAY,
  broadcast,
  confirm,
  displayTxid,
  expectFeeRight,
  expectRejected,
  mineTo,
  openTestChannel,
  ownerHtlcTx,
  perCommitmentSecretOf,
  signedCommitment,
  testChannel,
  testHtlc,
  testState,
  type SignedCommitment,
  type TestChannel,
  type TestHtlc,
} from './test-support.ts';

const FEERATE = 3000;

let chain: Chain;
let faucet: Faucet;

beforeEach(() => {
  ({ chain, faucet } = openDevnetChain());
});

afterEach(() => {
  chain.close();
});

function justiceKey(channel: TestChannel, secret: Uint8Array): Uint8Array {
  return revocationPrivkey(channel.alice.secrets.revocationBasepointSecret, secret);
}

function voutOf(signed: SignedCommitment<TestHtlc>, htlc: TestHtlc): number {
  return signed.commitment.htlcOutputs.find((o) => o.htlc.channelHtlc.name === htlc.name)!.outputIndex;
}

describe('a revoked commitment of the peer on chain', () => {
  it('takes to_local and every HTLC output in one justice tx, and to_remote beside it', () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const h = chain.height;
    const htlcs = [
      testHtlc('we offered', 'outgoing', 100_000n, h + 20),
      testHtlc('they offered', 'incoming', 80_000n, h + 30),
      testHtlc('they offered too', 'incoming', 70_000n, h + 35),
      testHtlc('dust', 'incoming', 1_000n, h + 30),
    ];
    const old = testState(channel, 3, 300_000n, htlcs);
    const revoked = signedCommitment(channel, 'bob', old);
    const secret = perCommitmentSecretOf(channel.bob, 3);
    const target = { destination: channel.alice.wallet, feeratePerKw: FEERATE };

    const c = confirm(chain, revoked.tx);
    const kind = classifySpend(channel.aliceView, revoked.tx, { secretFor: (n) => (n === 3 ? secret : undefined) });
    expect(kind.kind).toBe('revoked');

    // Bob's own claim of his to_local has to wait for Alice's to_self_delay.
    const bobSweep = claimLocalDelayedOutputs(channel.bobView, channel.bob.secrets, revoked.tx, 3, {
      destination: channel.bob.wallet,
      feeratePerKw: FEERATE,
    });
    expect(bobSweep.csvDelay).toBe(ALICE_TO_SELF_DELAY);
    expectRejected(chain, bobSweep.tx!, /non-BIP68-final/);

    const justice = buildJusticeTx(channel.aliceView, { tx: revoked.tx, perCommitmentSecret: secret, htlcs: old.htlcs }, justiceKey(channel, secret), target);
    expect(justice.claimed.map((o) => o.kind).sort()).toEqual(['revoked_htlc', 'revoked_htlc', 'revoked_htlc', 'revoked_to_local']);
    expect(justice.missingHtlcs.map((h) => h.name)).toEqual(['dust']);
    expect(justice.unrecognisedVouts).toEqual([]);
    expect(justice.notWorthClaiming).toEqual([]);
    const justiceTx = expectFeeRight(justice, FEERATE);
    const toRemote = claimToRemote(channel.aliceView, channel.alice.secrets, revoked.tx, target);
    const toRemoteTx = expectFeeRight(toRemote, FEERATE);
    broadcast(chain, justiceTx);
    broadcast(chain, toRemoteTx);
    chain.mine(1);
    expect(chain.height).toBe(c + 1);

    // Every output is spent, and all of it (less the two fees) is Alice's.
    const id = displayTxid(revoked.tx);
    for (let vout = 0; vout < revoked.tx.outputs.length; vout++) expect(chain.spenderOf(id, vout)?.height).toBe(c + 1);
    const total = revoked.tx.outputs.reduce((sum, o) => sum + o.value, 0n);
    expect(justiceTx.outputs[0]!.value + toRemoteTx.outputs[0]!.value).toBe(total - justice.feeSat - toRemote.feeSat);
    mineTo(chain, c + ALICE_TO_SELF_DELAY);
    expectRejected(chain, bobSweep.tx!, /missingorspent/);
  });

  it("takes the outputs of the peer's HTLC transactions, and the rest of the commitment without them", () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const h = chain.height;
    const weOffered = testHtlc('we offered', 'outgoing', 100_000n, h + 20);
    const theyOffered = testHtlc('they offered', 'incoming', 80_000n, h + 5);
    const old = testState(channel, 3, 300_000n, [weOffered, theyOffered]);
    const revoked = signedCommitment(channel, 'bob', old);
    const secret = perCommitmentSecretOf(channel.bob, 3);
    const key = justiceKey(channel, secret);
    const target = { destination: channel.alice.wallet, feeratePerKw: FEERATE };

    confirm(chain, revoked.tx);
    // Bob races us: HTLC-success with the preimage of ours, HTLC-timeout of his own at its expiry.
    const bobSuccess = ownerHtlcTx(revoked, voutOf(revoked, weOffered));
    confirm(chain, bobSuccess);
    expect(extractPreimages(bobSuccess, [weOffered.paymentHash, theyOffered.paymentHash]).map((p) => p.preimage)).toEqual([weOffered.preimage]);
    mineTo(chain, theyOffered.cltvExpiry - 1);
    const bobTimeout = ownerHtlcTx(revoked, voutOf(revoked, theyOffered));
    expectRejected(chain, bobTimeout, /non-final/);
    chain.mine(1);
    confirm(chain, bobTimeout);

    const revokedData = { tx: revoked.tx, perCommitmentSecret: secret, htlcs: old.htlcs };
    expectRejected(chain, buildJusticeTx(channel.aliceView, revokedData, key, target).tx!, /missingorspent/);
    const spent = [bobSuccess, bobTimeout].map((tx) => tx.inputs[0]!.vout);
    const rest = buildJusticeTx(channel.aliceView, revokedData, key, target, { excludeVouts: spent });
    expect(rest.claimed.map((o) => o.kind)).toEqual(['revoked_to_local']);
    broadcast(chain, expectFeeRight(rest, FEERATE));

    for (const bobTx of [bobSuccess, bobTimeout]) {
      // Bob's outputs wait for Alice's to_self_delay; the revocation key does not.
      const bobSweep = claimLocalDelayedOutputs(channel.bobView, channel.bob.secrets, bobTx, 3, { destination: channel.bob.wallet, feeratePerKw: FEERATE });
      expectRejected(chain, bobSweep.tx!, /non-BIP68-final/);
      const punish = buildHtlcTxJustice(channel.aliceView, bobTx, secret, key, target);
      expect(punish.claimed.map((o) => [o.kind, o.vout])).toEqual([['revoked_htlc_tx_output', 0]]);
      broadcast(chain, expectFeeRight(punish, FEERATE));
    }
    chain.mine(1);
    for (const tx of [revoked.tx, bobSuccess, bobTimeout]) {
      const id = displayTxid(tx);
      const unspent = tx.outputs.map((_, vout) => vout).filter((vout) => !chain.spenderOf(id, vout));
      // Only the commitment's to_remote (Alice's own P2WPKH) is left, for claimToRemote.
      expect(unspent.map((vout) => tx.outputs[vout]!.script.length)).toEqual(tx === revoked.tx ? [22] : []);
    }
  });
});

describe('justice weights', () => {
  const channel = testChannel({ txid: new Uint8Array(32).fill(9), vout: 0, amountSat: 1_000_000n });
  const secret = perCommitmentSecretOf(channel.bob, 5);
  const key = justiceKey(channel, secret);
  /** A P2WSH destination, as BOLT 5's penalty weight calculation assumes. */
  const target = { destination: p2wsh(new Uint8Array([0x51])), feeratePerKw: 1000 };

  function justiceWeight(htlc: TestHtlc): { weight: number; toLocalInput: number } {
    const state = testState(channel, 5, 300_000n, [htlc]);
    const revoked = signedCommitment(channel, 'bob', state);
    const justice = buildJusticeTx(channel.aliceView, { tx: revoked.tx, perCommitmentSecret: secret, htlcs: state.htlcs }, key, target);
    expect(justice.claimed.length).toBe(2);
    // to_local_penalty_witness as in Appendix A, with our script's actual length (the spec's counts an 8-byte delay).
    const script = toLocalScript(new Uint8Array(33), ALICE_TO_SELF_DELAY, new Uint8Array(33));
    return { weight: justice.weight, toLocalInput: 164 + 1 + 1 + 73 + 1 + 1 + 1 + script.length };
  }

  it('match BOLT 5 Appendix A: 53 bytes of non-witness data plus a 2-byte witness header, 407 per offered HTLC', () => {
    const { weight, toLocalInput } = justiceWeight(testHtlc('they offered', 'incoming', 80_000n, 300));
    expect(weight).toBe(4 * 53 + 2 + toLocalInput + 407);
  });

  it('and 414 per accepted HTLC with a 4-byte cltv_expiry', () => {
    // BOLT 5 says 413, counting accepted_htlc_script as 139 bytes; BOLT 3's own count (and the script) is 140.
    const { weight, toLocalInput } = justiceWeight(testHtlc('we offered', 'outgoing', 80_000n, 500_000_000));
    expect(weight).toBe(4 * 53 + 2 + toLocalInput + 414);
  });

  it('leave out an HTLC output worth less than its own input costs, and nothing below dust', () => {
    const state = testState(channel, 5, 300_000n, [testHtlc('small', 'incoming', 3_000n, 300)]);
    const revoked = signedCommitment(channel, 'bob', state);
    const data = { tx: revoked.tx, perCommitmentSecret: secret, htlcs: state.htlcs };
    const expensive = buildJusticeTx(channel.aliceView, data, key, { ...target, feeratePerKw: 10_000 });
    expect(expensive.claimed.map((o) => o.kind)).toEqual(['revoked_to_local']);
    expect(expensive.notWorthClaiming.map((o) => [o.kind, o.amountSat])).toEqual([['revoked_htlc', 3_000n]]);
    expect(buildJusticeTx(channel.aliceView, data, key, target).claimed.length).toBe(2);
    expect(() => buildJusticeTx(channel.aliceView, data, justiceKey(channel, perCommitmentSecretOf(channel.bob, 4)), target)).toThrow(/does not match/);
  });
});
