import { fromHex, reversed } from './codec/bytes.ts';

export type NetworkName = 'mainnet' | 'testnet' | 'testnet4' | 'signet' | 'regtest';

export interface Network {
  name: NetworkName;
  /** Genesis block hash as explorers display it. */
  genesisHash: string;
  /** BOLT's chain_hash: the genesis hash in internal (little-endian) byte order. */
  chainHash: Uint8Array;
  /** Segwit address human-readable part. */
  bech32: string;
  /** BOLT 11 currency prefix (after "ln"). */
  bolt11: string;
}

function network(name: NetworkName, genesisHash: string, bech32: string, bolt11: string): Network {
  return { name, genesisHash, chainHash: reversed(fromHex(genesisHash)), bech32, bolt11 };
}

export const NETWORKS: Record<NetworkName, Network> = {
  mainnet: network('mainnet', '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f', 'bc', 'bc'),
  testnet: network('testnet', '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943', 'tb', 'tb'),
  testnet4: network('testnet4', '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043', 'tb', 'tb'),
  signet: network('signet', '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6', 'tb', 'tbs'),
  regtest: network('regtest', '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206', 'bcrt', 'bcrt'),
};
