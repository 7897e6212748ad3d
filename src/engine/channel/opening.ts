/** Channel establishment (BOLT 2 "Channel Establishment v1"), as funder and as fundee. */
import { p2wsh } from '../../protocol/bitcoin/index.ts';
import { fundingScript, obscuringFactor } from '../../protocol/bolt3/index.ts';
import {
  acceptChannel,
  channelIdFromFunding,
  channelReady,
  fundingCreated,
  fundingSigned,
  openChannel,
  type AcceptChannel,
  type OpenChannel,
} from '../../protocol/bolt2/index.ts';
import { equal, hex } from '../../protocol/codec/bytes.ts';
import type { ShortChannelId } from '../../protocol/codec/codec.ts';
import type { DecodedOf } from '../../protocol/codec/message.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { RevealedSecrets } from '../../protocol/shachain/index.ts';
import {
  emptyChanges,
  localPerCommitmentPoint,
  signRemoteCommitment,
  verifyLocalCommitment,
  type Commitments,
  type CommitmentSpec,
  type SideParams,
} from './commitments.ts';
import { ChannelFailure } from './failure.ts';
import { MAX_FEERATE_PER_KW, MIN_FEERATE_PER_KW, type ChannelPolicy } from './policy.ts';
import type { ChannelBase, ChannelEnv, ChannelState, Effect, OpenParams, StepResult } from './state.ts';

const MAX_ACCEPTED_HTLCS_LIMIT = 483;

/** BOLT 2: 2^24 sat and above only with option_support_large_channel, which we do not advertise. */
export const MAX_FUNDING_SAT = 1n << 24n;

export function send<M extends { encode(fields: never): Uint8Array; name: string }>(def: M, fields: Parameters<M['encode']>[0]): Effect {
  return { kind: 'send', message: def.encode(fields as never), name: def.name };
}

/** The values we declare in open_channel/accept_channel. */
export function localSideParams(env: ChannelEnv, fundingSat: bigint): SideParams {
  const { keys, policy } = env;
  return {
    dustLimitSat: policy.dustLimitSat,
    maxHtlcValueInFlightMsat: fundingSat * 1000n,
    htlcMinimumMsat: policy.htlcMinimumMsat,
    maxAcceptedHtlcs: policy.maxAcceptedHtlcs,
    channelReserveSat: reserveFor(fundingSat, policy),
    toSelfDelay: policy.toSelfDelay,
    fundingPubkey: keys.funding.publicKey,
    revocationBasepoint: keys.revocationBasepoint.publicKey,
    paymentBasepoint: keys.paymentBasepoint.publicKey,
    delayedPaymentBasepoint: keys.delayedPaymentBasepoint.publicKey,
    htlcBasepoint: keys.htlcBasepoint.publicKey,
  };
}

function reserveFor(fundingSat: bigint, policy: ChannelPolicy): bigint {
  const reserve = BigInt(Math.floor(Number(fundingSat) * policy.reserveRatio));
  return reserve < policy.dustLimitSat ? policy.dustLimitSat : reserve;
}

type BasepointFields = Pick<
  OpenChannel,
  'funding_pubkey' | 'revocation_basepoint' | 'payment_basepoint' | 'delayed_payment_basepoint' | 'htlc_basepoint'
> &
  Pick<OpenChannel, 'dust_limit_satoshis' | 'max_htlc_value_in_flight_msat' | 'channel_reserve_satoshis' | 'htlc_minimum_msat' | 'to_self_delay' | 'max_accepted_htlcs'>;

function remoteSideParams(m: BasepointFields): SideParams {
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

function sideFields(p: SideParams) {
  return {
    dust_limit_satoshis: p.dustLimitSat,
    max_htlc_value_in_flight_msat: p.maxHtlcValueInFlightMsat,
    channel_reserve_satoshis: p.channelReserveSat,
    htlc_minimum_msat: p.htlcMinimumMsat,
    to_self_delay: p.toSelfDelay,
    max_accepted_htlcs: p.maxAcceptedHtlcs,
    funding_pubkey: p.fundingPubkey,
    revocation_basepoint: p.revocationBasepoint,
    payment_basepoint: p.paymentBasepoint,
    delayed_payment_basepoint: p.delayedPaymentBasepoint,
    htlc_basepoint: p.htlcBasepoint,
  };
}

/** Checks the peer's declared values against what a user of this wallet would accept (BOLT 2 and our policy). */
function checkRemoteParams(remote: SideParams, local: SideParams, fundingSat: bigint, policy: ChannelPolicy): void {
  const refuse = (why: string): never => {
    throw new ChannelFailure('refused', why);
  };
  if (remote.toSelfDelay > policy.maxToSelfDelay) refuse(`the peer wants our funds locked for ${remote.toSelfDelay} blocks after a force close; we accept at most ${policy.maxToSelfDelay}`);
  if (remote.maxAcceptedHtlcs > MAX_ACCEPTED_HTLCS_LIMIT) refuse(`max_accepted_htlcs ${remote.maxAcceptedHtlcs} is over 483`);
  if (remote.maxAcceptedHtlcs < 1) refuse('the peer accepts no HTLCs');
  if (remote.dustLimitSat < 354n) refuse(`dust limit ${remote.dustLimitSat} sat is below 354 sat`);
  if (remote.dustLimitSat > policy.maxDustLimitSat) refuse(`dust limit ${remote.dustLimitSat} sat is over our limit of ${policy.maxDustLimitSat} sat`);
  const maxReserve = BigInt(Math.floor(Number(fundingSat) * policy.maxReserveRatio));
  if (remote.channelReserveSat > maxReserve) refuse(`the peer requires a reserve of ${remote.channelReserveSat} sat, more than ${policy.maxReserveRatio * 100}% of the channel`);
  if (remote.channelReserveSat < local.dustLimitSat) refuse(`the peer's reserve ${remote.channelReserveSat} sat is below our dust limit`);
  if (local.channelReserveSat < remote.dustLimitSat) refuse(`our reserve ${local.channelReserveSat} sat is below the peer's dust limit`);
  if (remote.htlcMinimumMsat > fundingSat * 1000n / 100n) refuse(`htlc_minimum_msat ${remote.htlcMinimumMsat} is unreasonably large`);
  if (remote.maxHtlcValueInFlightMsat < 1000n * 1000n && remote.maxHtlcValueInFlightMsat < fundingSat * 100n) refuse('the peer allows almost nothing in flight');
}

// ---------------------------------------------------------------- channel types

const STATIC_REMOTEKEY = FeatureVector.of({ option_static_remotekey: 'required' });

/** The channel_type we offer: static_remotekey, plus scid_alias for private channels and zero_conf when asked. */
export function channelTypeFor(options: { scidAlias: boolean; zeroConf: boolean }): Uint8Array {
  let type = STATIC_REMOTEKEY;
  if (options.scidAlias) type = type.union(FeatureVector.of({ option_scid_alias: 'required' }));
  if (options.zeroConf) type = type.union(FeatureVector.of({ option_zeroconf: 'required' }));
  return type.toBytes();
}

/** Accepts static_remotekey channels, with or without scid_alias and zero_conf; nothing else (anchors come later). */
function checkChannelType(bytes: Uint8Array | undefined): void {
  if (!bytes) throw new ChannelFailure('refused', 'the peer did not say which channel type it wants (channel_type is required)');
  const type = FeatureVector.fromBytes(bytes);
  const allowed = new Set(FeatureVector.of({ option_static_remotekey: 'required', option_scid_alias: 'required', option_zeroconf: 'required' }).bits());
  if (!type.requires('option_static_remotekey') || type.bits().some((bit) => !allowed.has(bit))) {
    throw new ChannelFailure('refused', `unsupported channel type ${hex(bytes)}: this wallet opens static_remotekey channels`);
  }
}

// ---------------------------------------------------------------- funder

export interface OpenCommand {
  readonly base: ChannelBase;
  readonly temporaryChannelId: Uint8Array;
  readonly fundingSat: bigint;
  readonly pushMsat: bigint;
  readonly feeratePerKw: number;
  readonly channelType: Uint8Array;
}

/** Starts an open as funder: the first state and its open_channel. */
export function startOpen(cmd: OpenCommand, env: ChannelEnv): StepResult {
  const open: OpenParams = {
    temporaryChannelId: cmd.temporaryChannelId,
    fundingSat: cmd.fundingSat,
    pushMsat: cmd.pushMsat,
    feeratePerKw: cmd.feeratePerKw,
    local: localSideParams(env, cmd.fundingSat),
    channelType: cmd.channelType,
  };
  const state: ChannelState = { ...cmd.base, phase: 'wait_accept', open };
  const message = send(openChannel, {
    chain_hash: env.chainHash,
    temporary_channel_id: open.temporaryChannelId,
    funding_satoshis: open.fundingSat,
    push_msat: open.pushMsat,
    feerate_per_kw: open.feeratePerKw,
    ...sideFields(open.local),
    first_per_commitment_point: localPerCommitmentPoint(env.keys, 0),
    channel_flags: 0,
    tlvs: { upfront_shutdown_script: new Uint8Array(0), channel_type: open.channelType },
  });
  return { state, effects: [message] };
}

export function onAcceptChannel(state: ChannelState & { phase: 'wait_accept' }, m: AcceptChannel, env: ChannelEnv): StepResult {
  const { open } = state;
  if (!equal(m.temporary_channel_id, open.temporaryChannelId)) throw new ChannelFailure('protocol', 'accept_channel for another channel');
  if (!m.tlvs.channel_type || !equal(m.tlvs.channel_type, open.channelType)) {
    throw new ChannelFailure('refused', 'the peer answered with a different channel type');
  }
  if (m.minimum_depth > env.policy.maxMinimumDepth) throw new ChannelFailure('refused', `the peer wants ${m.minimum_depth} confirmations; we accept at most ${env.policy.maxMinimumDepth}`);
  const remote = remoteSideParams(m);
  checkRemoteParams(remote, open.local, open.fundingSat, env.policy);
  if (remote.channelReserveSat > open.fundingSat - open.pushMsat / 1000n) throw new ChannelFailure('refused', 'the peer\'s reserve is more than we keep');
  const script = p2wsh(fundingScript(open.local.fundingPubkey, remote.fundingPubkey));
  return {
    state: { ...state, phase: 'wait_funding_tx', remote, remoteFirstPoint: m.first_per_commitment_point, minimumDepth: Math.max(m.minimum_depth, 1) },
    effects: [{ kind: 'build_funding', script, amountSat: open.fundingSat, feeratePerKw: open.feeratePerKw }],
  };
}

function initialSpecs(open: OpenParams, weFunded: boolean): CommitmentSpec {
  const funderMsat = open.fundingSat * 1000n - open.pushMsat;
  return {
    feeratePerKw: open.feeratePerKw,
    toUsMsat: weFunded ? funderMsat : open.pushMsat,
    toThemMsat: weFunded ? open.pushMsat : funderMsat,
    incoming: [],
    outgoing: [],
  };
}

function newCommitments(
  state: ChannelBase & { open: OpenParams; remote: SideParams; remoteFirstPoint: Uint8Array },
  fundingTxid: Uint8Array,
  fundingOutputIndex: number,
): Omit<Commitments, 'localCommit' | 'remoteCommit'> {
  const { open, remote } = state;
  const [funder, fundee] = state.weFunded ? [open.local, remote] : [remote, open.local];
  return {
    channelId: channelIdFromFunding(fundingTxid, fundingOutputIndex),
    channelType: 'static_remotekey',
    weFunded: state.weFunded,
    fundingSat: open.fundingSat,
    fundingTxid,
    fundingOutputIndex,
    obscuringFactor: obscuringFactor(funder.paymentBasepoint, fundee.paymentBasepoint),
    local: open.local,
    remote,
    nextRemoteCommit: null,
    localChanges: emptyChanges(),
    remoteChanges: emptyChanges(),
    localNextHtlcId: 0n,
    remoteNextHtlcId: 0n,
    remoteNextPerCommitmentPoint: state.remoteFirstPoint,
    remoteSecrets: new RevealedSecrets().snapshot(),
  };
}

export function onFundingBuilt(
  state: ChannelState & { phase: 'wait_funding_tx' },
  built: { tx: Uint8Array; txid: Uint8Array; outputIndex: number },
  env: ChannelEnv,
): StepResult {
  const partial = newCommitments(state, built.txid, built.outputIndex);
  const spec = initialSpecs(state.open, true);
  const signed = signRemoteCommitment(partial, env.keys, 0, state.remoteFirstPoint, spec);
  const placeholder = { index: 0, spec, txid: new Uint8Array(32), remoteSig: new Uint8Array(64), remoteHtlcSigs: [] };
  const commitments: Commitments = {
    ...partial,
    localCommit: placeholder,
    remoteCommit: { index: 0, spec, txid: signed.txid, perCommitmentPoint: state.remoteFirstPoint },
  };
  return {
    state: {
      ...baseOf(state),
      phase: 'wait_funding_signed',
      commitments,
      fundingTx: built.tx,
      minimumDepth: state.minimumDepth,
      temporaryChannelId: state.open.temporaryChannelId,
    },
    effects: [
      send(fundingCreated, {
        temporary_channel_id: state.open.temporaryChannelId,
        funding_txid: built.txid,
        funding_output_index: built.outputIndex,
        signature: signed.signature,
      }),
    ],
  };
}

export function onFundingSigned(
  state: ChannelState & { phase: 'wait_funding_signed' },
  m: DecodedOf<typeof fundingSigned>,
  env: ChannelEnv,
): StepResult {
  const c = state.commitments;
  if (!equal(m.channel_id, c.channelId)) throw new ChannelFailure('protocol', 'funding_signed for another channel');
  const localCommit = verifyLocalCommitment(c, env.keys, 0, c.localCommit.spec, m.signature, []);
  const commitments: Commitments = { ...c, localCommit };
  const fundingTxid = hex(Uint8Array.from(c.fundingTxid).reverse());
  const next: ChannelState = {
    ...baseOf(state),
    phase: 'wait_ready',
    commitments,
    fundingTx: state.fundingTx,
    minimumDepth: state.minimumDepth,
    fundingConfirmations: 0,
    shortChannelId: null,
    readySent: false,
    remoteReady: null,
    peerSynced: true,
  };
  return {
    state: next,
    effects: [
      // The record with the peer's signature must exist before the funds are committed on chain.
      { kind: 'persist' },
      { kind: 'publish_funding', tx: state.fundingTx, txid: fundingTxid },
      ...fundingWatches(commitments, state.minimumDepth),
    ],
  };
}

export function fundingWatches(c: Commitments, minimumDepth: number): Effect[] {
  const txid = hex(Uint8Array.from(c.fundingTxid).reverse());
  return [
    { kind: 'watch_confirmations', txid, depth: Math.max(minimumDepth, 1) },
    { kind: 'watch_spend', txid, vout: c.fundingOutputIndex },
  ];
}

// ---------------------------------------------------------------- fundee

export interface InboundContext {
  readonly base: Omit<ChannelBase, 'zeroConf' | 'weFunded'>;
}

/** A peer's open_channel: validate, then answer with accept_channel. Throws ChannelFailure('refused') to decline. */
export function acceptInbound(m: OpenChannel, ctx: InboundContext, env: ChannelEnv): StepResult {
  if (!equal(m.chain_hash, env.chainHash)) throw new ChannelFailure('refused', 'the channel is for another chain');
  checkChannelType(m.tlvs.channel_type);
  if (m.funding_satoshis < env.policy.minFundingSat) throw new ChannelFailure('refused', `channels must be at least ${env.policy.minFundingSat} sat`);
  if (m.funding_satoshis >= MAX_FUNDING_SAT) throw new ChannelFailure('refused', `channels of ${MAX_FUNDING_SAT} sat or more need option_support_large_channel, which this wallet does not offer`);
  if (m.push_msat > m.funding_satoshis * 1000n) throw new ChannelFailure('refused', 'push_msat is more than the channel');
  if (m.feerate_per_kw < MIN_FEERATE_PER_KW || m.feerate_per_kw > MAX_FEERATE_PER_KW) throw new ChannelFailure('refused', `feerate ${m.feerate_per_kw} sat/kw is unreasonable`);
  const remote = remoteSideParams(m);
  const local = localSideParams(env, m.funding_satoshis);
  checkRemoteParams(remote, local, m.funding_satoshis, env.policy);
  const zeroConf = env.policy.zeroConfPeers.includes(ctx.base.peer);
  const open: OpenParams = {
    temporaryChannelId: m.temporary_channel_id,
    fundingSat: m.funding_satoshis,
    pushMsat: m.push_msat,
    feeratePerKw: m.feerate_per_kw,
    local,
    channelType: m.tlvs.channel_type!,
  };
  const minimumDepth = zeroConf ? 0 : env.policy.minimumDepth;
  const state: ChannelState = {
    ...ctx.base,
    weFunded: false,
    zeroConf,
    phase: 'wait_funding_created',
    open,
    remote,
    remoteFirstPoint: m.first_per_commitment_point,
    minimumDepth,
  };
  const message = send(acceptChannel, {
    temporary_channel_id: m.temporary_channel_id,
    minimum_depth: minimumDepth,
    ...sideFields(local),
    first_per_commitment_point: localPerCommitmentPoint(env.keys, 0),
    tlvs: { upfront_shutdown_script: new Uint8Array(0), channel_type: open.channelType },
  });
  return { state, effects: [message] };
}

export function onFundingCreated(
  state: ChannelState & { phase: 'wait_funding_created' },
  m: DecodedOf<typeof fundingCreated>,
  env: ChannelEnv,
): StepResult {
  if (!equal(m.temporary_channel_id, state.open.temporaryChannelId)) throw new ChannelFailure('protocol', 'funding_created for another channel');
  const partial = newCommitments(state, m.funding_txid, m.funding_output_index);
  const spec = initialSpecs(state.open, false);
  const localCommit = verifyLocalCommitment(partial, env.keys, 0, spec, m.signature, []);
  const signed = signRemoteCommitment(partial, env.keys, 0, state.remoteFirstPoint, spec);
  const commitments: Commitments = {
    ...partial,
    localCommit,
    remoteCommit: { index: 0, spec, txid: signed.txid, perCommitmentPoint: state.remoteFirstPoint },
  };
  const zeroConf = state.minimumDepth === 0;
  const next: ChannelState = {
    ...baseOf(state),
    phase: 'wait_ready',
    commitments,
    fundingTx: null,
    minimumDepth: state.minimumDepth,
    fundingConfirmations: 0,
    shortChannelId: null,
    readySent: zeroConf,
    remoteReady: null,
    peerSynced: true,
  };
  const effects: Effect[] = [
    { kind: 'persist' },
    send(fundingSigned, { channel_id: commitments.channelId, signature: signed.signature }),
    ...fundingWatches(commitments, state.minimumDepth),
  ];
  if (zeroConf) effects.push(readyMessage(commitments, state.localAlias, env));
  return { state: next, effects };
}

export function readyMessage(c: Commitments, alias: ShortChannelId, env: ChannelEnv): Effect {
  return send(channelReady, {
    channel_id: c.channelId,
    second_per_commitment_point: localPerCommitmentPoint(env.keys, 1),
    tlvs: { short_channel_id: alias },
  });
}

export function baseOf(s: ChannelBase): ChannelBase {
  return {
    peer: s.peer,
    channelIndex: s.channelIndex,
    weFunded: s.weFunded,
    closeScript: s.closeScript,
    localAlias: s.localAlias,
    zeroConf: s.zeroConf,
    createdAt: s.createdAt,
  };
}
