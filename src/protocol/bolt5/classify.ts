/**
 * What a transaction spending the funding output is (BOLT 5 "Commitment Transaction"): our
 * commitment, the peer's current or next one, a revoked one of the peer's, or a mutual close.
 */
import { p2wsh } from '../bitcoin/script.ts';
import { txid as txidOf, type Transaction } from '../bitcoin/tx.ts';
import { perCommitmentPoint } from '../bolt3/index.ts';
import { equal } from '../codec/bytes.ts';
import {
  channelObscuringFactor,
  commitmentKeys,
  delayedOutputScript,
  spendsFunding,
  toRemoteScriptPubkey,
  type ChannelDescription,
} from './channel.ts';
import { outputsPaying } from './match.ts';

const TWO_24 = 2 ** 24;

/**
 * The commitment number hidden in a commitment's locktime (upper byte 0x20, lower 24 bits) and
 * its input's sequence (upper byte 0x80, upper 24 bits); undefined if the transaction does not
 * have that shape.
 */
export function decodeCommitmentNumber(tx: Transaction, obscuringFactor: number): number | undefined {
  if (tx.inputs.length !== 1) return undefined;
  const { sequence } = tx.inputs[0]!;
  if (sequence >>> 24 !== 0x80 || tx.locktime >>> 24 !== 0x20) return undefined;
  const upper = ((sequence & 0xffffff) ^ Math.floor(obscuringFactor / TWO_24)) >>> 0;
  const lower = ((tx.locktime & 0xffffff) ^ obscuringFactor % TWO_24) >>> 0;
  return upper * TWO_24 + lower;
}

export interface KnownCommitment {
  readonly commitmentNumber: number;
  /** Internal byte order. */
  readonly txid: Uint8Array;
}

export interface KnownRemoteCommitment extends KnownCommitment {
  readonly perCommitmentPoint: Uint8Array;
}

/** What the engine (or a watchtower, with only `secretFor`) knows of the channel's commitments. */
export interface SpendKnowledge {
  /** Our latest commitment, the one we hold the peer's signatures for. */
  readonly local?: KnownCommitment;
  /** The peer's latest commitment we signed that it has not revoked. */
  readonly remoteCurrent?: KnownRemoteCommitment;
  /** The one we signed after it, while the peer has not yet revoked the current one. */
  readonly remoteNext?: KnownRemoteCommitment;
  /** The per_commitment_secret the peer revealed for its commitment n, if it did. */
  readonly secretFor: (commitmentNumber: number) => Uint8Array | undefined;
}

export type SpendKind =
  | { readonly kind: 'local'; readonly commitmentNumber: number }
  | {
      readonly kind: 'remote';
      readonly which: 'current' | 'next';
      readonly commitmentNumber: number;
      readonly perCommitmentPoint: Uint8Array;
    }
  | {
      readonly kind: 'revoked';
      readonly commitmentNumber: number;
      readonly perCommitmentSecret: Uint8Array;
      readonly perCommitmentPoint: Uint8Array;
    }
  /** Spends the funding output without a commitment's locktime/sequence: a cooperative close. */
  | { readonly kind: 'mutual_close' }
  /**
   * Shaped like a commitment but none we know: the peer's from the future (we lost data; its
   * to_remote can still be swept) or an old one of ours. Warn the user.
   */
  | { readonly kind: 'unknown_commitment'; readonly commitmentNumber: number }
  /** Does not spend the funding output at all. */
  | { readonly kind: 'unrelated' };

/** Whether the outputs say this is the peer's commitment on `point` rather than one of ours. */
function looksLikePeerCommitment(channel: ChannelDescription, tx: Transaction, point: Uint8Array): boolean {
  const ours = outputsPaying(tx, toRemoteScriptPubkey(channel, 'local')).length > 0;
  const theirs =
    outputsPaying(tx, toRemoteScriptPubkey(channel, 'remote')).length > 0 ||
    outputsPaying(tx, p2wsh(delayedOutputScript(channel, 'remote', commitmentKeys(channel, 'remote', point)))).length > 0;
  return theirs || !ours;
}

export function classifySpend(channel: ChannelDescription, spendingTx: Transaction, knowledge: SpendKnowledge): SpendKind {
  if (!spendsFunding(channel, spendingTx)) return { kind: 'unrelated' };
  const commitmentNumber = decodeCommitmentNumber(spendingTx, channelObscuringFactor(channel));
  if (commitmentNumber === undefined) return { kind: 'mutual_close' };
  const id = txidOf(spendingTx);
  const is = (known: KnownCommitment | undefined): known is KnownCommitment =>
    known !== undefined && known.commitmentNumber === commitmentNumber && equal(known.txid, id);

  if (is(knowledge.local)) return { kind: 'local', commitmentNumber };
  for (const which of ['current', 'next'] as const) {
    const known = which === 'current' ? knowledge.remoteCurrent : knowledge.remoteNext;
    if (is(known)) return { kind: 'remote', which, commitmentNumber, perCommitmentPoint: known.perCommitmentPoint };
  }
  const secret = knowledge.secretFor(commitmentNumber);
  if (secret) {
    const point = perCommitmentPoint(secret);
    if (looksLikePeerCommitment(channel, spendingTx, point)) {
      return { kind: 'revoked', commitmentNumber, perCommitmentSecret: secret, perCommitmentPoint: point };
    }
  }
  return { kind: 'unknown_commitment', commitmentNumber };
}
