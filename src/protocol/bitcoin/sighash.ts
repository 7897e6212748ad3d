import { doubleSha256 } from '../crypto/index.ts';
import { LeWriter, varBytesLength } from './encoding.ts';
import { encodeOutputs, type Transaction } from './tx.ts';

export const SIGHASH_ALL = 0x01;
/** What anchor channels' HTLC transactions are signed with by the peer (BOLT 3, BOLT 5). */
export const SIGHASH_SINGLE_ANYONECANPAY = 0x83;
export type SighashType = typeof SIGHASH_ALL | typeof SIGHASH_SINGLE_ANYONECANPAY;

const ZERO_HASH: Uint8Array = new Uint8Array(32);

/**
 * BIP143 (segwit v0) signature hashes for one transaction. hashPrevouts, hashSequence and
 * hashOutputs are computed once, on first use, and shared by every input signed through
 * this object; so the transaction must not change while it is in use.
 */
export class SegwitV0Sighasher {
  private hashPrevouts?: Uint8Array;
  private hashSequence?: Uint8Array;
  private hashOutputs?: Uint8Array;

  constructor(private readonly tx: Transaction) {}

  private prevouts(): Uint8Array {
    if (!this.hashPrevouts) {
      const w = new LeWriter(36 * this.tx.inputs.length);
      for (const input of this.tx.inputs) {
        w.bytes(input.txid);
        w.u32(input.vout);
      }
      this.hashPrevouts = doubleSha256(w.finish());
    }
    return this.hashPrevouts;
  }

  private sequences(): Uint8Array {
    if (!this.hashSequence) {
      const w = new LeWriter(4 * this.tx.inputs.length);
      for (const input of this.tx.inputs) w.u32(input.sequence);
      this.hashSequence = doubleSha256(w.finish());
    }
    return this.hashSequence;
  }

  private outputs(): Uint8Array {
    this.hashOutputs ??= doubleSha256(encodeOutputs(this.tx.outputs));
    return this.hashOutputs;
  }

  /**
   * The digest to sign for input `index`, spending `amount` satoshis locked by `scriptCode`
   * (for P2WSH: the witness script).
   */
  sighash(index: number, scriptCode: Uint8Array, amount: bigint, type: SighashType): Uint8Array {
    const input = this.tx.inputs[index];
    if (!input) throw new RangeError(`no input ${index} in a transaction with ${this.tx.inputs.length} inputs`);
    let hashPrevouts = ZERO_HASH;
    let hashSequence = ZERO_HASH;
    let hashOutputs: Uint8Array;
    if (type === SIGHASH_ALL) {
      hashPrevouts = this.prevouts();
      hashSequence = this.sequences();
      hashOutputs = this.outputs();
    } else {
      const output = this.tx.outputs[index];
      hashOutputs = output ? doubleSha256(encodeOutputs([output])) : ZERO_HASH;
    }
    const w = new LeWriter(156 + varBytesLength(scriptCode));
    w.u32(this.tx.version);
    w.bytes(hashPrevouts);
    w.bytes(hashSequence);
    w.bytes(input.txid);
    w.u32(input.vout);
    w.varBytes(scriptCode);
    w.u64(amount);
    w.u32(input.sequence);
    w.bytes(hashOutputs);
    w.u32(this.tx.locktime);
    w.u32(type);
    return doubleSha256(w.finish());
  }
}
