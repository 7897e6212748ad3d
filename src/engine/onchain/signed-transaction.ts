/**
 * Assembling and signing the wallet's spends: version 2, every input signalling replaceability
 * (BIP125), nLockTime at the current tip against fee sniping, P2WPKH inputs signed per BIP143.
 */
import {
  SIGHASH_ALL,
  SegwitV0Sighasher,
  encodeTx,
  p2wpkh,
  signEcdsa,
  txWeight,
  txid as computeTxid,
  witnessSignature,
  type Transaction,
  type TxOutput,
} from '../../protocol/bitcoin/index.ts';
import { equal, fromHex, hex, reversed } from '../../protocol/codec/bytes.ts';
import { hash160, publicKey } from '../../protocol/crypto/index.ts';
import { vsizeOfWeight } from './tx-size.ts';
import { sumValues, type OnchainSigner, type WalletUtxo } from './wallet-utxo.ts';

export const TX_VERSION = 2;
/** Below 0xfffffffe: opts into BIP125 replacement, and keeps nLockTime enforced. */
export const RBF_SEQUENCE = 0xfffffffd;
/** nLockTime values from here on are timestamps, not heights. */
const LOCKTIME_THRESHOLD = 500_000_000;

export interface SignedTransaction {
  tx: Transaction;
  /** Serialised with witnesses, ready to broadcast. */
  raw: Uint8Array;
  /** As explorers display it. */
  txid: string;
  /** Inputs minus outputs, in satoshis. */
  fee: bigint;
  weight: number;
  vsize: number;
  /** fee / vsize in sat/vB. */
  feeRate: number;
  /** The coins spent, in input order. */
  inputs: readonly WalletUtxo[];
  /** Indices of the outputs paying back to the wallet. */
  changeOutputs: readonly number[];
}

export interface UnsignedSpend {
  inputs: readonly WalletUtxo[];
  outputs: readonly TxOutput[];
  changeOutputs: readonly number[];
  /** The chain tip's height: the transaction cannot be mined in a block at or below it. */
  tipHeight: number;
}

/** P2WPKH's BIP143 scriptCode: the P2PKH script of the key hash. */
function p2wpkhScriptCode(pubkeyHash: Uint8Array): Uint8Array {
  return Uint8Array.of(0x76, 0xa9, 0x14, ...pubkeyHash, 0x88, 0xac);
}

function keyPathText(utxo: WalletUtxo): string {
  return `${utxo.keyPath.chain}/${utxo.keyPath.index}`;
}

export function signSpend(spend: UnsignedSpend, signer: OnchainSigner): SignedTransaction {
  if (!Number.isSafeInteger(spend.tipHeight) || spend.tipHeight < 0 || spend.tipHeight >= LOCKTIME_THRESHOLD) {
    throw new RangeError(`tip height must be a block height, got ${spend.tipHeight}`);
  }
  const unsigned: Transaction = {
    version: TX_VERSION,
    locktime: spend.tipHeight,
    inputs: spend.inputs.map((utxo) => ({
      txid: reversed(fromHex(utxo.txid)),
      vout: utxo.vout,
      sequence: RBF_SEQUENCE,
      scriptSig: new Uint8Array(0),
      witness: [],
    })),
    outputs: spend.outputs,
  };
  const sighasher = new SegwitV0Sighasher(unsigned);
  const inputs = unsigned.inputs.map((input, index) => {
    const utxo = spend.inputs[index]!;
    const privateKey = signer.privateKeyFor(utxo.keyPath);
    const pubkey = publicKey(privateKey);
    if (!equal(p2wpkh(pubkey), utxo.script)) {
      throw new Error(`the key at ${keyPathText(utxo)} does not own coin ${utxo.txid}:${utxo.vout}`);
    }
    const digest = sighasher.sighash(index, p2wpkhScriptCode(hash160(pubkey)), utxo.value, SIGHASH_ALL);
    return { ...input, witness: [witnessSignature(signEcdsa(digest, privateKey), SIGHASH_ALL), pubkey] };
  });
  const tx: Transaction = { ...unsigned, inputs };
  const fee = sumValues(spend.inputs) - sumValues(spend.outputs);
  if (fee < 0n) throw new Error(`outputs exceed inputs by ${-fee} sats`);
  const weight = txWeight(tx);
  const vsize = vsizeOfWeight(weight);
  return {
    tx,
    raw: encodeTx(tx),
    txid: hex(reversed(computeTxid(tx))),
    fee,
    weight,
    vsize,
    feeRate: Number(fee) / vsize,
    inputs: [...spend.inputs],
    changeOutputs: [...spend.changeOutputs],
  };
}
