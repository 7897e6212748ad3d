/** Our own commitment on the devnet chain: every claim at the first height the chain allows, not one block earlier. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDevnetChain, type Chain, type Faucet } from '../../../devnet/chain/index.ts';
import { txid } from '../bitcoin/tx.ts';
import { classifySpend } from './classify.ts';
import { claimLocalDelayedOutputs, localHtlcTxs } from './local.ts';
import { extractPreimages } from './preimages.ts';
import { claimRemoteHtlcs } from './remote.ts';
import {
  BOB_TO_SELF_DELAY,
  confirm,
  displayTxid,
  expectFeeRight,
  expectRejected,
  mineTo,
  mirrorState,
  openTestChannel,
  preimagesOf,
  signedCommitment,
  testChannel,
  testHtlc,
  testState,
  broadcast,
} from './test-support.ts';

const FEERATE = 1000;

let chain: Chain;
let faucet: Faucet;

beforeEach(() => {
  ({ chain, faucet } = openDevnetChain());
});

afterEach(() => {
  chain.close();
});

describe('our commitment on chain', () => {
  it('claims to_local, HTLC-success, HTLC-timeout and their outputs exactly when allowed', () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const h = chain.height;
    const offered = testHtlc('offered', 'outgoing', 100_000n, h + 20);
    const received = testHtlc('received', 'incoming', 80_000n, h + 30);
    const unknown = testHtlc('received, preimage unknown', 'incoming', 70_000n, h + 35);
    const dust = testHtlc('dust', 'incoming', 1_000n, h + 30);
    const state = testState(channel, 42, 400_000n, [offered, received, unknown, dust]);
    const ours = signedCommitment(channel, 'alice', state);
    const target = { destination: channel.alice.wallet, feeratePerKw: FEERATE };
    const { aliceView, alice } = channel;

    const c = confirm(chain, ours.tx);
    expect(c).toBe(h + 1);
    expect(classifySpend(aliceView, ours.tx, { local: { commitmentNumber: 42, txid: txid(ours.tx) }, secretFor: () => undefined })).toEqual({
      kind: 'local',
      commitmentNumber: 42,
    });

    const { htlcTxs, trimmed } = localHtlcTxs(aliceView, alice.secrets, ours.tx, state, ours.counterpartyHtlcSigs, preimagesOf(received));
    expect(trimmed).toEqual([dust]);
    const byName = new Map(htlcTxs.map((t) => [t.htlc.name, t]));
    expect(byName.get('received, preimage unknown')?.tx).toBeNull();
    const success = byName.get('received')!;
    const timeout = byName.get('offered')!;
    expect([success.kind, success.locktime, timeout.kind, timeout.locktime]).toEqual(['success', 0, 'timeout', h + 20]);

    // HTLC-success needs no wait.
    const s = confirm(chain, success.tx!);

    // to_local: BIP68 lets it in the block `to_self_delay` after the commitment's.
    const toLocal = claimLocalDelayedOutputs(aliceView, alice.secrets, ours.tx, 42, target);
    expect(toLocal.claimed.map((o) => o.kind)).toEqual(['to_local']);
    expect(toLocal.csvDelay).toBe(BOB_TO_SELF_DELAY);
    const toLocalTx = expectFeeRight(toLocal, FEERATE);
    mineTo(chain, c + BOB_TO_SELF_DELAY - 2);
    expectRejected(chain, toLocalTx, /non-BIP68-final/);
    chain.mine(1);
    broadcast(chain, toLocalTx);

    // The HTLC-success output, to_self_delay after the HTLC-success confirmed.
    const successSweep = claimLocalDelayedOutputs(aliceView, alice.secrets, success.tx!, 42, target);
    expect(successSweep.claimed.map((o) => o.kind)).toEqual(['htlc_tx_output']);
    const successSweepTx = expectFeeRight(successSweep, FEERATE);
    mineTo(chain, s + BOB_TO_SELF_DELAY - 2);
    expectRejected(chain, successSweepTx, /non-BIP68-final/);
    chain.mine(1);
    broadcast(chain, successSweepTx);

    // HTLC-timeout: nLockTime = cltv_expiry, relayed once the tip reaches it.
    mineTo(chain, offered.cltvExpiry - 1);
    expectRejected(chain, timeout.tx!, /non-final/);
    chain.mine(1);
    const t = confirm(chain, timeout.tx!);

    const timeoutSweep = claimLocalDelayedOutputs(aliceView, alice.secrets, timeout.tx!, 42, target);
    const timeoutSweepTx = expectFeeRight(timeoutSweep, FEERATE);
    mineTo(chain, t + BOB_TO_SELF_DELAY - 2);
    expectRejected(chain, timeoutSweepTx, /non-BIP68-final/);
    chain.mine(1);
    confirm(chain, timeoutSweepTx);

    // Everything of ours is spent; what is left is Bob's to_remote and the HTLC we cannot take.
    const commitmentId = displayTxid(ours.tx);
    const unspent = ours.tx.outputs.map((_, vout) => vout).filter((vout) => !chain.spenderOf(commitmentId, vout));
    const unknownVout = ours.commitment.htlcOutputs.find((o) => o.htlc.channelHtlc === unknown)!.outputIndex;
    const toRemoteVout = ours.tx.outputs.findIndex((o) => o.script.length === 22);
    expect(unspent.sort()).toEqual([unknownVout, toRemoteVout].sort());
    for (const tx of [toLocalTx, successSweepTx, timeoutSweepTx]) expect(chain.getTransaction(displayTxid(tx))?.blockHeight).toBeDefined();
  });

  it('learns the preimage when the peer takes an HTLC we offered', () => {
    const channel = openTestChannel(chain, faucet, 1_000_000n);
    const offered = testHtlc('offered', 'outgoing', 100_000n, chain.height + 20);
    const state = testState(channel, 1, 500_000n, [offered]);
    const ours = signedCommitment(channel, 'alice', state);
    confirm(chain, ours.tx);

    // Bob sees our commitment as his "remote" one: the same builder, from his side.
    const bobView = mirrorState(state);
    const bobClaims = claimRemoteHtlcs(channel.bobView, channel.bob.secrets, ours.tx, ours.point, bobView.htlcs, preimagesOf(offered), {
      destination: channel.bob.wallet,
      feeratePerKw: FEERATE,
    });
    expect(bobClaims.claims.map((c) => c.path)).toEqual(['preimage']);
    const bobTx = bobClaims.claims[0]!.claim.tx!;
    confirm(chain, bobTx);
    expect(extractPreimages(bobTx, [offered.paymentHash])).toEqual([{ paymentHash: offered.paymentHash, preimage: offered.preimage, inputIndex: 0 }]);

    // Our HTLC-timeout can no longer spend it.
    const { htlcTxs } = localHtlcTxs(channel.aliceView, channel.alice.secrets, ours.tx, state, ours.counterpartyHtlcSigs, () => undefined);
    mineTo(chain, offered.cltvExpiry);
    expectRejected(chain, htlcTxs[0]!.tx!, /missingorspent/);
  });

  it('refuses a transaction that is not the commitment described, and anchor HTLC txs', () => {
    const channel = testChannel({ txid: new Uint8Array(32).fill(7), vout: 0, amountSat: 1_000_000n });
    const htlc = testHtlc('x', 'outgoing', 100_000n, 200);
    const state = testState(channel, 3, 500_000n, [htlc]);
    const ours = signedCommitment(channel, 'alice', state);
    const other = signedCommitment(channel, 'alice', testState(channel, 3, 400_000n, [htlc]));
    const sigs = ours.counterpartyHtlcSigs;
    expect(() => localHtlcTxs(channel.aliceView, channel.alice.secrets, other.tx, state, sigs, () => undefined)).toThrow(/not our commitment/);
    expect(() => localHtlcTxs(channel.aliceView, channel.alice.secrets, ours.tx, state, [], () => undefined)).toThrow(/expected 1 HTLC signatures/);
    const anchors = { ...channel.aliceView, channelType: 'anchors' as const };
    expect(() => localHtlcTxs(anchors, channel.alice.secrets, ours.tx, state, sigs, () => undefined)).toThrow(/anchor/);
    expect(() => claimLocalDelayedOutputs(channel.aliceView, channel.bob.secrets, ours.tx, 3, { destination: channel.alice.wallet, feeratePerKw: 253 })).toThrow(
      /does not match/,
    );
  });
});
