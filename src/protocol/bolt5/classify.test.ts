import { describe, expect, it } from 'vitest';
import { txid, type Transaction } from '../bitcoin/tx.ts';
import { sha256 } from '../crypto/index.ts';
import { buildChannelCommitment, channelObscuringFactor, localPerCommitmentPoint } from './channel.ts';
import { classifySpend, decodeCommitmentNumber, type SpendKnowledge } from './classify.ts';
import { perCommitmentSecretOf, signedCommitment, testChannel, testHtlc, testState } from './test-support.ts';

const funding = { txid: sha256(new TextEncoder().encode('funding')), vout: 1, amountSat: 1_000_000n };
const channel = testChannel(funding);
const htlcs = [testHtlc('a', 'outgoing', 100_000n, 500), testHtlc('b', 'incoming', 80_000n, 510)];

const local = signedCommitment(channel, 'alice', testState(channel, 7, 400_000n, htlcs));
const remoteCurrent = signedCommitment(channel, 'bob', testState(channel, 6, 300_000n, htlcs));
const remoteNext = signedCommitment(channel, 'bob', testState(channel, 7, 350_000n, htlcs));
const revoked = signedCommitment(channel, 'bob', testState(channel, 3, 200_000n, htlcs));

const knowledge: SpendKnowledge = {
  local: { commitmentNumber: 7, txid: txid(local.tx) },
  remoteCurrent: { commitmentNumber: 6, txid: txid(remoteCurrent.tx), perCommitmentPoint: remoteCurrent.point },
  remoteNext: { commitmentNumber: 7, txid: txid(remoteNext.tx), perCommitmentPoint: remoteNext.point },
  secretFor: (n) => (n < 6 ? perCommitmentSecretOf(channel.bob, n) : undefined),
};

function spendOf(txidBytes: Uint8Array, vout: number, sequence: number, locktime: number): Transaction {
  return {
    version: 2,
    locktime,
    inputs: [{ txid: txidBytes, vout, sequence, scriptSig: new Uint8Array(0), witness: [] }],
    outputs: [{ value: 990_000n, script: channel.alice.wallet }],
  };
}

describe('decodeCommitmentNumber', () => {
  it('recovers every 48-bit commitment number from a commitment of either side', () => {
    const factor = channelObscuringFactor(channel.aliceView);
    for (const n of [0, 1, 7, 2 ** 24 - 1, 2 ** 24, 2 ** 32 + 3, 2 ** 47 + 12345, 2 ** 48 - 1]) {
      const state = testState(channel, n, 500_000n, []);
      const point = localPerCommitmentPoint(channel.alice.secrets, 0);
      for (const owner of ['local', 'remote'] as const) {
        const { tx } = buildChannelCommitment(channel.aliceView, owner, state, point);
        expect(decodeCommitmentNumber(tx, factor)).toBe(n);
      }
    }
  });

  it('both sides compute the same obscuring factor', () => {
    expect(channelObscuringFactor(channel.bobView)).toBe(channelObscuringFactor(channel.aliceView));
  });

  it('is undefined without the commitment locktime and sequence markers', () => {
    const factor = channelObscuringFactor(channel.aliceView);
    expect(decodeCommitmentNumber(spendOf(funding.txid, 1, 0xffffffff, 0), factor)).toBeUndefined();
    expect(decodeCommitmentNumber(spendOf(funding.txid, 1, 0x80000000, 0x10000000), factor)).toBeUndefined();
  });
});

describe('classifySpend', () => {
  it('recognises our latest commitment', () => {
    expect(classifySpend(channel.aliceView, local.tx, knowledge)).toEqual({ kind: 'local', commitmentNumber: 7 });
  });

  it("recognises the peer's current and next commitments, with the points they were built on", () => {
    expect(classifySpend(channel.aliceView, remoteCurrent.tx, knowledge)).toEqual({
      kind: 'remote',
      which: 'current',
      commitmentNumber: 6,
      perCommitmentPoint: remoteCurrent.point,
    });
    // Number 7 is also our local commitment's: the txid tells them apart.
    expect(classifySpend(channel.aliceView, remoteNext.tx, knowledge)).toEqual({
      kind: 'remote',
      which: 'next',
      commitmentNumber: 7,
      perCommitmentPoint: remoteNext.point,
    });
  });

  it('recognises a revoked commitment of the peer, also with only the revealed secrets (a watchtower)', () => {
    const expected = {
      kind: 'revoked',
      commitmentNumber: 3,
      perCommitmentSecret: perCommitmentSecretOf(channel.bob, 3),
      perCommitmentPoint: revoked.point,
    };
    expect(classifySpend(channel.aliceView, revoked.tx, knowledge)).toEqual(expected);
    expect(classifySpend(channel.aliceView, revoked.tx, { secretFor: knowledge.secretFor })).toEqual(expected);
  });

  it('calls any other spend of the funding output a mutual close', () => {
    const close = spendOf(funding.txid, funding.vout, 0xffffffff, 0);
    expect(classifySpend(channel.aliceView, close, knowledge)).toEqual({ kind: 'mutual_close' });
    const closeAtHeight = spendOf(funding.txid, funding.vout, 0xfffffffd, 800_000);
    expect(classifySpend(channel.aliceView, closeAtHeight, knowledge)).toEqual({ kind: 'mutual_close' });
  });

  it('flags commitments it does not know: the peer from the future, or an old one of ours', () => {
    const future = signedCommitment(channel, 'bob', testState(channel, 9, 300_000n, htlcs));
    expect(classifySpend(channel.aliceView, future.tx, knowledge)).toEqual({ kind: 'unknown_commitment', commitmentNumber: 9 });
    // We hold the peer's secret for number 2, but this commitment 2 is ours: not something to punish.
    const oldLocal = signedCommitment(channel, 'alice', testState(channel, 2, 300_000n, htlcs));
    expect(classifySpend(channel.aliceView, oldLocal.tx, knowledge)).toEqual({ kind: 'unknown_commitment', commitmentNumber: 2 });
  });

  it('says so when the transaction does not spend the funding output', () => {
    expect(classifySpend(channel.aliceView, spendOf(funding.txid, 0, 0xffffffff, 0), knowledge)).toEqual({ kind: 'unrelated' });
  });
});
