import { Chain, type ChainOptions } from './chain.ts';
import { FAUCET_SCRIPT, Faucet } from './faucet.ts';

export { Chain, type ChainBlock, type ChainOptions, type Spender, type TxLookup } from './chain.ts';
export { Faucet, FAUCET_ADDRESS, FAUCET_SCRIPT } from './faucet.ts';
export { AddressError, REGTEST_NETWORK, addressToScript, scriptToAddress } from './address.ts';
export { REGTEST_GENESIS_HASH } from './block.ts';
export * from './source.ts';

/** Height reached at startup: block 1's coinbase is mature from block 101 on. */
export const DEFAULT_STARTUP_HEIGHT = 101;

export interface DevnetChainOptions extends Omit<ChainOptions, 'defaultCoinbaseScript'> {
  /** Mine up to this height when the chain is shorter (default 101, so the faucet has mature coins). */
  startupHeight?: number;
  /** Mine a block every this many milliseconds; off when omitted. */
  autoMineIntervalMs?: number;
}

/** Opens (or creates) the devnet chain with the faucet receiving coinbases. */
export function openDevnetChain(options: DevnetChainOptions = {}): { chain: Chain; faucet: Faucet } {
  const chain = Chain.open({ ...options, defaultCoinbaseScript: FAUCET_SCRIPT });
  const startupHeight = options.startupHeight ?? DEFAULT_STARTUP_HEIGHT;
  if (chain.height < startupHeight) chain.mine(startupHeight - chain.height);
  if (options.autoMineIntervalMs !== undefined) chain.startAutoMining(options.autoMineIntervalMs);
  return { chain, faucet: new Faucet(chain) };
}
