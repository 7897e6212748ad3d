import { Writer } from '../codec/writer.ts';
import { hash160, sha256 } from '../crypto/index.ts';

/** The opcodes Lightning's scripts use. */
export const OP = {
  0: 0x00,
  PUSHDATA1: 0x4c,
  PUSHDATA2: 0x4d,
  '1NEGATE': 0x4f,
  1: 0x51,
  2: 0x52,
  16: 0x60,
  IF: 0x63,
  NOTIF: 0x64,
  ELSE: 0x67,
  ENDIF: 0x68,
  IFDUP: 0x73,
  DROP: 0x75,
  DUP: 0x76,
  SWAP: 0x7c,
  SIZE: 0x82,
  EQUAL: 0x87,
  EQUALVERIFY: 0x88,
  HASH160: 0xa9,
  CHECKSIG: 0xac,
  CHECKSIGVERIFY: 0xad,
  CHECKMULTISIG: 0xae,
  CHECKLOCKTIMEVERIFY: 0xb1,
  CHECKSEQUENCEVERIFY: 0xb2,
} as const;

/** Builds a script from opcodes, data pushes and number pushes, all minimally encoded (MINIMALDATA). */
export class ScriptBuilder {
  private readonly w = new Writer(160);

  op(...opcodes: number[]): this {
    for (const opcode of opcodes) this.w.u8(opcode);
    return this;
  }

  data(bytes: Uint8Array): this {
    const n = bytes.length;
    if (n === 0) return this.op(OP[0]);
    if (n === 1 && bytes[0]! >= 1 && bytes[0]! <= 16) return this.op(OP[1] + bytes[0]! - 1);
    if (n === 1 && bytes[0] === 0x81) return this.op(OP['1NEGATE']);
    if (n <= 75) this.w.u8(n);
    else if (n <= 0xff) this.w.u8(OP.PUSHDATA1).u8(n);
    else if (n <= 0xffff) this.w.u8(OP.PUSHDATA2).u8(n & 0xff).u8(n >>> 8);
    else throw new RangeError(`script push of ${n} bytes is too large`);
    this.w.bytes(bytes);
    return this;
  }

  /** Pushes a non-negative integer as a minimal CScriptNum (OP_0 / OP_1..OP_16 where possible). */
  number(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`script number must be a non-negative integer: ${n}`);
    if (n === 0) return this.op(OP[0]);
    if (n <= 16) return this.op(OP[1] + n - 1);
    const le: number[] = [];
    for (let x = n; x > 0; x = Math.floor(x / 256)) le.push(x % 256);
    // The top bit of the last byte is the sign bit, so a set bit needs a 0x00 byte after it.
    if (le[le.length - 1]! & 0x80) le.push(0);
    return this.data(Uint8Array.from(le));
  }

  build(): Uint8Array {
    return this.w.finish();
  }
}

/** P2WSH scriptPubKey: OP_0 <SHA256(witnessScript)>. */
export function p2wsh(witnessScript: Uint8Array): Uint8Array {
  const out = new Uint8Array(34);
  out[1] = 32;
  out.set(sha256(witnessScript), 2);
  return out;
}

/** P2WPKH scriptPubKey: OP_0 <HASH160(pubkey)>. */
export function p2wpkh(pubkey: Uint8Array): Uint8Array {
  const out = new Uint8Array(22);
  out[1] = 20;
  out.set(hash160(pubkey), 2);
  return out;
}
