/**
 * BOLT 3 commitment transactions. Everything is from the point of view of the commitment's
 * owner ("local": the party that can broadcast it); to build the peer's commitment, pass the
 * peer's keys, balances and dust limit as "local".
 */
import { compareOutputs, type Transaction, type TxOutput } from '../bitcoin/tx.ts';
import { p2wpkh, p2wsh } from '../bitcoin/script.ts';
import { sha256 } from '../crypto/index.ts';
import {
  ANCHOR_OUTPUT_SAT,
  commitmentWeight,
  isTrimmed,
  weightToFeeSat,
  type FeeContext,
  type HtlcAmount,
} from './fees.ts';
import {
  anchorScript,
  fundingScript,
  offeredHtlcScript,
  receivedHtlcScript,
  toLocalScript,
  toRemoteAnchorsScript,
  type HtlcScriptKeys,
} from './scripts.ts';

export interface CommitmentHtlc extends HtlcAmount {
  readonly paymentHash: Uint8Array;
  readonly cltvExpiry: number;
}

export interface CommitmentKeys extends HtlcScriptKeys {
  readonly localDelayedPubkey: Uint8Array;
  /** remotepubkey: with static_remotekey and anchors, simply the peer's payment_basepoint. */
  readonly remotePaymentPubkey: Uint8Array;
  readonly localFundingPubkey: Uint8Array;
  readonly remoteFundingPubkey: Uint8Array;
}

export interface FundingOutpoint {
  /** Funding transaction id in internal byte order. */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly amountSat: bigint;
}

export interface CommitmentParams<H extends CommitmentHtlc = CommitmentHtlc> extends FeeContext {
  readonly funding: FundingOutpoint;
  readonly localIsFunder: boolean;
  /** The delay on the owner's own outputs (the to_self_delay the peer asked for). */
  readonly toSelfDelay: number;
  readonly keys: CommitmentKeys;
  /** 48-bit commitment number, counting up from 0. */
  readonly commitmentNumber: number;
  /** From {@link obscuringFactor}. */
  readonly obscuringFactor: number;
  readonly toLocalMsat: bigint;
  readonly toRemoteMsat: bigint;
  readonly htlcs: readonly H[];
}

export interface CommittedHtlc<H extends CommitmentHtlc = CommitmentHtlc> {
  readonly htlc: H;
  readonly outputIndex: number;
  readonly witnessScript: Uint8Array;
  readonly amountSat: bigint;
}

export interface CommitmentTx<H extends CommitmentHtlc = CommitmentHtlc> {
  readonly params: CommitmentParams<H>;
  /** Unsigned: the funding input's witness is empty. */
  readonly tx: Transaction;
  readonly fundingScript: Uint8Array;
  /** The to_local witness script, which every HTLC tx of this commitment also pays to. */
  readonly toLocalScript: Uint8Array;
  /** Untrimmed HTLCs in output order: the order of `htlc_signatures`. */
  readonly htlcOutputs: readonly CommittedHtlc<H>[];
  /** Fee per the expected weight; the actual fee also includes trimmed amounts and rounding. */
  readonly baseFeeSat: bigint;
}

const MAX_48_BIT = 2 ** 48 - 1;
const TWO_24 = 2 ** 24;

/** The lower 48 bits of SHA256(opener's payment_basepoint || accepter's payment_basepoint). */
export function obscuringFactor(openerPaymentBasepoint: Uint8Array, accepterPaymentBasepoint: Uint8Array): number {
  const digest = new Uint8Array(66);
  digest.set(openerPaymentBasepoint);
  digest.set(accepterPaymentBasepoint, 33);
  const h = sha256(digest);
  const upper = (h[26]! << 16) | (h[27]! << 8) | h[28]!;
  const lower = (h[29]! << 16) | (h[30]! << 8) | h[31]!;
  return upper * TWO_24 + lower;
}

/** The commitment number XOR the factor, split across locktime (lower 24 bits) and sequence (upper 24 bits). */
function obscuredLocktimeAndSequence(commitmentNumber: number, factor: number): { locktime: number; sequence: number } {
  const upper = (Math.floor(commitmentNumber / TWO_24) ^ Math.floor(factor / TWO_24)) & 0xffffff;
  const lower = ((commitmentNumber ^ factor) & 0xffffff) >>> 0;
  return { locktime: (0x20000000 | lower) >>> 0, sequence: (0x80000000 | upper) >>> 0 };
}

interface PendingOutput<H> {
  readonly output: TxOutput;
  readonly htlc?: { readonly htlc: H; readonly witnessScript: Uint8Array };
}

function bip69WithCltv<H extends CommitmentHtlc>(a: PendingOutput<H>, b: PendingOutput<H>): number {
  return compareOutputs(a.output, b.output) || (a.htlc?.htlc.cltvExpiry ?? 0) - (b.htlc?.htlc.cltvExpiry ?? 0);
}

function checkParams(params: CommitmentParams<CommitmentHtlc>): void {
  const ranges: [string, number, number][] = [
    ['commitment number', params.commitmentNumber, MAX_48_BIT],
    ['obscuring factor', params.obscuringFactor, MAX_48_BIT],
    ['feerate_per_kw', params.feeratePerKw, 0xffffffff],
    ['to_self_delay', params.toSelfDelay, 0xffff],
  ];
  for (const [what, value, max] of ranges) if (!isUint(value, max)) throw new RangeError(`${what} out of range: ${value}`);
  if (params.toLocalMsat < 0n || params.toRemoteMsat < 0n) throw new RangeError('negative balance');
  for (const htlc of params.htlcs) {
    if (htlc.amountMsat < 0n) throw new RangeError('negative HTLC amount');
    if (htlc.paymentHash.length !== 32) throw new RangeError('payment hash must be 32 bytes');
    if (!isUint(htlc.cltvExpiry, 0xffffffff)) throw new RangeError(`cltv_expiry out of range: ${htlc.cltvExpiry}`);
  }
}

function isUint(n: number, max: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= max;
}

function htlcOutputs<H extends CommitmentHtlc>(params: CommitmentParams<H>): PendingOutput<H>[] {
  const anchors = params.channelType === 'anchors';
  const outputs: PendingOutput<H>[] = [];
  for (const htlc of params.htlcs) {
    if (isTrimmed(htlc, params)) continue;
    const witnessScript =
      htlc.direction === 'offered'
        ? offeredHtlcScript(params.keys, htlc.paymentHash, anchors)
        : receivedHtlcScript(params.keys, htlc.paymentHash, htlc.cltvExpiry, anchors);
    outputs.push({ output: { value: htlc.amountMsat / 1000n, script: p2wsh(witnessScript) }, htlc: { htlc, witnessScript } });
  }
  return outputs;
}

/** to_local, to_remote and anchor outputs, after the funder has paid the base fee and the anchors. */
function balanceOutputs(
  params: CommitmentParams<CommitmentHtlc>,
  baseFeeSat: bigint,
  untrimmedHtlcs: number,
  localScript: Uint8Array,
): TxOutput[] {
  const { keys, dustLimitSat } = params;
  const anchors = params.channelType === 'anchors';
  const funderCost = baseFeeSat + (anchors ? 2n * ANCHOR_OUTPUT_SAT : 0n);
  const toLocalSat = params.toLocalMsat / 1000n - (params.localIsFunder ? funderCost : 0n);
  const toRemoteSat = params.toRemoteMsat / 1000n - (params.localIsFunder ? 0n : funderCost);
  const hasToLocal = toLocalSat >= dustLimitSat;
  const hasToRemote = toRemoteSat >= dustLimitSat;

  const outputs: TxOutput[] = [];
  if (hasToLocal) outputs.push({ value: toLocalSat, script: p2wsh(localScript) });
  if (hasToRemote) {
    const script = anchors ? p2wsh(toRemoteAnchorsScript(keys.remotePaymentPubkey)) : p2wpkh(keys.remotePaymentPubkey);
    outputs.push({ value: toRemoteSat, script });
  }
  if (anchors && (hasToLocal || untrimmedHtlcs > 0)) {
    outputs.push({ value: ANCHOR_OUTPUT_SAT, script: p2wsh(anchorScript(keys.localFundingPubkey)) });
  }
  if (anchors && (hasToRemote || untrimmedHtlcs > 0)) {
    outputs.push({ value: ANCHOR_OUTPUT_SAT, script: p2wsh(anchorScript(keys.remoteFundingPubkey)) });
  }
  return outputs;
}

/** Builds the unsigned commitment transaction (BOLT 3 "Commitment Transaction Construction"). */
export function buildCommitmentTx<H extends CommitmentHtlc>(params: CommitmentParams<H>): CommitmentTx<H> {
  checkParams(params);
  const { keys } = params;
  const pending = htlcOutputs(params);
  const untrimmedHtlcs = pending.length;
  const baseFeeSat = weightToFeeSat(params.feeratePerKw, commitmentWeight(params.channelType, untrimmedHtlcs));
  const localScript = toLocalScript(keys.revocationPubkey, params.toSelfDelay, keys.localDelayedPubkey);
  for (const output of balanceOutputs(params, baseFeeSat, untrimmedHtlcs, localScript)) pending.push({ output });
  pending.sort(bip69WithCltv);

  const { locktime, sequence } = obscuredLocktimeAndSequence(params.commitmentNumber, params.obscuringFactor);
  const tx: Transaction = {
    version: 2,
    locktime,
    inputs: [{ txid: params.funding.txid, vout: params.funding.vout, sequence, scriptSig: new Uint8Array(0), witness: [] }],
    outputs: pending.map((p) => p.output),
  };
  const committed: CommittedHtlc<H>[] = [];
  pending.forEach((p, outputIndex) => {
    if (p.htlc) committed.push({ ...p.htlc, outputIndex, amountSat: p.output.value });
  });
  return {
    params,
    tx,
    fundingScript: fundingScript(keys.localFundingPubkey, keys.remoteFundingPubkey),
    toLocalScript: localScript,
    htlcOutputs: committed,
    baseFeeSat,
  };
}
