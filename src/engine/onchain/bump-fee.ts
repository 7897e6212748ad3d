/**
 * Fee bumping by replacement (BIP125): a new version of one of our unconfirmed sends that spends the
 * same coins, pays the same recipients, and pays more fee, taken from the change first and from
 * further confirmed coins when the change is not enough.
 */
import { txWeight, type TxOutput } from '../../protocol/bitcoin/index.ts';
import { EngineError } from '../engine-error.ts';
import { economicalCoins } from './coin-selection.ts';
import { toSatPerKvb } from './fee-rates.ts';
import { secureRandomInt, type RandomInt } from './random.ts';
import { signSpend, type SignedTransaction } from './signed-transaction.ts';
import { ceilDiv, dustThreshold, estimateWeight, feeForVsize, vsizeOfWeight } from './tx-size.ts';
import { outpointKey, sumValues, type OnchainSigner, type WalletUtxo } from './wallet-utxo.ts';

/** Bitcoin Core's incremental relay fee: a replacement must add at least this much per vbyte of its own size. */
export const INCREMENTAL_RELAY_SAT_PER_KVB = 1000n;
/** BIP125: an input with a lower nSequence opts its transaction into replacement. */
const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

/** What the wallet keeps of a send it made: enough to replace it. */
export type SentTransaction = Pick<SignedTransaction, 'tx' | 'inputs' | 'changeOutputs'>;

export interface BumpFeeRequest {
  original: SentTransaction;
  /** True once the original is in a block: then it can no longer be replaced. */
  confirmed: boolean;
  /** New fee rate in sat/vB; at least minimumBumpFeeRate(original). */
  feeRate: number;
  /** The wallet's unspent coins: confirmed ones not already spent by the original may be added. */
  utxos: readonly WalletUtxo[];
  /** Change script for a change output, used when the original had none. */
  changeScript: Uint8Array;
  tipHeight: number;
  signer: OnchainSigner;
  /**
   * Total fee of our unconfirmed transactions that spend the original's outputs: the replacement
   * evicts them too, so it must pay for them as well.
   */
  descendantsFee?: bigint;
  random?: RandomInt;
}

function cannotBump(message: string): EngineError {
  return new EngineError('cannot_bump_fee', message);
}

function formatRate(satPerKvb: bigint): string {
  return (Number(satPerKvb) / 1000).toString();
}

function feeOf(original: SentTransaction): bigint {
  if (original.inputs.length !== original.tx.inputs.length) {
    throw new Error(`the sent transaction lists ${original.inputs.length} coins for ${original.tx.inputs.length} inputs`);
  }
  return sumValues(original.inputs) - sumValues(original.tx.outputs);
}

function minimumBumpSatPerKvb(original: SentTransaction): bigint {
  const vsize = BigInt(vsizeOfWeight(txWeight(original.tx)));
  return ceilDiv(feeOf(original) * 1000n, vsize) + INCREMENTAL_RELAY_SAT_PER_KVB;
}

/** The lowest fee rate (sat/vB) a replacement of `original` may pay: its current rate plus 1 sat/vB. */
export function minimumBumpFeeRate(original: SentTransaction): number {
  return Number(minimumBumpSatPerKvb(original)) / 1000;
}

export function bumpFee(request: BumpFeeRequest): SignedTransaction {
  const { original } = request;
  if (request.confirmed) throw cannotBump('This transaction is already confirmed: its fee can no longer change.');
  if (!original.tx.inputs.some((input) => input.sequence >>> 0 <= MAX_BIP125_RBF_SEQUENCE)) {
    throw cannotBump('This transaction did not opt into replacement (BIP125), so nodes would not relay a version paying a higher fee.');
  }
  const satPerKvb = toSatPerKvb(request.feeRate);
  const minimum = minimumBumpSatPerKvb(original);
  if (satPerKvb < minimum) {
    throw cannotBump(
      `The new fee rate must be at least ${formatRate(minimum)} sat/vB: a replacement has to pay at least 1 sat/vB more than the ${formatRate(minimum - INCREMENTAL_RELAY_SAT_PER_KVB)} sat/vB the transaction pays now.`,
    );
  }

  const evictedFees = feeOf(original) + (request.descendantsFee ?? 0n);
  // BIP125 rules 3 and 4: outbid everything evicted, and pay for the replacement's own relay on top.
  const requiredFee = (weight: number): bigint => {
    const vsize = vsizeOfWeight(weight);
    const atRate = feeForVsize(vsize, satPerKvb);
    const outbid = evictedFees + feeForVsize(vsize, INCREMENTAL_RELAY_SAT_PER_KVB);
    return atRate > outbid ? atRate : outbid;
  };

  const changeIndex = original.changeOutputs[0];
  const changeScript = changeIndex === undefined ? request.changeScript : original.tx.outputs[changeIndex]!.script;
  const fixedOutputs = original.tx.outputs.filter((_, index) => index !== changeIndex);
  const fixedScripts = fixedOutputs.map((output) => output.script);
  const paid = sumValues(fixedOutputs);
  const minChange = dustThreshold(changeScript);
  const alreadySpent = new Set(original.inputs.map(outpointKey));
  // BIP125 rule 2: a replacement may not add unconfirmed inputs.
  const spare = economicalCoins(
    request.utxos.filter((utxo) => utxo.height !== undefined && !alreadySpent.has(outpointKey(utxo))),
    satPerKvb,
  );

  let shortfall = 0n;
  for (let extra = 0; extra <= spare.length; extra++) {
    const inputs = [...original.inputs, ...spare.slice(0, extra)];
    const available = sumValues(inputs) - paid;
    const withChange = estimateWeight(inputs.length, [...fixedScripts, changeScript]);
    const change = available - requiredFee(withChange);
    if (change >= minChange) return finish(request, inputs, change, withChange, evictedFees, satPerKvb);
    const withoutChange = estimateWeight(inputs.length, fixedScripts);
    shortfall = requiredFee(withoutChange) - available;
    if (shortfall <= 0n) return finish(request, inputs, 0n, withoutChange, evictedFees, satPerKvb);
  }
  if (changeIndex === undefined && spare.length === 0) {
    throw cannotBump('This transaction has no change output to take a higher fee from, and the wallet has no other confirmed coins to add.');
  }
  throw cannotBump(
    `Not enough funds to bump the fee to ${formatRate(satPerKvb)} sat/vB: it needs ${shortfall} sats more than the change and your other confirmed coins hold.`,
  );
}

/** Lays out the outputs as the original had them, with the change adjusted (or dropped, or added), and signs. */
function finish(
  request: BumpFeeRequest,
  inputs: WalletUtxo[],
  change: bigint,
  estimatedWeight: number,
  evictedFees: bigint,
  satPerKvb: bigint,
): SignedTransaction {
  const { original } = request;
  const changeIndex = original.changeOutputs[0];
  const outputs: TxOutput[] = [];
  const changeOutputs: number[] = [];
  original.tx.outputs.forEach((output, index) => {
    if (index === changeIndex) {
      if (change === 0n) return;
      changeOutputs.push(outputs.length);
      outputs.push({ script: output.script, value: change });
      return;
    }
    if (original.changeOutputs.includes(index)) changeOutputs.push(outputs.length);
    outputs.push(output);
  });
  if (changeIndex === undefined && change > 0n) {
    const position = (request.random ?? secureRandomInt)(outputs.length + 1);
    outputs.splice(position, 0, { script: request.changeScript, value: change });
    changeOutputs.push(position);
  }
  const signed = signSpend({ inputs, outputs, changeOutputs, tipHeight: request.tipHeight }, request.signer);
  checkReplacementRules(signed, original, estimatedWeight, evictedFees, satPerKvb);
  return signed;
}

/** The replacement must satisfy BIP125 as nodes check it, whatever the signatures' sizes turned out to be. */
function checkReplacementRules(
  signed: SignedTransaction,
  original: SentTransaction,
  estimatedWeight: number,
  evictedFees: bigint,
  satPerKvb: bigint,
): void {
  const originalVsize = BigInt(vsizeOfWeight(txWeight(original.tx)));
  const vsize = BigInt(signed.vsize);
  const ok =
    signed.vsize <= vsizeOfWeight(estimatedWeight) &&
    signed.fee * 1000n >= vsize * satPerKvb &&
    signed.fee - evictedFees >= feeForVsize(signed.vsize, INCREMENTAL_RELAY_SAT_PER_KVB) &&
    signed.fee * originalVsize > feeOf(original) * vsize;
  if (!ok) throw new Error(`replacement ${signed.txid} paying ${signed.fee} sats for ${signed.vsize} vB breaks BIP125`);
}
