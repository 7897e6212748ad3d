/**
 * The scripted peer's side of one channel, opened by the peer as funder: its own view of both
 * commitment chains, enough to play the honest parts of BOLT 2 (open, channel_ready, the
 * commitment dance, reestablish) with valid signatures, so that each test can then break
 * exactly one rule. Signatures and transactions come from the pure functions of the channel
 * core (commitments.ts) run with the peer's keys; "local" there is the peer, "remote" the wallet.
 */
import { encodeTx, p2wsh, txid as computeTxid } from '../../protocol/bitcoin/index.ts';
import { error, warning } from '../../protocol/bolt1/messages.ts';
import {
  acceptChannel,
  channelIdFromFunding,
  channelReady,
  channelReestablish,
  commitmentSigned,
  fundingCreated,
  openChannel,
  revokeAndAck,
  updateAddHtlc,
  updateFulfillHtlc,
} from '../../protocol/bolt2/index.ts';
import { fundingScript, obscuringFactor, signCommitmentTx, signedCommitmentTx } from '../../protocol/bolt3/index.ts';
import { createOnion, encodeHopPayload } from '../../protocol/bolt4/index.ts';
import { equal, fromHex, hex } from '../../protocol/codec/bytes.ts';
import type { ShortChannelId } from '../../protocol/codec/codec.ts';
import type { DecodedOf } from '../../protocol/codec/message.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import {
  applyUpdates,
  buildCommitment,
  localPerCommitmentPoint,
  localPerCommitmentSecret,
  secretMatchesPoint,
  signRemoteCommitment,
  verifyLocalCommitment,
  type CommitmentSpec,
  type Htlc,
  type SideParams,
  type Update,
} from '../../engine/channel/commitments.ts';
import type { ChannelKeys } from '../../engine/keys/lightning-keys.ts';
import type { HostileConnection, PeerIdentity } from './scripted-peer.ts';

type CommitmentBase = Parameters<typeof buildCommitment>[0];

/** static_remotekey + scid_alias + zero_conf: what the wallet accepts from a trusted peer. */
export const ZERO_CONF_CHANNEL_TYPE = FeatureVector.of({ option_static_remotekey: 'required', option_scid_alias: 'required', option_zeroconf: 'required' }).toBytes();

export interface FundingOutput {
  /** Internal byte order. */
  txid: Uint8Array;
  outputIndex: number;
}

export interface OpenOptions {
  fundingSat: bigint;
  /** Given to the wallet at the open: its side of the channel. */
  pushMsat: bigint;
  feeratePerKw: number;
  /** The delay imposed on the wallet's own funds after it force closes (blocks). */
  toSelfDelay: number;
  /** Pays `sats` to `script` on chain and says where. */
  fund: (script: Uint8Array, sats: bigint) => FundingOutput;
}

export interface SignedCommitment {
  signature: Uint8Array;
  htlcSignatures: Uint8Array[];
  txid: string;
}

/** One of the peer's own commitments, signed by both sides: what the peer can put on chain. */
export interface PeerCommitmentTx {
  index: number;
  spec: CommitmentSpec;
  /** Built from the peer's side: "local" is the peer. */
  commitment: ReturnType<typeof buildCommitment>;
  /** Serialized, with the funding witness. */
  tx: Uint8Array;
  txid: string;
}

/** A signed commitment of the wallet not yet revoked, and what it contains. */
interface WalletCommit {
  index: number;
  spec: CommitmentSpec;
  txid: string;
}

const displayTxid = (internal: Uint8Array): string => hex(Uint8Array.from(internal).reverse());

function randomAlias(): ShortChannelId {
  const b = crypto.getRandomValues(new Uint8Array(4));
  return { block: 0x900000 + b[0]!, txIndex: (b[1]! << 8) | b[2]!, outputIndex: b[3]! };
}

/** The fields open_channel and accept_channel share, as one side's parameters. */
type SideFields = Pick<
  DecodedOf<typeof acceptChannel>,
  | 'dust_limit_satoshis'
  | 'max_htlc_value_in_flight_msat'
  | 'htlc_minimum_msat'
  | 'max_accepted_htlcs'
  | 'channel_reserve_satoshis'
  | 'to_self_delay'
  | 'funding_pubkey'
  | 'revocation_basepoint'
  | 'payment_basepoint'
  | 'delayed_payment_basepoint'
  | 'htlc_basepoint'
>;

/**
 * One side's parameters as the commitment functions take them. Written here rather than taken from
 * the channel core, so a field the wallet maps wrongly makes the two sides disagree.
 */
function sideParams(m: SideFields): SideParams {
  return {
    dustLimitSat: m.dust_limit_satoshis,
    maxHtlcValueInFlightMsat: m.max_htlc_value_in_flight_msat,
    htlcMinimumMsat: m.htlc_minimum_msat,
    maxAcceptedHtlcs: m.max_accepted_htlcs,
    channelReserveSat: m.channel_reserve_satoshis,
    toSelfDelay: m.to_self_delay,
    fundingPubkey: m.funding_pubkey,
    revocationBasepoint: m.revocation_basepoint,
    paymentBasepoint: m.payment_basepoint,
    delayedPaymentBasepoint: m.delayed_payment_basepoint,
    htlcBasepoint: m.htlc_basepoint,
  };
}

export class PeerChannel {
  /** The peer's current commitment number and content (specs are from the peer's side: toUs = the peer). */
  peerIndex = 0;
  peerSpec: CommitmentSpec;
  /** The wallet's current (latest unrevoked) commitment, as the peer signed it. */
  wallet: WalletCommit;
  /** Signed for the wallet, its revocation not yet received. */
  walletPending: WalletCommit | null = null;
  /** Every wallet commitment txid the peer signed, by number: the test checks which one reaches the chain. */
  readonly walletTxids = new Map<number, string>();
  readonly #walletPoints = new Map<number, Uint8Array>();
  readonly #walletSecrets = new Map<number, Uint8Array>();
  /** The wallet's signature of each of the peer's commitments, by number (revoked ones included). */
  readonly #peerCommits = new Map<number, { spec: CommitmentSpec; signature: Uint8Array }>();
  /** The highest number of the peer's commitments it has revoked (sent the right secret for), or -1. */
  peerRevokedThrough = -1;
  #nextHtlcId = 0n;

  private constructor(
    public conn: HostileConnection,
    readonly identity: PeerIdentity,
    readonly walletNodeId: Uint8Array,
    readonly keys: ChannelKeys,
    readonly base: CommitmentBase,
    readonly channelId: Uint8Array,
    spec: CommitmentSpec,
    walletTxid: string,
  ) {
    this.peerSpec = spec;
    this.wallet = { index: 0, spec, txid: walletTxid };
    this.walletTxids.set(0, walletTxid);
  }

  get channelIdHex(): string {
    return hex(this.channelId);
  }

  get fundingTxid(): string {
    return displayTxid(this.base.fundingTxid);
  }

  get fundingOutputIndex(): number {
    return this.base.fundingOutputIndex;
  }

  /** The wallet's balance in its latest commitment, in whole sats (what a force close gives back before fees). */
  get walletBalanceSat(): bigint {
    return this.wallet.spec.toThemMsat / 1000n;
  }

  /**
   * Opens a zero-conf channel to the wallet as funder: open_channel, accept_channel, the funding
   * transaction on chain, funding_created, funding_signed, channel_ready both ways.
   */
  static async open(conn: HostileConnection, identity: PeerIdentity, walletNodeId: string, o: OpenOptions): Promise<PeerChannel> {
    const keys = identity.nextChannelKeys();
    const temporaryChannelId = crypto.getRandomValues(new Uint8Array(32));
    const ours: SideFields = {
      dust_limit_satoshis: 546n,
      max_htlc_value_in_flight_msat: o.fundingSat * 1000n,
      htlc_minimum_msat: 1n,
      max_accepted_htlcs: 30,
      channel_reserve_satoshis: o.fundingSat / 100n,
      to_self_delay: o.toSelfDelay,
      funding_pubkey: keys.funding.publicKey,
      revocation_basepoint: keys.revocationBasepoint.publicKey,
      payment_basepoint: keys.paymentBasepoint.publicKey,
      delayed_payment_basepoint: keys.delayedPaymentBasepoint.publicKey,
      htlc_basepoint: keys.htlcBasepoint.publicKey,
    };
    conn.send(
      openChannel.encode({
        chain_hash: NETWORKS.regtest.chainHash,
        temporary_channel_id: temporaryChannelId,
        funding_satoshis: o.fundingSat,
        push_msat: o.pushMsat,
        feerate_per_kw: o.feeratePerKw,
        ...ours,
        first_per_commitment_point: localPerCommitmentPoint(keys, 0),
        channel_flags: 0,
        tlvs: { upfront_shutdown_script: new Uint8Array(0), channel_type: ZERO_CONF_CHANNEL_TYPE },
      }),
    );
    const accepted = await conn.expect('accept_channel');
    if (!equal(accepted.temporary_channel_id, temporaryChannelId)) throw new Error('accept_channel for another channel');
    if (accepted.minimum_depth !== 0) throw new Error(`the wallet wants ${accepted.minimum_depth} confirmations of a trusted peer's channel`);
    const local = sideParams(ours);
    const remote = sideParams(accepted);
    const funding = o.fund(p2wsh(fundingScript(local.fundingPubkey, remote.fundingPubkey)), o.fundingSat);
    const base: CommitmentBase = {
      local,
      remote,
      channelType: 'static_remotekey',
      weFunded: true,
      fundingSat: o.fundingSat,
      fundingTxid: funding.txid,
      fundingOutputIndex: funding.outputIndex,
      obscuringFactor: obscuringFactor(local.paymentBasepoint, remote.paymentBasepoint),
    };
    const spec: CommitmentSpec = { feeratePerKw: o.feeratePerKw, toUsMsat: o.fundingSat * 1000n - o.pushMsat, toThemMsat: o.pushMsat, incoming: [], outgoing: [] };
    const signed = signRemoteCommitment(base, keys, 0, accepted.first_per_commitment_point, spec);
    conn.send(fundingCreated.encode({ temporary_channel_id: temporaryChannelId, funding_txid: funding.txid, funding_output_index: funding.outputIndex, signature: signed.signature }));
    const fundingSigned = await conn.expect('funding_signed');
    const channelId = channelIdFromFunding(funding.txid, funding.outputIndex);
    if (!equal(fundingSigned.channel_id, channelId)) throw new Error('funding_signed for another channel');
    verifyLocalCommitment(base, keys, 0, spec, fundingSigned.signature, []);
    const ready = await conn.expect('channel_ready');
    const channel = new PeerChannel(conn, identity, fromHex(walletNodeId), keys, base, channelId, spec, displayTxid(signed.txid));
    channel.#walletPoints.set(0, accepted.first_per_commitment_point);
    channel.#walletPoints.set(1, ready.second_per_commitment_point);
    channel.#peerCommits.set(0, { spec, signature: fundingSigned.signature });
    channel.sendReady();
    return channel;
  }

  sendReady(): void {
    this.conn.send(channelReady.encode({ channel_id: this.channelId, second_per_commitment_point: localPerCommitmentPoint(this.keys, 1), tlvs: { short_channel_id: randomAlias() } }));
  }

  // ------------------------------------------------------------ connection

  /**
   * After the wallet reconnected: takes its channel_reestablish (checking it against our view),
   * answers with ours, and takes the channel_ready it retransmits while nothing is signed yet.
   */
  async reestablish(conn: HostileConnection): Promise<void> {
    this.conn = conn;
    const theirs = await conn.expect('channel_reestablish');
    if (!equal(theirs.channel_id, this.channelId)) throw new Error('channel_reestablish for another channel');
    if (theirs.next_commitment_number !== BigInt(this.wallet.index + 1) || theirs.next_revocation_number !== BigInt(this.peerIndex)) {
      throw new Error(`channel_reestablish ${theirs.next_commitment_number}/${theirs.next_revocation_number}, expected ${this.wallet.index + 1}/${this.peerIndex}`);
    }
    conn.send(
      channelReestablish.encode({
        channel_id: this.channelId,
        next_commitment_number: BigInt(this.peerIndex + 1),
        next_revocation_number: BigInt(this.wallet.index),
        your_last_per_commitment_secret: this.wallet.index > 0 ? this.#walletSecrets.get(this.wallet.index - 1)! : new Uint8Array(32),
        my_current_per_commitment_point: localPerCommitmentPoint(this.keys, this.peerIndex),
      }),
    );
    if (this.wallet.index === 0) {
      await conn.expect('channel_ready');
      this.sendReady();
    }
  }

  sendError(text: string, channelId: Uint8Array = this.channelId): void {
    this.conn.send(error.encode({ channel_id: channelId, data: new TextEncoder().encode(text) }));
  }

  sendWarning(text: string): void {
    this.conn.send(warning.encode({ channel_id: this.channelId, data: new TextEncoder().encode(text) }));
  }

  // ------------------------------------------------------------ updates

  /** An update_add_htlc from the peer with a real onion for the wallet (not sent); `id` may be forced. */
  addHtlcMessage(o: { amountMsat: bigint; cltvExpiry: number; id?: bigint; paymentHash?: Uint8Array; paymentSecret?: Uint8Array }): { htlc: Htlc; message: Uint8Array } {
    const paymentHash = o.paymentHash ?? sha256(crypto.getRandomValues(new Uint8Array(32)));
    const payload = encodeHopPayload({
      amtToForward: o.amountMsat,
      outgoingCltvValue: Math.min(o.cltvExpiry, 0xffffffff),
      paymentData: { paymentSecret: o.paymentSecret ?? crypto.getRandomValues(new Uint8Array(32)), totalMsat: o.amountMsat },
    });
    const { onion } = createOnion(crypto.getRandomValues(new Uint8Array(32)), [{ nodeId: this.walletNodeId, payload }], paymentHash);
    const id = o.id ?? this.#nextHtlcId;
    const htlc: Htlc = { id, amountMsat: o.amountMsat, paymentHash, cltvExpiry: o.cltvExpiry, onion };
    const message = updateAddHtlc.encode({ channel_id: this.channelId, id, amount_msat: o.amountMsat, payment_hash: paymentHash, cltv_expiry: o.cltvExpiry, onion_routing_packet: onion });
    return { htlc, message };
  }

  /** Sends an HTLC to the wallet; returns the wallet's next commitment content with it. */
  sendAdd(o: { amountMsat: bigint; cltvExpiry: number; id?: bigint; paymentHash?: Uint8Array; paymentSecret?: Uint8Array }): { htlc: Htlc; spec: CommitmentSpec } {
    const { htlc, message } = this.addHtlcMessage(o);
    if (o.id === undefined) this.#nextHtlcId++;
    this.conn.send(message);
    return { htlc, spec: applyUpdates(this.wallet.spec, [{ kind: 'add', htlc }], []) };
  }

  /** Signatures for the wallet's next commitment with `spec`, valid unless the caller changes them. */
  signWalletCommitment(spec: CommitmentSpec, index = this.wallet.index + 1): SignedCommitment {
    const point = this.#walletPoints.get(index);
    if (!point) throw new Error(`no per-commitment point of the wallet for commitment ${index}`);
    const signed = signRemoteCommitment(this.base, this.keys, index, point, spec);
    return { signature: signed.signature, htlcSignatures: signed.htlcSignatures, txid: displayTxid(signed.txid) };
  }

  /** Sends commitment_signed for the wallet's next commitment; `signed` replaces the honest signatures. */
  sendCommit(spec: CommitmentSpec, signed: SignedCommitment = this.signWalletCommitment(spec)): void {
    const index = this.wallet.index + 1;
    this.walletPending = { index, spec, txid: signed.txid };
    this.walletTxids.set(index, signed.txid);
    this.conn.send(commitmentSigned.encode({ channel_id: this.channelId, signature: signed.signature, htlc_signature: signed.htlcSignatures }));
  }

  /** Takes the wallet's revoke_and_ack for its previous commitment, checking the secret. */
  async receiveRevoke(): Promise<void> {
    const m = await this.conn.expect('revoke_and_ack');
    const pending = this.walletPending;
    if (!pending) throw new Error('revoke_and_ack from the wallet without a commitment to revoke');
    const revoked = this.wallet.index;
    if (!secretMatchesPoint(m.per_commitment_secret, this.#walletPoints.get(revoked)!)) throw new Error(`the wallet revealed a wrong secret for its commitment ${revoked}`);
    this.#walletSecrets.set(revoked, m.per_commitment_secret);
    this.#walletPoints.set(revoked + 2, m.next_per_commitment_point);
    this.wallet = pending;
    this.walletPending = null;
  }

  /** Takes the wallet's commitment_signed for the peer's next commitment, which must hold `spec`. */
  async receiveCommit(spec: CommitmentSpec): Promise<void> {
    const m = await this.conn.expect('commitment_signed');
    verifyLocalCommitment(this.base, this.keys, this.peerIndex + 1, spec, m.signature, m.htlc_signature);
    this.peerIndex++;
    this.peerSpec = spec;
    this.#peerCommits.set(this.peerIndex, { spec, signature: m.signature });
  }

  /**
   * The peer's own commitment `index` with both signatures (ours and the wallet's from its
   * commitment_signed): valid on chain, and a breach once the peer has revoked it.
   */
  signedPeerCommitment(index: number): PeerCommitmentTx {
    const signed = this.#peerCommits.get(index);
    if (!signed) throw new Error(`no signature of the wallet for the peer's commitment ${index}`);
    const commitment = buildCommitment(this.base, 'local', index, localPerCommitmentPoint(this.keys, index), signed.spec);
    const tx = signedCommitmentTx(commitment, signCommitmentTx(commitment, this.keys.funding.secret), signed.signature);
    return { index, spec: signed.spec, commitment, tx: encodeTx(tx), txid: displayTxid(computeTxid(tx)) };
  }

  /** revoke_and_ack for the peer's previous commitment; `secret` replaces the honest one. */
  sendRevoke(secret: Uint8Array = localPerCommitmentSecret(this.keys, this.peerIndex - 1)): void {
    if (equal(secret, localPerCommitmentSecret(this.keys, this.peerIndex - 1))) this.peerRevokedThrough = this.peerIndex - 1;
    this.conn.send(
      revokeAndAck.encode({ channel_id: this.channelId, per_commitment_secret: secret, next_per_commitment_point: localPerCommitmentPoint(this.keys, this.peerIndex + 1) }),
    );
  }

  /** Takes the wallet's update_add_htlc and its commitment_signed (the wallet paying us). */
  async receivePaymentOffer(): Promise<{ htlc: Htlc; spec: CommitmentSpec }> {
    const add = await this.conn.expect('update_add_htlc');
    const htlc: Htlc = { id: add.id, amountMsat: add.amount_msat, paymentHash: add.payment_hash, cltvExpiry: add.cltv_expiry, onion: add.onion_routing_packet };
    const spec = applyUpdates(this.peerSpec, [], [{ kind: 'add', htlc }]);
    await this.receiveCommit(spec);
    return { htlc, spec };
  }

  /** The wallet paying us, honestly through to the HTLC being irrevocably committed on both sides. */
  async receivePayment(): Promise<Htlc> {
    const { htlc, spec } = await this.receivePaymentOffer();
    this.sendRevoke();
    this.sendCommit(spec);
    await this.receiveRevoke();
    return htlc;
  }

  /** The peer paying the wallet: its HTLC through to being irrevocably committed on both sides. */
  async sendPayment(o: { amountMsat: bigint; cltvExpiry: number; paymentHash: Uint8Array; paymentSecret: Uint8Array }): Promise<Htlc> {
    const { htlc, spec } = this.sendAdd(o);
    this.sendCommit(spec);
    await this.receiveRevoke();
    await this.receiveCommit(applyUpdates(this.peerSpec, [{ kind: 'add', htlc }], []));
    this.sendRevoke();
    return htlc;
  }

  /** Takes the wallet's update_fulfill_htlc for an HTLC the peer offered and runs the dance that removes it; returns the preimage. */
  async receiveFulfill(htlc: Htlc): Promise<Uint8Array> {
    const m = await this.conn.expect('update_fulfill_htlc');
    if (m.id !== htlc.id || !equal(sha256(m.payment_preimage), htlc.paymentHash)) throw new Error(`the wallet fulfilled HTLC ${m.id} with a wrong preimage or id`);
    const update: Update = { kind: 'fulfill', id: htlc.id, preimage: m.payment_preimage };
    await this.receiveCommit(applyUpdates(this.peerSpec, [], [update]));
    this.sendRevoke();
    this.sendCommit(applyUpdates(this.wallet.spec, [], [update]));
    await this.receiveRevoke();
    return m.payment_preimage;
  }

  /** Fulfills an HTLC the wallet offered and runs the dance that removes it from both commitments. */
  async fulfill(htlc: Htlc, preimage: Uint8Array): Promise<void> {
    this.conn.send(updateFulfillHtlc.encode({ channel_id: this.channelId, id: htlc.id, payment_preimage: preimage }));
    const spec = applyUpdates(this.wallet.spec, [{ kind: 'fulfill', id: htlc.id, preimage }], []);
    this.sendCommit(spec);
    await this.receiveRevoke();
    await this.receiveCommit(spec);
    this.sendRevoke();
  }
}
