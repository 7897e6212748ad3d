/** Tests only: the devnet chain with its Esplora server, and a deterministic BIP84-style test wallet. */
import * as btc from '@scure/btc-signer';
import { openDevnetChain } from '../../../../devnet/chain/index.ts';
import { REGTEST_NETWORK } from '../../../../devnet/chain/address.ts';
import { makeKey, type Key } from '../../../../devnet/chain/test-support.ts';
import { startEsploraServer } from '../../../../devnet/esplora/server.ts';
import type { Chain } from '../../../../devnet/chain/chain.ts';
import type { Faucet } from '../../../../devnet/chain/faucet.ts';
import { EsploraClient, type EsploraClientOptions } from '../esplora-client.ts';
import type { AddressChain } from '../sync-state.ts';
import type { DerivedScript, ScriptAt } from '../wallet-sync.ts';

export interface Devnet {
  chain: Chain;
  faucet: Faucet;
  url: string;
  client(options?: EsploraClientOptions): EsploraClient;
  close(): Promise<void>;
}

export async function startDevnet(): Promise<Devnet> {
  const { chain, faucet } = openDevnetChain();
  const esplora = await startEsploraServer({ chain, port: 0 });
  return {
    chain,
    faucet,
    url: esplora.url,
    client: (options = {}) => new EsploraClient(esplora.url, { timeoutMs: 5_000, backoffMs: 20, ...options }),
    close: async () => {
      await esplora.close();
      chain.close();
    },
  };
}

/** Stands in for BIP84 derivation: a distinct key per (label, chain, index). */
export function testWallet(label: string): { scriptAt: ScriptAt; keyAt(chain: AddressChain, index: number): Key; at(chain: AddressChain, index: number): DerivedScript } {
  const keyAt = (chain: AddressChain, index: number): Key => makeKey(`${label} ${chain}/${index}`);
  const at = (chain: AddressChain, index: number): DerivedScript => {
    const payment = btc.p2wpkh(keyAt(chain, index).pub, REGTEST_NETWORK);
    return { address: payment.address as string, script: payment.script };
  };
  return { scriptAt: at, keyAt, at };
}
