/**
 * The contract between the devnet's chain and everything that follows it (LDK nodes,
 * the Esplora API, the admin API). The chain implements it; nothing else reaches into
 * the chain's internals.
 */

export interface BlockInfo {
  height: number;
  /** Block hash as explorers display it (reversed byte order). */
  hash: string;
  /** The 80-byte serialized header. */
  header: Uint8Array;
  /** Transactions in block order, coinbase first; txid in display order. */
  txs: { txid: string; raw: Uint8Array }[];
}

export type ChainEvent = { type: 'connected'; block: BlockInfo } | { type: 'disconnected'; block: BlockInfo };

export interface Utxo {
  txid: string;
  vout: number;
  value: bigint;
  script: Uint8Array;
  /** Undefined while unconfirmed. */
  height?: number;
  /** True for coinbase outputs, spendable once they have 100 confirmations. */
  coinbase?: boolean;
}

/** A transaction the chain refused, with a bitcoind-like reason (e.g. "bad-txns-inputs-missingorspent"). */
export class ChainRejection extends Error {
  override readonly name = 'ChainRejection';
  /** Extra context after the reason (bitcoind's debug message), if any. */
  readonly detail?: string;
  constructor(readonly reason: string, detail?: string) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.detail = detail;
  }
}

export interface ChainSource {
  tip(): BlockInfo;
  blockAt(height: number): BlockInfo | undefined;
  /** Validates fully (inputs, amounts, maturity, locks, fees, scripts) and adds to the mempool; throws ChainRejection. */
  submitTransaction(raw: Uint8Array): string;
  /** A transaction in a block of the active chain or in the mempool. */
  getTransaction(txid: string): { raw: Uint8Array; blockHeight?: number } | undefined;
  /** Unspent outputs paying `script`, including unconfirmed ones; excludes outputs spent in the mempool. */
  utxosForScript(script: Uint8Array): Utxo[];
  /** Mines `count` blocks including the mempool; the coinbase pays `coinbaseScript` (default: the faucet). */
  mine(count: number, coinbaseScript?: Uint8Array): BlockInfo[];
  /** Block events in order: on a reorg, `disconnected` for each removed block (tip first), then `connected`. */
  subscribe(listener: (event: ChainEvent) => void): () => void;
}
