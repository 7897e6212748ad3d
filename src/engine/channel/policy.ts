/** What we ask of peers and what we accept from them, as a wallet user would want. */
export interface ChannelPolicy {
  /** Our commitment's dust limit. */
  readonly dustLimitSat: bigint;
  /** Delay we impose on the peer's to_local (blocks): long enough to notice a breach while offline. */
  readonly toSelfDelay: number;
  /** The longest delay we accept on our own funds after a force close. */
  readonly maxToSelfDelay: number;
  readonly htlcMinimumMsat: bigint;
  readonly maxAcceptedHtlcs: number;
  /** Reserve we require of the peer, as a fraction of the capacity (BOLT 2 suggests 1%). */
  readonly reserveRatio: number;
  /** The largest reserve the peer may require of us, as a fraction of the capacity. */
  readonly maxReserveRatio: number;
  readonly maxDustLimitSat: bigint;
  readonly minFundingSat: bigint;
  readonly maxMinimumDepth: number;
  /** Confirmations we require of a peer-funded channel unless the peer is trusted for zero-conf. */
  readonly minimumDepth: number;
  /** Total of HTLCs trimmed to dust we accept in a commitment (lost to fees if it goes on chain). */
  readonly maxDustExposureMsat: bigint;
  /** Blocks before an outgoing HTLC's expiry at which we go on chain to time it out. */
  readonly htlcTimeoutSafetyBlocks: number;
  /** Blocks before an incoming HTLC's expiry at which we go on chain to claim it with its preimage. */
  readonly htlcFulfillSafetyBlocks: number;
  /** Peers whose channels we use before the funding confirms. */
  readonly zeroConfPeers: readonly string[];
}

export const DEFAULT_POLICY: ChannelPolicy = {
  dustLimitSat: 546n,
  toSelfDelay: 720,
  maxToSelfDelay: 2016,
  htlcMinimumMsat: 1n,
  maxAcceptedHtlcs: 30,
  reserveRatio: 0.01,
  maxReserveRatio: 0.2,
  maxDustLimitSat: 2000n,
  minFundingSat: 20_000n,
  maxMinimumDepth: 6,
  minimumDepth: 3,
  maxDustExposureMsat: 5_000_000n,
  htlcTimeoutSafetyBlocks: 6,
  htlcFulfillSafetyBlocks: 6,
  zeroConfPeers: [],
};

/** Sanity bounds on a peer's feerate proposals (sat/kw): the floor is the relay minimum. */
export const MIN_FEERATE_PER_KW = 253;
export const MAX_FEERATE_PER_KW = 1_000_000;
