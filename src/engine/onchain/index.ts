export { addressFromScript, parseAddress, type AddressType, type ParsedAddress } from './address.ts';
export { formatBip21, formatBip21ForQr, parseBip21, type PaymentRequest, type ReceiveRequest } from './bip21.ts';
export { MAX_MONEY_SATS, formatBtcAmount, parseBtcAmount } from './btc-amount.ts';
export { bumpFee, minimumBumpFeeRate, type BumpFeeRequest, type SentTransaction } from './bump-fee.ts';
export { selectAll, selectCoins, type CoinSelection, type CoinSelectionRequest, type SweepSelection } from './coin-selection.ts';
export {
  FEE_TARGETS,
  MAX_FEE_RATE,
  MIN_FEE_RATE,
  customFeeRate,
  feeRatesFromEstimates,
  type FeeEstimates,
  type FeeRatePresets,
} from './fee-rates.ts';
export { type RandomInt } from './random.ts';
export { createSend, createSendAll, type SendAllRequest, type SendRequest } from './send.ts';
export { RBF_SEQUENCE, type SignedTransaction } from './signed-transaction.ts';
export { dustThreshold } from './tx-size.ts';
export { isSpendable, type AddressChain, type KeyPath, type OnchainSigner, type WalletUtxo } from './wallet-utxo.ts';
