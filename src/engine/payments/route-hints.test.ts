import { describe, expect, it } from 'vitest';
import { hex } from '../../protocol/codec/bytes.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { scid, signedUpdate, testKey } from '../gossip/test-support.ts';
import { DEFAULT_PEER_POLICY, MAX_ROUTE_HINTS, policyFromPeerUpdate, routeHintsFor, type HintChannel, type PeerPolicy } from './route-hints.ts';

const lsp = testKey('lsp');
const other = testKey('other');
const REGTEST = NETWORKS.regtest.chainHash;

describe('the peer policy from its channel_update', () => {
  const update = (o: Partial<Parameters<typeof signedUpdate>[0]> = {}) => signedUpdate({ scid: scid(900), signer: lsp, timestamp: 1000, feeBaseMsat: 500, feeProportionalMillionths: 7, cltvExpiryDelta: 72, htlcMinimumMsat: 10n, ...o }).message;

  it('takes an update the peer signed', () => {
    expect(policyFromPeerUpdate(update(), lsp.nodeId, REGTEST, undefined)).toEqual({ timestamp: 1000, feeBaseMsat: 500, feeProportionalMillionths: 7, cltvExpiryDelta: 72, htlcMinimumMsat: 10n, htlcMaximumMsat: 990_000_000n, disabled: false });
  });

  it('ignores one signed by another node, for another chain, or no newer than the current one', () => {
    expect(policyFromPeerUpdate(update({ signer: other }), lsp.nodeId, REGTEST, undefined)).toBeUndefined();
    expect(policyFromPeerUpdate(update({ chainHash: NETWORKS.mainnet.chainHash }), lsp.nodeId, REGTEST, undefined)).toBeUndefined();
    const current: PeerPolicy = { ...DEFAULT_PEER_POLICY, timestamp: 1000 };
    expect(policyFromPeerUpdate(update(), lsp.nodeId, REGTEST, current)).toBeUndefined();
    expect(policyFromPeerUpdate(update({ timestamp: 1001 }), lsp.nodeId, REGTEST, current)?.timestamp).toBe(1001);
  });
});

describe('route hints', () => {
  const channel = (n: number, canReceiveMsat: bigint, o: Partial<HintChannel> = {}): HintChannel => ({ peer: lsp.nodeId, scid: scid(n), canReceiveMsat, peerConnected: true, policy: undefined, ...o });

  it('gives one hop per channel that can receive, most inbound liquidity first, with the peer policy or the defaults', () => {
    const policy: PeerPolicy = { ...DEFAULT_PEER_POLICY, timestamp: 5, feeBaseMsat: 0, feeProportionalMillionths: 250, cltvExpiryDelta: 40 };
    const hints = routeHintsFor([channel(1, 1_000n), channel(2, 0n), channel(3, 5_000n, { policy }), channel(4, 3_000n, { policy: { ...policy, disabled: true } })], null);
    expect(hints.map((h) => h.map((hop) => [hex(hop.pubkey), hop.shortChannelId.block, hop.feeBaseMsat, hop.feeProportionalMillionths, hop.cltvExpiryDelta]))).toEqual([
      [[lsp.nodeId, 3, 0, 250, 40]],
      [[lsp.nodeId, 4, 0, 250, 40]],
      [[lsp.nodeId, 1, DEFAULT_PEER_POLICY.feeBaseMsat, DEFAULT_PEER_POLICY.feeProportionalMillionths, DEFAULT_PEER_POLICY.cltvExpiryDelta]],
    ]);
  });

  it('leaves out channels whose htlc minimum is above the amount or what they can receive', () => {
    const policy: PeerPolicy = { ...DEFAULT_PEER_POLICY, htlcMinimumMsat: 2_000n };
    expect(routeHintsFor([channel(1, 10_000n, { policy })], 1_999n)).toEqual([]);
    expect(routeHintsFor([channel(1, 1_999n, { policy })], null)).toEqual([]);
    expect(routeHintsFor([channel(1, 10_000n, { policy })], 2_000n)).toHaveLength(1);
  });

  it('prefers channels whose peer is connected, and caps the number of hints', () => {
    expect(routeHintsFor([channel(1, 9_000n, { peerConnected: false }), channel(2, 1_000n)], null).map((h) => h[0]!.shortChannelId.block)).toEqual([2]);
    expect(routeHintsFor([channel(1, 9_000n, { peerConnected: false })], null)).toHaveLength(1);
    expect(routeHintsFor(Array.from({ length: 10 }, (_, i) => channel(i + 1, 1_000n)), null)).toHaveLength(MAX_ROUTE_HINTS);
  });
});
