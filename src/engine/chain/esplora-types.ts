/** Typed, validated Esplora answers. Amounts are satoshis as JS numbers (exact below 2^53). Hex is lower case. */

export type TxStatus =
  | { confirmed: false }
  | { confirmed: true; blockHeight: number; blockHash: string; blockTime: number };

export interface TxOut {
  /** scriptPubKey, hex. */
  script: string;
  address?: string;
  value: number;
}

export interface TxIn {
  txid: string;
  vout: number;
  sequence: number;
  isCoinbase: boolean;
  /** The output this input spends; null only for a coinbase input. */
  prevout: TxOut | null;
}

export interface EsploraTx {
  txid: string;
  version: number;
  locktime: number;
  vin: TxIn[];
  vout: TxOut[];
  size: number;
  weight: number;
  fee: number;
  status: TxStatus;
}

export type Outspend = { spent: false } | { spent: true; txid: string; vin: number; status: TxStatus };

export interface ScriptStats {
  txCount: number;
  fundedCount: number;
  fundedSum: number;
  spentCount: number;
  spentSum: number;
}

export interface AddressStats {
  chain: ScriptStats;
  mempool: ScriptStats;
}

export interface Utxo {
  txid: string;
  vout: number;
  value: number;
  status: TxStatus;
}

export interface FeeEstimate {
  /** Confirmation target in blocks. */
  target: number;
  satPerVbyte: number;
}

export interface BlockHeader {
  hash: string;
  version: number;
  prevHash: string;
  merkleRoot: string;
  time: number;
  bits: number;
  nonce: number;
  /** The 80 serialized bytes, hex. */
  hex: string;
}

export interface BlockSummary {
  hash: string;
  height: number;
  /** Null for the genesis block. */
  previousHash: string | null;
  time: number;
  txCount: number;
}

export interface BlockStatus {
  inBestChain: boolean;
  height: number | null;
  nextBest: string | null;
}

/** An address, or an Esplora scripthash (sha256 of the scriptPubKey, hex in natural byte order). */
export type ScriptRef = { address: string } | { scripthash: string };
