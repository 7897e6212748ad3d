/**
 * Building the wallet's payments. Privacy: inputs are shuffled and a change output goes to a
 * random position. BIP69's deterministic order is not used: it is itself a wallet fingerprint,
 * and with a single recipient the change output's position would follow from the two amounts.
 */
import type { TxOutput } from '../../protocol/bitcoin/index.ts';
import { EngineError } from '../engine-error.ts';
import { MAX_MONEY_SATS } from './btc-amount.ts';
import { selectAll, selectCoins, type CoinSelection } from './coin-selection.ts';
import { toSatPerKvb } from './fee-rates.ts';
import { secureRandomInt, shuffled, type RandomInt } from './random.ts';
import { signSpend, type SignedTransaction } from './signed-transaction.ts';
import { dustThreshold, vsizeOfWeight } from './tx-size.ts';
import { isSpendable, sumValues, type OnchainSigner, type SpendabilityOptions, type WalletUtxo } from './wallet-utxo.ts';

interface SpendContext extends SpendabilityOptions {
  /** Every unspent coin of the wallet; those not safe to spend are filtered out here. */
  utxos: readonly WalletUtxo[];
  /** sat/vB; the transaction pays at least this (see customFeeRate for the limits). */
  feeRate: number;
  /** Height of the current chain tip, for anti-fee-sniping nLockTime. */
  tipHeight: number;
  signer: OnchainSigner;
  random?: RandomInt;
}

export interface SendRequest extends SpendContext {
  recipients: readonly TxOutput[];
  /** Where change goes: the P2WPKH script of an unused change address. */
  changeScript: Uint8Array;
}

export interface SendAllRequest extends SpendContext {
  destination: Uint8Array;
}

/** Refuses amounts no node would relay or that cannot exist. */
export function checkPaymentAmount(value: bigint, script: Uint8Array): void {
  if (value <= 0n) throw new EngineError('invalid_amount', 'The amount must be more than zero.');
  if (value > MAX_MONEY_SATS) throw new EngineError('invalid_amount', `${value} sats is more than the 21 million bitcoin that can exist.`);
  const dust = dustThreshold(script);
  if (value < dust) {
    throw new EngineError('invalid_amount', `${value} sats is below the dust limit: this address can only receive ${dust} sats or more.`);
  }
}

function unconfirmedReceivesNote(request: SpendContext): string {
  const pending = sumValues(request.utxos.filter((utxo) => !isSpendable(utxo, request)));
  return pending > 0n ? ` Another ${pending} sats are waiting for confirmation and can be spent once confirmed.` : '';
}

/** Adds the unconfirmed balance to an insufficient-funds message, so the person knows to wait. */
function explainShortfall<T>(request: SpendContext, select: () => T): T {
  try {
    return select();
  } catch (error) {
    if (error instanceof EngineError && error.code === 'insufficient_funds') {
      throw new EngineError('insufficient_funds', error.message + unconfirmedReceivesNote(request));
    }
    throw error;
  }
}

/** Guards the size estimate: the signed transaction must be no larger than budgeted, so it pays at least the rate. */
function checkPaysRate(signed: SignedTransaction, estimatedWeight: number, satPerKvb: bigint): SignedTransaction {
  if (signed.vsize > vsizeOfWeight(estimatedWeight) || signed.fee * 1000n < BigInt(signed.vsize) * satPerKvb) {
    throw new Error(`transaction of ${signed.vsize} vB paying ${signed.fee} sats is below ${satPerKvb} sat/kvB`);
  }
  return signed;
}

export function createSend(request: SendRequest): SignedTransaction {
  if (request.recipients.length === 0) throw new EngineError('invalid_amount', 'Add a recipient to pay.');
  for (const recipient of request.recipients) checkPaymentAmount(recipient.value, recipient.script);
  const satPerKvb = toSatPerKvb(request.feeRate);
  const random = request.random ?? secureRandomInt;
  const selection: CoinSelection = explainShortfall(request, () =>
    selectCoins({
      candidates: request.utxos.filter((utxo) => isSpendable(utxo, request)),
      outputs: request.recipients,
      satPerKvb,
      changeScript: request.changeScript,
    }),
  );
  const outputs = [...request.recipients];
  const changeOutputs: number[] = [];
  if (selection.change > 0n) {
    const position = random(outputs.length + 1);
    outputs.splice(position, 0, { value: selection.change, script: request.changeScript });
    changeOutputs.push(position);
  }
  const signed = signSpend(
    { inputs: shuffled(selection.inputs, random), outputs, changeOutputs, tipHeight: request.tipHeight },
    request.signer,
  );
  return checkPaysRate(signed, selection.weight, satPerKvb);
}

/** Sends every spendable coin worth spending to `destination`, the fee subtracted from the amount. */
export function createSendAll(request: SendAllRequest): SignedTransaction {
  const satPerKvb = toSatPerKvb(request.feeRate);
  const random = request.random ?? secureRandomInt;
  const sweep = explainShortfall(request, () =>
    selectAll(request.utxos.filter((utxo) => isSpendable(utxo, request)), request.destination, satPerKvb),
  );
  const signed = signSpend(
    {
      inputs: shuffled(sweep.inputs, random),
      outputs: [{ value: sweep.amount, script: request.destination }],
      changeOutputs: [],
      tipHeight: request.tipHeight,
    },
    request.signer,
  );
  return checkPaysRate(signed, sweep.weight, satPerKvb);
}
