/**
 * A hostile peer against the wallet's Lightning engine (BOLT 1 and BOLT 2 failure handling).
 * Each scenario is a scripted peer that opens a zero-conf channel to the wallet honestly, then
 * breaks one rule. The wallet must answer as the BOLTs say (warning and disconnect, or error and
 * force close), keep running with its other channels untouched, and never lose funds: a force
 * close publishes its latest commitment (never a revoked one) and its balance comes back on chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { peerErrorText } from '../../protocol/bolt1/messages.ts';
import { updateFulfillHtlc } from '../../protocol/bolt2/index.ts';
import { concat, equal, hex, u16be } from '../../protocol/codec/bytes.ts';
import type { ChannelState } from '../../engine/channel/state.ts';
import { within } from '../../engine/peer/test-support.ts';
import { mineUntilClosed, waitFor } from '../test-support/lightning-harness.ts';
import { printLogsOnFailure } from '../test-support/logs-on-failure.ts';
import { PeerIdentity } from './scripted-peer.ts';
import { openHostileChannel, startWalletUnderTest, type HostileChannel as Hostile, type WalletUnderTest } from './wallet-under-test.ts';

const FUNDING_SAT = 200_000n;
/** The wallet's side of each channel: what a force close must give back, less fees. */
const PUSH_MSAT = 60_000_000n;
const FEERATE_PER_KW = 2500;
/** Short, so force-closed balances come back after a few blocks. */
const TO_SELF_DELAY = 10;
/** Commitment-output sweeps and HTLC transactions pay fees out of what comes back; never more than this per output. */
const FEE_ALLOWANCE_SAT = 2_500n;
const ZERO_ID = new Uint8Array(32);
const OPEN = { fundingSat: FUNDING_SAT, pushMsat: PUSH_MSAT, feeratePerKw: FEERATE_PER_KW, toSelfDelay: TO_SELF_DELAY };

describe('a hostile peer', () => {
  let dir: string;
  let w: WalletUnderTest;
  const identities = Array.from({ length: 20 }, () => new PeerIdentity());
  let used = 0;
  let bystander: Hostile;
  /** The peers opened by the scenario running now. */
  const opened: Hostile[] = [];
  printLogsOnFailure(() => w?.logs);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    w = await startWalletUnderTest({ dir, policy: { zeroConfPeers: identities.map((i) => i.nodeId), htlcMinimumMsat: 1000n } });
    // A well-behaved peer whose channel must come through every other scenario untouched.
    bystander = await openHostileChannel(w, identities[used++]!, OPEN);
  }, 60_000);

  afterEach(async () => {
    // Every scenario's peer goes away; the wallet stops dialling it.
    for (const { peer } of opened.splice(0)) {
      await w.service.peers.disconnect(peer.nodeId);
      await peer.close();
    }
    expectNoCrash();
  });

  afterAll(async () => {
    await bystander?.peer.close();
    await w?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh peer (new node id) opens a fresh channel to the wallet, usable without confirmations. */
  async function openChannel(): Promise<Hostile> {
    const h = await openHostileChannel(w, identities[used++]!, OPEN);
    opened.push(h);
    return h;
  }

  /** Nothing thrown out of the channel state machine, and the bystander channel still up. */
  function expectNoCrash(): void {
    expect(w.logs.filter((line) => line.includes('channel event'))).toEqual([]);
    const info = w.channel(bystander.id);
    expect(info?.phase).toBe('normal');
    expect(info?.peerConnected).toBe(true);
  }

  async function expectBystanderAlive(): Promise<void> {
    await bystander.ch.conn.roundTrip();
    expectNoCrash();
  }

  /** The wallet's error for the channel, naming the reason. */
  async function expectError(h: Hostile, reason: RegExp): Promise<void> {
    const error = await h.ch.conn.expect('error');
    expect(hex(error.channel_id)).toBe(h.id);
    expect(peerErrorText(error.data)).toMatch(reason);
  }

  /** The wallet force closed: its latest commitment as the peer signed it (not a revoked one) is what spends the funding. */
  async function expectForceClosed(h: Hostile): Promise<void> {
    const info = await waitFor('the force close', () => {
      const c = w.channel(h.id);
      return c?.phase === 'closing' && c.closingTxid ? c : undefined;
    });
    expect(info.closingTxid).toBe(h.ch.wallet.txid);
    const spender = await waitFor('our commitment in the mempool', () => w.chain.spenderOf(h.ch.fundingTxid, h.ch.fundingOutputIndex));
    expect(spender.txid).toBe(h.ch.wallet.txid);
  }

  /** Mines until the channels are closed; the wallet's on-chain balance grows by exactly what they claimed. */
  async function expectFundsBack(channels: { h: Hostile; expectedSat: bigint; outputs?: number }[], before: bigint): Promise<(ChannelState & { phase: 'closed' })[]> {
    const closed = await mineUntilClosed(w, w.chain, channels.map((c) => c.h.id));
    let total = 0n;
    closed.forEach((state, i) => {
      const { h, expectedSat, outputs = 1 } = channels[i]!;
      const claimed = state.closing.claims.reduce((sum, claim) => sum + claim.amountSat, 0n);
      // Claims that end in the wallet: second-stage HTLC transactions are counted through their sweeps.
      const swept = state.closing.claims.filter((claim) => !state.closing.claims.some((other) => other.parentTxid === claim.txid)).reduce((sum, claim) => sum + claim.amountSat, 0n);
      expect(claimed).toBeGreaterThan(0n);
      expect(swept).toBeLessThanOrEqual(expectedSat);
      expect(swept).toBeGreaterThan(expectedSat - FEE_ALLOWANCE_SAT * BigInt(outputs));
      expect(w.chain.spenderOf(h.ch.fundingTxid, h.ch.fundingOutputIndex)?.txid).toBe(h.ch.wallet.txid);
      total += swept;
    });
    expect((await w.confirmedSat()) - before).toBe(total);
    return closed;
  }

  /** The wallet pays the peer, and the peer settles honestly: the channel works. */
  async function payThroughChannel(h: Hostile, amountMsat: bigint): Promise<void> {
    const before = w.channel(h.id)!.localMsat;
    const invoice = h.peer.identity.invoice(amountMsat, 'proof the channel works');
    const paying = w.service.pay(invoice.bolt11);
    const htlc = await h.ch.receivePayment();
    expect(equal(htlc.paymentHash, invoice.paymentHash)).toBe(true);
    expect(htlc.amountMsat).toBe(amountMsat);
    await h.ch.fulfill(htlc, invoice.preimage);
    const outcome = await within(paying, 10_000, 'the payment');
    expect(outcome).toMatchObject({ status: 'succeeded', preimage: hex(invoice.preimage) });
    await waitFor('the payment to settle', () => {
      const info = w.channel(h.id);
      return info?.pendingHtlcs.length === 0 && info.localMsat === before - Number(amountMsat);
    });
  }

  function unknownMessage(type: number): Uint8Array {
    return concat(u16be(type), crypto.getRandomValues(new Uint8Array(24)));
  }

  async function expectWalletLastError(h: Hostile, text: string): Promise<void> {
    await waitFor(`the wallet to record "${text}"`, () => w.service.peerInfo(h.peer.nodeId)?.lastError?.includes(text));
  }

  // ------------------------------------------------------------------ BOLT 1

  it('answers a malformed known message with a warning and a disconnection; the channel stays and works after reconnecting', async () => {
    const h = await openChannel();
    const { message } = h.ch.addHtlcMessage({ amountMsat: 5_000_000n, cltvExpiry: w.chain.height + 40 });
    h.ch.conn.send(message.subarray(0, 60)); // cut inside payment_hash

    const warning = await h.ch.conn.expect('warning');
    expect(warning.channel_id).toEqual(ZERO_ID);
    expect(peerErrorText(warning.data)).toMatch(/malformed update_add_htlc message/);
    await h.ch.conn.waitClosed();
    expect(h.ch.conn.pending()).toEqual([]);

    expect(w.channel(h.id)?.phase).toBe('normal');
    expect(w.chain.spenderOf(h.ch.fundingTxid, h.ch.fundingOutputIndex)).toBeUndefined();
    await expectWalletLastError(h, 'malformed update_add_htlc');

    await h.ch.reestablish(await h.peer.nextConnection());
    await payThroughChannel(h, 5_000_000n);
    await expectBystanderAlive();
  }, 60_000);

  it('ignores an unknown odd message and closes the connection on an unknown even one, failing no channel', async () => {
    const h = await openChannel();
    const first = h.ch.conn;
    first.send(unknownMessage(32_769));
    await first.roundTrip(); // nothing but the pong came back: ignored
    expect(w.channel(h.id)?.phase).toBe('normal');

    first.send(unknownMessage(32_768));
    const reason = await first.waitClosed();
    expect(reason.kind).toBe('remote');
    expect(first.pending()).toEqual([]); // no error: the channel is not failed
    await expectWalletLastError(h, 'unknown even type 32768');
    expect(w.channel(h.id)?.phase).toBe('normal');

    await h.ch.reestablish(await h.peer.nextConnection());
    await h.ch.conn.roundTrip();
    await payThroughChannel(h, 3_000_000n);
    await expectBystanderAlive();
  }, 60_000);

  it('drops a connection carrying garbage in the BOLT 8 stream, and reconnects', async () => {
    const h = await openChannel();
    h.ch.conn.sendRawFrame(crypto.getRandomValues(new Uint8Array(80)));
    expect((await h.ch.conn.waitClosed()).kind).toBe('remote');
    await expectWalletLastError(h, 'encrypted connection broke');
    expect(w.channel(h.id)?.phase).toBe('normal');

    // And a text frame, which BOLT 8 over WebSocket never carries.
    await h.ch.reestablish(await h.peer.nextConnection());
    h.ch.conn.sendRawFrame('hello');
    expect((await h.ch.conn.waitClosed()).kind).toBe('remote');

    await h.ch.reestablish(await h.peer.nextConnection());
    await payThroughChannel(h, 4_000_000n);
    expect(w.chain.spenderOf(h.ch.fundingTxid, h.ch.fundingOutputIndex)).toBeUndefined();
    await expectBystanderAlive();
  }, 60_000);

  // ------------------------------------------------------------------ BOLT 2: error and force close

  it('fails the channel on an invalid commitment signature: error, then our latest commitment on chain', async () => {
    const h = await openChannel();
    const before = await w.confirmedSat();
    const { spec } = h.ch.sendAdd({ amountMsat: 30_000_000n, cltvExpiry: w.chain.height + 100 });
    // A well-formed signature, but of a commitment paying the wallet 1000 sat less than this one.
    const other = h.ch.signWalletCommitment({ ...spec, toUsMsat: spec.toUsMsat + 1_000_000n, toThemMsat: spec.toThemMsat - 1_000_000n });
    h.ch.sendCommit(spec, { ...h.ch.signWalletCommitment(spec), signature: other.signature });

    await expectError(h, /signature for our commitment 1 is invalid/);
    await expectForceClosed(h);
    expect(h.ch.wallet.index).toBe(0);
    await expectBystanderAlive();
    await expectFundsBack([{ h, expectedSat: h.ch.walletBalanceSat }], before);
  }, 120_000);

  it('fails the channel on a valid commitment signature with an invalid HTLC signature', async () => {
    const h = await openChannel();
    const before = await w.confirmedSat();
    const { spec } = h.ch.sendAdd({ amountMsat: 30_000_000n, cltvExpiry: w.chain.height + 100 });
    const honest = h.ch.signWalletCommitment(spec);
    expect(honest.htlcSignatures).toHaveLength(1);
    h.ch.sendCommit(spec, { ...honest, htlcSignatures: [honest.signature] });

    await expectError(h, /signature for HTLC transaction 0 of commitment 1 is invalid/);
    await expectForceClosed(h);
    await expectBystanderAlive();
    await expectFundsBack([{ h, expectedSat: h.ch.walletBalanceSat }], before);
  }, 120_000);

  it('fails the channel on a revoke_and_ack with the wrong per-commitment secret', async () => {
    const h = await openChannel();
    const before = await w.confirmedSat();
    const invoice = h.peer.identity.invoice(10_000_000n, 'never revoked');
    // The payment never completes: the channel fails under it (see the report on pending payments).
    void w.service.pay(invoice.bolt11).catch(() => undefined);
    await h.ch.receivePaymentOffer();
    h.ch.sendRevoke(crypto.getRandomValues(new Uint8Array(32)));

    await expectError(h, /revocation secret for commitment 0 is wrong/);
    await expectForceClosed(h);
    // The HTLC was only in the peer's commitment: ours (number 0) holds the whole balance.
    expect(h.ch.wallet.index).toBe(0);
    await expectBystanderAlive();
    await expectFundsBack([{ h, expectedSat: h.ch.walletBalanceSat }], before);
  }, 120_000);

  describe('fails the channel on an update_add_htlc over the limits', () => {
    const cases: { name: string; reason: RegExp; attack: (h: Hostile) => void }[] = [
      {
        name: 'an amount below htlc_minimum_msat',
        reason: /HTLC of 999 msat is below our minimum of 1000 msat/,
        attack: (h) => {
          expect(h.ch.base.remote.htlcMinimumMsat).toBe(1000n);
          h.ch.sendAdd({ amountMsat: 999n, cltvExpiry: w.chain.height + 100 });
        },
      },
      {
        name: 'one HTLC more than max_accepted_htlcs',
        reason: /more than 30 HTLCs offered at once/,
        attack: (h) => {
          expect(h.ch.base.remote.maxAcceptedHtlcs).toBe(30);
          for (let i = 0; i <= h.ch.base.remote.maxAcceptedHtlcs; i++) h.ch.sendAdd({ amountMsat: 1_000_000n, cltvExpiry: w.chain.height + 100 });
        },
      },
      {
        name: 'more than max_htlc_value_in_flight_msat',
        reason: /HTLCs in flight exceed our limit/,
        attack: (h) => {
          h.ch.sendAdd({ amountMsat: 50_000_000n, cltvExpiry: w.chain.height + 100 });
          h.ch.sendAdd({ amountMsat: h.ch.base.remote.maxHtlcValueInFlightMsat - 50_000_000n + 1n, cltvExpiry: w.chain.height + 100 });
        },
      },
      {
        name: 'an id out of order',
        reason: /update_add_htlc id 1, expected 0/,
        attack: (h) => {
          h.ch.sendAdd({ amountMsat: 2_000_000n, cltvExpiry: w.chain.height + 100, id: 1n });
        },
      },
      {
        name: 'a cltv_expiry of 500000000 (a timestamp)',
        reason: /cltv_expiry 500000000 is a timestamp/,
        attack: (h) => {
          h.ch.sendAdd({ amountMsat: 2_000_000n, cltvExpiry: 500_000_000 });
        },
      },
    ];
    const failed: Hostile[] = [];
    let before = 0n;

    beforeAll(async () => {
      before = await w.confirmedSat();
    });

    for (const c of cases) {
      it(`with ${c.name}`, async () => {
        const h = await openChannel();
        c.attack(h);
        await expectError(h, c.reason);
        await expectForceClosed(h);
        failed.push(h);
        await expectBystanderAlive();
      }, 60_000);
    }

    it('and every one of those channels gives the wallet its balance back', async () => {
      expect(failed).toHaveLength(cases.length);
      await expectFundsBack(
        failed.map((h) => ({ h, expectedSat: h.ch.walletBalanceSat })),
        before,
      );
    }, 180_000);
  });

  it('fails the channel on an update_fulfill_htlc with the wrong preimage, and times the HTLC out on chain', async () => {
    const h = await openChannel();
    const before = await w.confirmedSat();
    const invoice = h.peer.identity.invoice(20_000_000n, 'paid with a wrong preimage');
    void w.service.pay(invoice.bolt11).catch(() => undefined);
    const htlc = await h.ch.receivePayment();
    // The HTLC is irrevocably committed on both sides: our commitment 1 holds it, 0 is revoked.
    expect(h.ch.wallet.index).toBe(1);
    h.ch.conn.send(updateFulfillHtlc.encode({ channel_id: h.ch.channelId, id: htlc.id, payment_preimage: crypto.getRandomValues(new Uint8Array(32)) }));

    await expectError(h, /wrong preimage for HTLC 0/);
    await expectForceClosed(h);
    expect(w.channel(h.id)?.closingTxid).not.toBe(h.ch.walletTxids.get(0));
    await expectBystanderAlive();
    const [closed] = await expectFundsBack([{ h, expectedSat: h.ch.walletBalanceSat + htlc.amountMsat / 1000n, outputs: 2 }], before);
    expect(closed!.closing.claims.map((c) => c.what)).toContain('timing out a payment we sent');
    // The HTLC output's sweep waited for its own CSV, counted from the HTLC-timeout's confirmation.
    expect(w.logs.filter((line) => line.includes('non-BIP68-final'))).toEqual([]);
  }, 180_000);

  it('force closes when the peer sends an error (and not on a warning)', async () => {
    const h = await openChannel();
    const before = await w.confirmedSat();
    h.ch.sendWarning('a warning is no reason to close');
    await h.ch.conn.roundTrip();
    expect(w.channel(h.id)?.phase).toBe('normal');

    h.ch.sendError('the hostile peer gives up');
    await expectForceClosed(h);
    const state = w.channelState(h.id);
    expect(state.phase === 'closing' && state.closing.reason).toMatch(/the peer reported an error: the hostile peer gives up/);
    await expectBystanderAlive();
    await expectFundsBack([{ h, expectedSat: h.ch.walletBalanceSat }], before);
  }, 120_000);

  it('kept the bystander channel usable through all of it', async () => {
    await payThroughChannel(bystander, 7_000_000n);
    expectNoCrash();
  }, 60_000);
});

