/** Mutual close (BOLT 2 "Channel Close"): shutdown, then closing_signed with fee_range. */
import { compareOutputs, encodeTx, SegwitV0Sighasher, SIGHASH_ALL, signEcdsa, verifyEcdsa, witnessSignature, txid, type Transaction, type TxOutput } from '../../protocol/bitcoin/index.ts';
import { fundingScript } from '../../protocol/bolt3/index.ts';
import { closingSigned, type ClosingSigned } from '../../protocol/bolt2/index.ts';
import { compare, hex } from '../../protocol/codec/bytes.ts';
import type { Commitments } from './commitments.ts';
import { ChannelFailure } from './failure.ts';
import { send } from './opening.ts';
import type { ChannelEnv, Effect } from './state.ts';

/** Expected weight of a closing transaction with two P2WSH/P2WPKH outputs, for fee estimates. */
const CLOSING_WEIGHT = 4 * (10 + 41 + 2 * 43) + 222;

export function closingFeeSat(feeratePerKw: number): bigint {
  return (BigInt(feeratePerKw) * BigInt(CLOSING_WEIGHT)) / 1000n;
}

/** A script we may close to: P2WPKH, P2WSH, P2PKH, P2SH, or a segwit v1+ program (option_shutdown_anysegwit). */
export function isAcceptableShutdownScript(s: Uint8Array): boolean {
  if (s.length === 22 && s[0] === 0x00 && s[1] === 0x14) return true;
  if (s.length === 34 && s[0] === 0x00 && s[1] === 0x20) return true;
  if (s.length === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac) return true;
  if (s.length === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87) return true;
  const version = s[0] ?? 0;
  return s.length >= 4 && s.length <= 42 && version >= 0x51 && version <= 0x60 && s[1] === s.length - 2 && s[1]! >= 2 && s[1]! <= 40;
}

export interface ClosingTx {
  readonly tx: Transaction;
  readonly toUsSat: bigint;
}

/** The closing transaction for a fee: outputs from the final balances, the funder paying the fee, dust removed. */
export function buildClosingTx(c: Commitments, ourScript: Uint8Array, theirScript: Uint8Array, feeSat: bigint): ClosingTx {
  const spec = c.localCommit.spec;
  let us = spec.toUsMsat / 1000n;
  let them = spec.toThemMsat / 1000n;
  if (c.weFunded) us -= feeSat;
  else them -= feeSat;
  const outputs: TxOutput[] = [];
  const ourOutput = us >= c.local.dustLimitSat ? { value: us, script: ourScript } : null;
  if (ourOutput) outputs.push(ourOutput);
  if (them >= c.local.dustLimitSat && them >= c.remote.dustLimitSat) outputs.push({ value: them, script: theirScript });
  outputs.sort(compareOutputs);
  const tx: Transaction = {
    version: 2,
    locktime: 0,
    inputs: [{ txid: c.fundingTxid, vout: c.fundingOutputIndex, sequence: 0xffffffff, scriptSig: new Uint8Array(0), witness: [] }],
    outputs,
  };
  return { tx, toUsSat: ourOutput ? us : 0n };
}

function sighash(c: Commitments, tx: Transaction): Uint8Array {
  return new SegwitV0Sighasher(tx).sighash(0, fundingScript(c.local.fundingPubkey, c.remote.fundingPubkey), c.fundingSat, SIGHASH_ALL);
}

export function signClosing(c: Commitments, tx: Transaction, fundingSecret: Uint8Array): Uint8Array {
  return signEcdsa(sighash(c, tx), fundingSecret);
}

export function signedClosingTx(c: Commitments, tx: Transaction, ourSig: Uint8Array, theirSig: Uint8Array): Transaction {
  const ours = witnessSignature(ourSig, SIGHASH_ALL);
  const theirs = witnessSignature(theirSig, SIGHASH_ALL);
  const [first, second] = compare(c.local.fundingPubkey, c.remote.fundingPubkey) <= 0 ? [ours, theirs] : [theirs, ours];
  const script = fundingScript(c.local.fundingPubkey, c.remote.fundingPubkey);
  return { ...tx, inputs: [{ ...tx.inputs[0]!, witness: [new Uint8Array(0), first, second, script] }] };
}

/** The most fee a closing may take from the funder: its whole balance. */
function maxFee(c: Commitments): bigint {
  const spec = c.localCommit.spec;
  return (c.weFunded ? spec.toUsMsat : spec.toThemMsat) / 1000n;
}

/** The funder's first closing_signed, with the range of fees it accepts. */
export function proposeClose(
  c: Commitments,
  ourScript: Uint8Array,
  theirScript: Uint8Array,
  env: ChannelEnv,
): { proposed: { feeSat: bigint; minFeeSat: bigint; maxFeeSat: bigint }; effect: Effect } {
  const ideal = closingFeeSat(env.closingFeeratePerKw);
  const ceiling = maxFee(c);
  const feeSat = ideal < ceiling ? ideal : ceiling;
  const minFeeSat = closingFeeSat(253) < feeSat ? closingFeeSat(253) : feeSat;
  const maxFeeSat = feeSat * 2n < ceiling ? feeSat * 2n : ceiling;
  const { tx } = buildClosingTx(c, ourScript, theirScript, feeSat);
  const signature = signClosing(c, tx, env.keys.funding.secret);
  return {
    proposed: { feeSat, minFeeSat, maxFeeSat },
    effect: send(closingSigned, { channel_id: c.channelId, fee_satoshis: feeSat, signature, tlvs: { fee_range: { min_fee_satoshis: minFeeSat, max_fee_satoshis: maxFeeSat } } }),
  };
}

export type CloseAnswer =
  /** Agreed: publish this transaction (and send our signature when `reply` is set). */
  | { kind: 'agreed'; tx: Transaction; txid: string; reply: Effect | null; feeSat: bigint }
  /** Counter-proposal. */
  | { kind: 'counter'; reply: Effect; proposed: { feeSat: bigint; minFeeSat: bigint; maxFeeSat: bigint } };

/** Handles the peer's closing_signed: verify its signature, then agree or counter within the ranges. */
export function onClosingSigned(
  c: Commitments,
  m: ClosingSigned,
  ourScript: Uint8Array,
  theirScript: Uint8Array,
  proposed: { feeSat: bigint; minFeeSat: bigint; maxFeeSat: bigint } | null,
  env: ChannelEnv,
): CloseAnswer {
  const fee = m.fee_satoshis;
  if (fee > maxFee(c)) throw new ChannelFailure('protocol', `closing fee ${fee} sat is more than the funder has`);
  const { tx } = buildClosingTx(c, ourScript, theirScript, fee);
  const ok = verifyEcdsa(m.signature, sighash(c, tx), c.remote.fundingPubkey);
  if (!ok) throw new ChannelFailure('bad_signature', 'the peer\'s closing signature is invalid');
  const agree = (reply: boolean): CloseAnswer => {
    const ourSig = signClosing(c, tx, env.keys.funding.secret);
    const signed = signedClosingTx(c, tx, ourSig, m.signature);
    return {
      kind: 'agreed',
      tx: signed,
      txid: hex(Uint8Array.from(txid(signed)).reverse()),
      feeSat: fee,
      reply: reply ? send(closingSigned, { channel_id: c.channelId, fee_satoshis: fee, signature: ourSig, tlvs: m.tlvs.fee_range ? { fee_range: m.tlvs.fee_range } : {} }) : null,
    };
  };
  if (proposed && fee === proposed.feeSat) return agree(false);
  const ourMin = proposed?.minFeeSat ?? 0n;
  const ourMax = proposed?.maxFeeSat ?? maxFee(c);
  // As fundee the fee is not ours to pay: any fee the funder can afford is fine.
  if (!c.weFunded || (fee >= ourMin && fee <= ourMax)) return agree(true);
  const range = m.tlvs.fee_range;
  if (range && range.max_fee_satoshis >= ourMin && range.min_fee_satoshis <= ourMax) {
    const target = proposed?.feeSat ?? fee;
    const lo = range.min_fee_satoshis > ourMin ? range.min_fee_satoshis : ourMin;
    const hi = range.max_fee_satoshis < ourMax ? range.max_fee_satoshis : ourMax;
    const counter = target < lo ? lo : target > hi ? hi : target;
    const counterTx = buildClosingTx(c, ourScript, theirScript, counter).tx;
    return {
      kind: 'counter',
      proposed: { feeSat: counter, minFeeSat: ourMin, maxFeeSat: ourMax },
      reply: send(closingSigned, {
        channel_id: c.channelId,
        fee_satoshis: counter,
        signature: signClosing(c, counterTx, env.keys.funding.secret),
        tlvs: { fee_range: { min_fee_satoshis: ourMin, max_fee_satoshis: ourMax } },
      }),
    };
  }
  throw new ChannelFailure('refused', `no closing fee both sides accept (peer proposed ${fee} sat)`);
}

export function closingTxBytes(tx: Transaction): Uint8Array {
  return encodeTx(tx);
}
