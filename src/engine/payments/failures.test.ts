import { describe, expect, it } from 'vitest';
import { createFailurePacket, createOnion, obfuscateFailurePacket, type FailureMessage, type HopSecret } from '../../protocol/bolt4/index.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { formatScid } from '../../protocol/codec/codec.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { GraphStore } from '../gossip/graph-store.ts';
import { MemoryStore, scid, signedAnnouncement, signedUpdate, testKey } from '../gossip/test-support.ts';
import { applyFailureUpdate } from './failure-update.ts';
import { interpretFailure, type PartHop } from './failures.ts';

const lsp = testKey('lsp');
const hub = testKey('hub');
const payee = testKey('payee');
const hubChannel = scid(700);
const payeeChannel = scid(701);

const hops: PartHop[] = [
  { nodeId: lsp.nodeId, scid: '900000x1x0', direction: 0, source: 'first_hop', amountMsat: 1_002_000n },
  { nodeId: hub.nodeId, scid: formatScid(hubChannel), direction: 0, source: 'graph', amountMsat: 1_001_000n },
  { nodeId: payee.nodeId, scid: formatScid(payeeChannel), direction: 1, source: 'graph', amountMsat: 1_000_000n },
];

function onionSecrets(): HopSecret[] {
  const payloads = hops.map((h) => ({ nodeId: [lsp, hub, payee].find((k) => k.nodeId === h.nodeId)!.pubkey, payload: new Uint8Array(20) }));
  return createOnion(new Uint8Array(32).fill(7), payloads, new Uint8Array(32)).hopSecrets;
}

/** The packet as it reaches us when hop `index` fails with `failure`: each hop before it obfuscates it once more. */
function failedAt(secrets: HopSecret[], index: number, failure: FailureMessage) {
  let packet = createFailurePacket(secrets[index]!.sharedSecret, failure);
  for (let i = index - 1; i >= 0; i--) packet = obfuscateFailurePacket(secrets[i]!.sharedSecret, packet);
  return { kind: 'onion' as const, packet };
}

describe('interpretFailure', () => {
  const secrets = onionSecrets();

  it('ends the payment when the payee does not know it, with a sentence a person understands', () => {
    const verdict = interpretFailure(hops, failedAt(secrets, 2, { type: 'incorrect_or_unknown_payment_details', htlcMsat: 1_000_000n, height: 100, tlvs: {} }), secrets);
    expect(verdict).toMatchObject({ final: true, failure: 'incorrect_or_unknown_payment_details' });
    expect(verdict.message).toMatch(/payee does not know this payment/);
  });

  it('blames the channel that lacked liquidity and carries the channel_update to apply', () => {
    const update = signedUpdate({ scid: payeeChannel, signer: hub, other: payee, timestamp: 2_000 }).bytes;
    const verdict = interpretFailure(hops, failedAt(secrets, 1, { type: 'temporary_channel_failure', channelUpdate: update, tlvs: {} }), secrets);
    expect(verdict).toMatchObject({ final: false, liquidityFailureAt: 2, updateSigner: hub.nodeId });
    expect(verdict.channelUpdate).toEqual(update);
  });

  it('excludes a channel that failed for good, and a node that failed for good', () => {
    expect(interpretFailure(hops, failedAt(secrets, 1, { type: 'unknown_next_peer', tlvs: {} }), secrets)).toMatchObject({ final: false, excludeChannel: formatScid(payeeChannel) });
    expect(interpretFailure(hops, failedAt(secrets, 1, { type: 'permanent_node_failure', tlvs: {} }), secrets)).toMatchObject({ final: false, excludeNode: hub.nodeId, penalizeNode: hub.nodeId });
    expect(interpretFailure(hops, failedAt(secrets, 0, { type: 'channel_disabled', disabledFlags: 0, channelUpdate: new Uint8Array(0), tlvs: {} }), secrets)).toMatchObject({ excludeChannel: formatScid(hubChannel) });
  });

  it('penalises the node before the payee when the payee saw an altered HTLC', () => {
    const verdict = interpretFailure(hops, failedAt(secrets, 2, { type: 'final_incorrect_htlc_amount', incomingHtlcAmt: 5n, tlvs: {} }), secrets);
    expect(verdict).toMatchObject({ final: false, penalizeNode: hub.nodeId, excludeNode: hub.nodeId });
  });

  it('retries an MPP timeout, and treats unknown codes by their flags', () => {
    expect(interpretFailure(hops, failedAt(secrets, 2, { type: 'mpp_timeout', tlvs: {} }), secrets).final).toBe(false);
    expect(interpretFailure(hops, failedAt(secrets, 1, { type: 'unknown_failure', code: 0x4000 | 0x2000 | 99, data: new Uint8Array(0) }), secrets)).toMatchObject({ excludeNode: hub.nodeId });
    expect(interpretFailure(hops, failedAt(secrets, 2, { type: 'unknown_failure', code: 0x4000 | 0x2000 | 99, data: new Uint8Array(0) }), secrets).final).toBe(true);
  });

  it('reroutes around our own channel after a local failure, and survives garbage', () => {
    expect(interpretFailure(hops, { kind: 'local', message: 'the peer disconnected' }, secrets)).toMatchObject({ final: false, excludeChannel: hops[0]!.scid });
    expect(interpretFailure(hops, { kind: 'malformed', code: 0x8000 | 0x4000 | 5 }, secrets)).toMatchObject({ final: false, penalizeNode: lsp.nodeId });
    expect(interpretFailure(hops, { kind: 'onion', packet: new Uint8Array(300).fill(1) }, secrets)).toMatchObject({ final: false });
    expect(interpretFailure(hops, { kind: 'onion', packet: new Uint8Array(3) }, secrets)).toMatchObject({ final: false });
  });
});

describe('applyFailureUpdate', () => {
  const chainHash = NETWORKS.regtest.chainHash;

  async function graph(): Promise<GraphStore> {
    const g = await GraphStore.open(new MemoryStore());
    const announcement = signedAnnouncement({ scid: payeeChannel, a: hub, b: payee }).message;
    g.addChannel({ scid: payeeChannel, node1: hex(announcement.node_id_1), node2: hex(announcement.node_id_2), features: new Uint8Array(0) });
    return g;
  }

  it('applies a newer update signed by the erring node, with or without its type prefix', async () => {
    const g = await graph();
    const first = signedUpdate({ scid: payeeChannel, signer: hub, other: payee, timestamp: 1_000, feeBaseMsat: 5 }).bytes;
    expect(applyFailureUpdate(g, chainHash, first, hub.nodeId, 10_000)).toBe('applied');
    const newer = signedUpdate({ scid: payeeChannel, signer: hub, other: payee, timestamp: 1_001, feeBaseMsat: 9 }).bytes;
    expect(applyFailureUpdate(g, chainHash, newer.subarray(2), hub.nodeId, 10_000)).toBe('applied');
    const direction = hub.nodeId < payee.nodeId ? 0 : 1;
    expect(g.channel(payeeChannel)!.updates[direction]!.feeBaseMsat).toBe(9);
    expect(applyFailureUpdate(g, chainHash, first, hub.nodeId, 10_000)).toBe('not_newer');
  });

  it('refuses an update signed by someone else, for another chain, or for an unknown channel', async () => {
    const g = await graph();
    const forged = signedUpdate({ scid: payeeChannel, signer: lsp, other: payee, timestamp: 1_000, direction: hub.nodeId < payee.nodeId ? 0 : 1 }).bytes;
    expect(applyFailureUpdate(g, chainHash, forged, hub.nodeId, 10_000)).toBe('invalid');
    const byPayee = signedUpdate({ scid: payeeChannel, signer: payee, other: hub, timestamp: 1_000 }).bytes;
    expect(applyFailureUpdate(g, chainHash, byPayee, hub.nodeId, 10_000)).toBe('invalid');
    const otherChain = signedUpdate({ scid: payeeChannel, signer: hub, other: payee, timestamp: 1_000, chainHash: NETWORKS.mainnet.chainHash }).bytes;
    expect(applyFailureUpdate(g, chainHash, otherChain, hub.nodeId, 10_000)).toBe('invalid');
    const unknown = signedUpdate({ scid: hubChannel, signer: hub, other: lsp, timestamp: 1_000 }).bytes;
    expect(applyFailureUpdate(g, chainHash, unknown, hub.nodeId, 10_000)).toBe('unknown_channel');
    expect(applyFailureUpdate(g, chainHash, new Uint8Array(5), hub.nodeId, 10_000)).toBe('invalid');
  });
});
