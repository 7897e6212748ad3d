/**
 * Test fixtures for the BOLT 5 tests: two parties whose keys the tests hold, Alice ("us") and
 * Bob ("the peer"), their channel seen from both sides, and fully signed commitments of either.
 * The chain is reached through a structural interface, so this module imports nothing above
 * protocol/ (the tests pass in the devnet chain).
 */
import { expect } from 'vitest';
import { parseTx } from '../bitcoin/parse.ts';
import { p2wpkh, p2wsh } from '../bitcoin/script.ts';
import { encodeTx, txWeight, txid, type Transaction } from '../bitcoin/tx.ts';
import {
  buildHtlcTxs,
  derivePrivkey,
  fundingScript,
  signCommitmentTx,
  signHtlcTx,
  signedCommitmentTx,
  signedHtlcTx,
  type ChannelType,
  type CommitmentTx,
  type FundingOutpoint,
  type HtlcTx,
} from '../bolt3/index.ts';
import { fromHex, hex, reversed } from '../codec/bytes.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import {
  buildChannelCommitment,
  localPerCommitmentPoint,
  localPerCommitmentSecret,
  type ChannelDescription,
  type ChannelHtlc,
  type ChannelSecrets,
  type CommitmentState,
  type OwnedHtlc,
} from './channel.ts';
import type { ClaimResult } from './claim-tx.ts';

export interface TestChain {
  readonly height: number;
  submitTransaction(raw: Uint8Array): string;
  mine(count: number): unknown;
  getTransaction(txid: string): { raw: Uint8Array; blockHeight?: number } | undefined;
  spenderOf(txid: string, vout: number): { txid: string } | undefined;
}

export interface TestFaucet {
  send(destination: Uint8Array, sats: bigint): string;
}

export interface Party {
  readonly name: string;
  readonly secrets: ChannelSecrets;
  readonly fundingPrivkey: Uint8Array;
  readonly wallet: Uint8Array;
}

function secretOf(label: string): Uint8Array {
  return sha256(new TextEncoder().encode(label));
}

function makeParty(name: string): Party {
  return {
    name,
    fundingPrivkey: secretOf(`${name} funding`),
    secrets: {
      revocationBasepointSecret: secretOf(`${name} revocation`),
      paymentBasepointSecret: secretOf(`${name} payment`),
      delayedPaymentBasepointSecret: secretOf(`${name} delayed`),
      htlcBasepointSecret: secretOf(`${name} htlc`),
      perCommitmentSeed: secretOf(`${name} seed`),
    },
    wallet: p2wpkh(publicKey(secretOf(`${name} wallet`))),
  };
}

/** Alice imposes 12 blocks on Bob's outputs, Bob 8 on Alice's: distinct, so a swap would show. */
export const ALICE_TO_SELF_DELAY = 12;
export const BOB_TO_SELF_DELAY = 8;
const COMMITMENT_FEERATE = 2500;

export interface TestChannel {
  readonly alice: Party;
  readonly bob: Party;
  /** Alice's description (she is "local"): the one the code under test uses. */
  readonly aliceView: ChannelDescription;
  readonly bobView: ChannelDescription;
}

function fundingScriptOf(alice: Party, bob: Party): Uint8Array {
  return fundingScript(publicKey(alice.fundingPrivkey), publicKey(bob.fundingPrivkey));
}

export function testChannel(funding: FundingOutpoint, channelType: ChannelType = 'static_remotekey'): TestChannel {
  const alice = makeParty('alice');
  const bob = makeParty('bob');
  const side = (p: Party, toSelfDelay: number, dustLimitSat: bigint) => ({
    fundingPubkey: publicKey(p.fundingPrivkey),
    revocationBasepoint: publicKey(p.secrets.revocationBasepointSecret),
    paymentBasepoint: publicKey(p.secrets.paymentBasepointSecret),
    delayedPaymentBasepoint: publicKey(p.secrets.delayedPaymentBasepointSecret),
    htlcBasepoint: publicKey(p.secrets.htlcBasepointSecret),
    toSelfDelay,
    dustLimitSat,
  });
  const a = side(alice, ALICE_TO_SELF_DELAY, 354n);
  const b = side(bob, BOB_TO_SELF_DELAY, 546n);
  return {
    alice,
    bob,
    aliceView: { channelType, funding, weFunded: true, local: a, remote: b },
    bobView: { channelType, funding, weFunded: false, local: b, remote: a },
  };
}

/** Funds the 2-of-2 on the devnet chain and confirms it. */
export function openTestChannel(
  chain: TestChain,
  faucet: TestFaucet,
  fundingSat: bigint,
  channelType: ChannelType = 'static_remotekey',
): TestChannel {
  const { alice, bob } = testChannel({ txid: new Uint8Array(32), vout: 0, amountSat: fundingSat });
  const script = p2wsh(fundingScriptOf(alice, bob));
  const fundingTxid = faucet.send(script, fundingSat);
  const tx = parseTx(chain.getTransaction(fundingTxid)!.raw);
  const vout = tx.outputs.findIndex((o) => hex(o.script) === hex(script));
  chain.mine(1);
  return testChannel({ txid: reversed(fromHex(fundingTxid)), vout, amountSat: fundingSat }, channelType);
}

export interface TestHtlc extends ChannelHtlc {
  readonly name: string;
  readonly preimage: Uint8Array;
}

export function testHtlc(name: string, direction: 'incoming' | 'outgoing', amountSat: bigint, cltvExpiry: number): TestHtlc {
  const preimage = secretOf(`preimage ${name}`);
  return { name, direction, amountMsat: amountSat * 1000n, cltvExpiry, paymentHash: sha256(preimage), preimage };
}

/** A `preimageFor` that knows the preimages of `htlcs` and no others. */
export function preimagesOf(...htlcs: TestHtlc[]): (paymentHash: Uint8Array) => Uint8Array | undefined {
  const known = new Map(htlcs.map((h) => [hex(h.paymentHash), h.preimage]));
  return (paymentHash) => known.get(hex(paymentHash));
}

/** A state (Alice's point of view) spending the whole funding: Alice gets `toUsSat`, Bob the rest. */
export function testState(
  channel: TestChannel,
  commitmentNumber: number,
  toUsSat: bigint,
  htlcs: readonly TestHtlc[],
): CommitmentState<TestHtlc> {
  const inFlight = htlcs.reduce((sum, h) => sum + h.amountMsat, 0n);
  const toThemMsat = channel.aliceView.funding.amountSat * 1000n - toUsSat * 1000n - inFlight;
  return { commitmentNumber, feeratePerKw: COMMITMENT_FEERATE, toUsMsat: toUsSat * 1000n, toThemMsat, htlcs };
}

/** The same commitment content from Bob's point of view. */
export function mirrorState<H extends ChannelHtlc>(state: CommitmentState<H>): CommitmentState<H> {
  return {
    ...state,
    toUsMsat: state.toThemMsat,
    toThemMsat: state.toUsMsat,
    htlcs: state.htlcs.map((h) => ({ ...h, direction: h.direction === 'incoming' ? 'outgoing' : 'incoming' })),
  };
}

export interface SignedCommitment<H extends ChannelHtlc> {
  readonly owner: Party;
  readonly counterparty: Party;
  readonly point: Uint8Array;
  readonly commitment: CommitmentTx<OwnedHtlc<H>>;
  /** Signed by both funding keys. */
  readonly tx: Transaction;
  /** The counterparty's signatures of the owner's HTLC txs (what commitment_signed carries). */
  readonly counterpartyHtlcSigs: readonly Uint8Array[];
}

/** A fully signed commitment of `owner`; `state` is from Alice's point of view. */
export function signedCommitment<H extends ChannelHtlc>(
  channel: TestChannel,
  owner: 'alice' | 'bob',
  state: CommitmentState<H>,
): SignedCommitment<H> {
  const [ownerParty, counterparty, view, ownerState] =
    owner === 'alice'
      ? [channel.alice, channel.bob, channel.aliceView, state]
      : [channel.bob, channel.alice, channel.bobView, mirrorState(state)];
  const point = localPerCommitmentPoint(ownerParty.secrets, state.commitmentNumber);
  const commitment = buildChannelCommitment(view, 'local', ownerState, point);
  const tx = signedCommitmentTx(commitment, signCommitmentTx(commitment, ownerParty.fundingPrivkey), signCommitmentTx(commitment, counterparty.fundingPrivkey));
  const counterpartyKey = derivePrivkey(counterparty.secrets.htlcBasepointSecret, point);
  const counterpartyHtlcSigs = buildHtlcTxs(commitment).map((h) => signHtlcTx(h, counterpartyKey, 'remote'));
  return { owner: ownerParty, counterparty, point, commitment, tx, counterpartyHtlcSigs };
}

/** The owner's own signed HTLC tx for output `vout` of its commitment (what Bob publishes when he cheats). */
export function ownerHtlcTx<H extends TestHtlc>(signed: SignedCommitment<H>, vout: number): Transaction {
  const htlcTxs: HtlcTx<OwnedHtlc<H>>[] = buildHtlcTxs(signed.commitment);
  const index = htlcTxs.findIndex((h) => h.tx.inputs[0]!.vout === vout);
  const htlcTx = htlcTxs[index]!;
  const ownKey = derivePrivkey(signed.owner.secrets.htlcBasepointSecret, signed.point);
  const preimage = htlcTx.kind === 'success' ? htlcTx.htlc.channelHtlc.preimage : undefined;
  return signedHtlcTx(htlcTx, signHtlcTx(htlcTx, ownKey, 'local'), signed.counterpartyHtlcSigs[index]!, preimage);
}

export function perCommitmentSecretOf(party: Party, commitmentNumber: number): Uint8Array {
  return localPerCommitmentSecret(party.secrets, commitmentNumber);
}

export function displayTxid(tx: Transaction): string {
  return hex(reversed(txid(tx)));
}

export function broadcast(chain: TestChain, tx: Transaction): string {
  return chain.submitTransaction(encodeTx(tx));
}

export function expectRejected(chain: TestChain, tx: Transaction, reason: RegExp): void {
  expect(() => broadcast(chain, tx)).toThrow(reason);
}

export function mineTo(chain: TestChain, height: number): void {
  expect(chain.height).toBeLessThanOrEqual(height);
  chain.mine(height - chain.height);
}

/** Confirms `tx` in the next block and returns that block's height. */
export function confirm(chain: TestChain, tx: Transaction): number {
  broadcast(chain, tx);
  chain.mine(1);
  expect(chain.getTransaction(displayTxid(tx))?.blockHeight).toBe(chain.height);
  return chain.height;
}

/**
 * Checks a claim's fee: exactly the inputs minus the output, at least the rate times the signed
 * weight, and computed from a weight that bounds the signed one by at most a few bytes per signature.
 */
export function expectFeeRight(result: ClaimResult<unknown>, feeratePerKw: number): Transaction {
  const tx = result.tx!;
  expect(tx).not.toBeNull();
  const inputsSat = result.claimed.reduce((sum, c) => sum + c.amountSat, 0n);
  expect(inputsSat - tx.outputs[0]!.value).toBe(result.feeSat);
  const weight = txWeight(tx);
  expect(weight).toBeLessThanOrEqual(result.weight);
  expect(result.weight - weight).toBeLessThanOrEqual(3 * tx.inputs.length);
  expect(result.feeSat * 1000n).toBeGreaterThanOrEqual(BigInt(feeratePerKw) * BigInt(weight));
  expect(result.feeSat * 1000n).toBeLessThan(BigInt(feeratePerKw) * BigInt(result.weight) + 1000n);
  return tx;
}
