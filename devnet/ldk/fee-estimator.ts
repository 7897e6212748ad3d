import { ldk } from './ldk.ts';

/** Feerates in sat per 1000 weight units, per LDK confirmation target. */
export type FeeRates = Record<ldk.ConfirmationTarget, number>;

/** 253 sat/kW is the 1 sat/vB relay floor; 1000 sat/kW (4 sat/vB) is what the devnet pays by default. */
export const DEFAULT_FEE_RATES: FeeRates = {
  [ldk.ConfirmationTarget.LDKConfirmationTarget_MaximumFeeEstimate]: 2500,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_UrgentOnChainSweep]: 2500,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_MinAllowedAnchorChannelRemoteFee]: 253,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_MinAllowedNonAnchorChannelRemoteFee]: 253,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_AnchorChannelFee]: 253,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_NonAnchorChannelFee]: 1000,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_ChannelCloseMinimum]: 253,
  [ldk.ConfirmationTarget.LDKConfirmationTarget_OutputSpendingFee]: 1000,
};

export function makeFeeEstimator(rates: FeeRates): ldk.FeeEstimator {
  return ldk.FeeEstimator.new_impl({ get_est_sat_per_1000_weight: (target) => rates[target] });
}
