/**
 * A peer that cheats on chain (BOLT 5 "Revoked Transaction Close Handling"): after payments both
 * ways, the scripted peer publishes one of its own commitments that it has already revoked, one
 * holding an HTLC in each direction. The wallet, online, must recognise the breach and publish
 * the justice transaction taking the peer's to_local and both HTLC outputs with the revocation
 * key, claim its own to_remote, and so end with the whole channel (less fees) on chain, never
 * having published a commitment of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { p2wsh } from '../../protocol/bitcoin/index.ts';
import { decodeInvoice } from '../../protocol/bolt11/index.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import type { Htlc } from '../../engine/channel/commitments.ts';
import { within } from '../../engine/peer/test-support.ts';
import { mineUntilClosed, waitFor } from '../test-support/lightning-harness.ts';
import { printLogsOnFailure } from '../test-support/logs-on-failure.ts';
import type { PeerChannel, PeerCommitmentTx } from './peer-channel.ts';
import { PeerIdentity, type HostilePeer } from './scripted-peer.ts';
import { openHostileChannel, startWalletUnderTest, type WalletUnderTest } from './wallet-under-test.ts';

const FUNDING_SAT = 500_000n;
/** The wallet's side at the open. */
const PUSH_MSAT = 150_000_000n;
const FEERATE_PER_KW = 2500;
const TO_SELF_DELAY = 10;
/** The wallet pays the peer this first; the peer holds the HTLC while it pays the wallet. */
const WALLET_PAYS_MSAT = 25_000_000n;
const PEER_PAYS_MSAT = 40_000_000n;
/** A last payment from the wallet, so the peer's commitment moves past the one it will publish. */
const WALLET_PAYS_AGAIN_MSAT = 10_000_000n;
/** What each claimed output may cost in fees at the wallet's sweep feerate (1000 sat/kw here). */
const FEE_ALLOWANCE_SAT = 2_500n;

const JUSTICE = 'taking every output of a revoked commitment';
const OUR_BALANCE = 'our balance';

describe('a peer publishing a revoked commitment', () => {
  let dir: string;
  let w: WalletUnderTest;
  let peer: HostilePeer;
  let ch: PeerChannel;
  let id: string;
  const identity = new PeerIdentity();
  printLogsOnFailure(() => w?.logs);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'revoked-'));
    w = await startWalletUnderTest({ dir, policy: { zeroConfPeers: [identity.nodeId], htlcMinimumMsat: 1000n } });
    ({ peer, ch, id } = await openHostileChannel(w, identity, { fundingSat: FUNDING_SAT, pushMsat: PUSH_MSAT, feeratePerKw: FEERATE_PER_KW, toSelfDelay: TO_SELF_DELAY }));
  }, 60_000);

  afterAll(async () => {
    await peer?.close();
    await w?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The wallet's balance in the channel as it reports it, in msat. */
  const walletLocalMsat = (): bigint => BigInt(w.channel(id)!.localMsat);

  /** The wallet pays the peer: the HTLC comes to be irrevocably committed on both sides (the peer does not settle yet). */
  async function walletOffers(amountMsat: bigint, what: string): Promise<{ htlc: Htlc; preimage: Uint8Array; paying: Promise<unknown> }> {
    const invoice = peer.identity.invoice(amountMsat, what);
    const paying = w.service.pay(invoice.bolt11);
    const htlc = await ch.receivePayment();
    expect(equal(htlc.paymentHash, invoice.paymentHash)).toBe(true);
    return { htlc, preimage: invoice.preimage, paying };
  }

  async function peerSettles(offer: { htlc: Htlc; preimage: Uint8Array; paying: Promise<unknown> }): Promise<void> {
    await ch.fulfill(offer.htlc, offer.preimage);
    expect(await within(offer.paying, 10_000, 'the payment')).toMatchObject({ status: 'succeeded', preimage: hex(offer.preimage) });
  }

  /** Outputs of the revoked commitment by role: to_local (the peer's, delayed), the HTLCs, and the rest (the wallet's to_remote). */
  function outputsOf(revoked: PeerCommitmentTx): { toLocal: number; htlcs: number[]; toRemote: number[] } {
    const { commitment } = revoked;
    const toLocalScript = p2wsh(commitment.toLocalScript);
    const toLocal = commitment.tx.outputs.findIndex((o) => equal(o.script, toLocalScript));
    const htlcs = commitment.htlcOutputs.map((h) => h.outputIndex);
    const toRemote = commitment.tx.outputs.map((_, vout) => vout).filter((vout) => vout !== toLocal && !htlcs.includes(vout));
    return { toLocal, htlcs, toRemote };
  }

  it('takes every output with the justice transaction, and ends with the whole channel on chain', async () => {
    const startMsat = walletLocalMsat();
    expect(startMsat).toBe(PUSH_MSAT);

    // 1. The wallet pays the peer; the peer keeps that HTLC in flight.
    const outgoing = await walletOffers(WALLET_PAYS_MSAT, 'held while the peer pays back');
    expect(ch.peerSpec.incoming.map((h) => h.id)).toEqual([outgoing.htlc.id]);

    // 2. The peer pays a wallet invoice: its next commitment holds both HTLCs.
    const invoice = decodeInvoice(await w.service.createInvoice(PEER_PAYS_MSAT, 'paid by the cheater'));
    const incoming = await ch.sendPayment({ amountMsat: PEER_PAYS_MSAT, cltvExpiry: w.chain.height + 60, paymentHash: invoice.paymentHash, paymentSecret: invoice.paymentSecret! });
    const breachIndex = ch.peerIndex;
    expect(ch.peerSpec.incoming).toHaveLength(1);
    expect(ch.peerSpec.outgoing).toHaveLength(1);

    // 3. The wallet claims its payment: the commitment with both HTLCs is revoked by the peer.
    await ch.receiveFulfill(incoming);
    expect(ch.peerRevokedThrough).toBeGreaterThanOrEqual(breachIndex);

    // 4. The peer settles the first payment; the wallet pays once more.
    await peerSettles(outgoing);
    await peerSettles(await walletOffers(WALLET_PAYS_AGAIN_MSAT, 'one more state'));
    expect(ch.peerRevokedThrough).toBe(ch.peerIndex - 1);
    expect(ch.peerIndex).toBeGreaterThan(breachIndex + 2);
    const ownMsat = startMsat - WALLET_PAYS_MSAT + PEER_PAYS_MSAT - WALLET_PAYS_AGAIN_MSAT;
    await waitFor('the payments to settle', () => {
      const info = w.channel(id);
      return info?.pendingHtlcs.length === 0 && walletLocalMsat() === ownMsat;
    });
    expect(ch.walletBalanceSat).toBe(ownMsat / 1000n);

    // The wallet kept what it needs to punish the revoked state: both HTLCs' terms.
    const state = await waitFor('the last revocation to reach the wallet', () => {
      const s = w.channelState(id);
      return s.phase === 'normal' && s.commitments.remoteCommit.index === ch.peerIndex && s.commitments.nextRemoteCommit === null ? s : undefined;
    });
    const revokedHtlcs = state.commitments.revokedHtlcs ?? [];
    expect(revokedHtlcs.some((h) => h.direction === 'outgoing' && equal(h.paymentHash, outgoing.htlc.paymentHash))).toBe(true);
    expect(revokedHtlcs.some((h) => h.direction === 'incoming' && equal(h.paymentHash, incoming.paymentHash))).toBe(true);

    // The revoked commitment, signed by both sides: to_local, to_remote and both HTLC outputs.
    const revoked = ch.signedPeerCommitment(breachIndex);
    const outputs = outputsOf(revoked);
    expect(outputs.toLocal).toBeGreaterThanOrEqual(0);
    expect(outputs.htlcs).toHaveLength(2);
    expect(outputs.toRemote).toHaveLength(1);
    const revokedOutputsSat = revoked.commitment.tx.outputs.reduce((sum, o) => sum + o.value, 0n);
    const commitFeeSat = FUNDING_SAT - revokedOutputsSat;
    // The wallet's share in that old state is far less than what the peer's to_local holds.
    const peerShareSat = revoked.commitment.tx.outputs[outputs.toLocal]!.value;
    expect(peerShareSat).toBeGreaterThan(ownMsat / 1000n);

    const before = await w.confirmedSat();

    // 5. The peer cheats: the revoked commitment goes to the chain through Esplora.
    const posted = await fetch(`${w.esplora.url}/tx`, { method: 'POST', body: hex(revoked.tx) });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toBe(revoked.txid);
    expect(w.chain.spenderOf(ch.fundingTxid, ch.fundingOutputIndex)?.txid).toBe(revoked.txid);

    // The wallet sees the breach while it is still in the mempool.
    const closing = await waitFor('the wallet to see the breach', () => {
      const s = w.channelState(id);
      return s.phase === 'closing' && s.closing.closingTxid === revoked.txid ? s.closing : undefined;
    });
    expect(closing.kind).toBe('revoked');
    expect(closing.reason).toMatch(new RegExp(`revoked state \\(${breachIndex}\\)`));
    expect(closing.claims.map((c) => c.what).sort()).toEqual([JUSTICE, OUR_BALANCE].sort());
    expect(w.channel(id)?.phase).toBe('closing');

    // 6. Blocks: the revoked commitment confirms, then the justice transaction and the to_remote claim.
    const [closed] = await mineUntilClosed(w, w.chain, [id]);
    expect(closed!.closing.kind).toBe('revoked');
    expect(closed!.closing.closingTxid).toBe(revoked.txid);
    expect(w.channel(id)?.phase).toBe('closed');

    const justice = closed!.closing.claims.find((c) => c.what === JUSTICE)!;
    const ours = closed!.closing.claims.find((c) => c.what === OUR_BALANCE)!;
    expect(justice.confirmed && ours.confirmed).toBe(true);
    // to_local and every HTLC output went to the justice transaction, confirmed; to_remote to the wallet's claim.
    for (const vout of [outputs.toLocal, ...outputs.htlcs]) {
      const spender = w.chain.spenderOf(revoked.txid, vout);
      expect(spender?.txid).toBe(justice.txid);
      expect(spender?.height).toBeDefined();
    }
    expect(w.chain.spenderOf(revoked.txid, outputs.toRemote[0]!)?.txid).toBe(ours.txid);
    expect(w.chain.lookupTransaction(justice.txid)?.tx.inputs).toHaveLength(3);

    // 7. The whole channel, less the commitment fee (paid by the cheater) and the claims' fees, is the wallet's.
    const gained = (await w.confirmedSat()) - before;
    const claimed = closed!.closing.claims.reduce((sum, c) => sum + c.amountSat, 0n);
    expect(gained).toBe(claimed);
    expect(gained).toBeLessThanOrEqual(revokedOutputsSat);
    expect(gained).toBeGreaterThan(FUNDING_SAT - commitFeeSat - FEE_ALLOWANCE_SAT * 4n);
    // More than its own channel balance: it took the peer's share too (and both HTLCs).
    expect(gained).toBeGreaterThan(ownMsat / 1000n + peerShareSat - FEE_ALLOWANCE_SAT * 4n);

    // The wallet never put a commitment of its own on chain, current or revoked.
    expect(ch.walletTxids.size).toBe(ch.wallet.index + 1);
    for (const txid of ch.walletTxids.values()) expect(w.chain.lookupTransaction(txid)).toBeUndefined();
    expect(w.logs.filter((line) => /published our commitment/.test(line))).toEqual([]);
    expect(w.logs.filter((line) => line.includes('channel event'))).toEqual([]);
  }, 180_000);
});
