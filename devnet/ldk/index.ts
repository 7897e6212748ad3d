/**
 * The devnet's Lightning nodes (LDK WebAssembly). Typical use, with the devnet chain and faucet:
 *
 *   const { chain, faucet } = openDevnetChain({ dataDir: '.devnet/chain' });
 *   const network = await DevnetNetwork.start({ chain, dataDir: '.devnet', fund: async (script, sats) => faucet.send(script, sats) });
 *   await network.merchant.invoice(10_000, 'coffee');
 */
export { DevnetNetwork, ANNOUNCEMENT_DEPTH, type DevnetNetworkOptions } from './network.ts';
export {
  LdkNode,
  type LdkNodeOptions,
  type NodeBalance,
  type NodeInfo,
  type OpenOptions,
  type OpenResult,
  type PaymentResult,
  type PeerSummary,
} from './ldk-node.ts';
export type { ChannelSummary } from './channel-summary.ts';
export type { GraphSummary, GraphChannel } from './gossip.ts';
export type { NodeEvent } from './node-events.ts';
export type { PaymentRecord } from './payment-store.ts';
export type { WalletBalance } from './onchain-wallet.ts';
export { InsufficientFunds } from './onchain-wallet.ts';
export type { FeeRates } from './fee-estimator.ts';
export type { ChannelPolicy } from './user-config.ts';
export type { LogLevel } from './logger.ts';
