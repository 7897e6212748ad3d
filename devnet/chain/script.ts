/** Output-script recognition (bitcoind's Solver, simplified) and script tokenizing. */

export const OP_0 = 0x00;
export const OP_PUSHDATA1 = 0x4c;
export const OP_PUSHDATA2 = 0x4d;
export const OP_PUSHDATA4 = 0x4e;
export const OP_1 = 0x51;
export const OP_16 = 0x60;
export const OP_RETURN = 0x6a;
export const OP_DUP = 0x76;
export const OP_EQUAL = 0x87;
export const OP_EQUALVERIFY = 0x88;
export const OP_HASH160 = 0xa9;
export const OP_CHECKSIG = 0xac;
export const OP_CHECKMULTISIG = 0xae;

export interface ScriptOp {
  opcode: number;
  /** The pushed bytes, for push opcodes. */
  data?: Uint8Array;
}

/** Splits a script into opcodes; `truncated` is set when a push runs past the end (the rest is dropped). */
export function tokenizeScript(script: Uint8Array): { ops: ScriptOp[]; truncated: boolean } {
  const ops: ScriptOp[] = [];
  let offset = 0;
  while (offset < script.length) {
    const opcode = script[offset++] as number;
    let length = -1;
    if (opcode < OP_PUSHDATA1) length = opcode;
    else if (opcode === OP_PUSHDATA1 || opcode === OP_PUSHDATA2 || opcode === OP_PUSHDATA4) {
      const sizeBytes = opcode === OP_PUSHDATA1 ? 1 : opcode === OP_PUSHDATA2 ? 2 : 4;
      if (offset + sizeBytes > script.length) return { ops, truncated: true };
      length = 0;
      for (let i = sizeBytes - 1; i >= 0; i--) length = length * 256 + (script[offset + i] as number);
      offset += sizeBytes;
    }
    if (length < 0) {
      ops.push({ opcode });
      continue;
    }
    if (offset + length > script.length) return { ops, truncated: true };
    ops.push({ opcode, data: script.subarray(offset, offset + length) });
    offset += length;
  }
  return { ops, truncated: false };
}

export function isPushOnly(script: Uint8Array): boolean {
  const { ops, truncated } = tokenizeScript(script);
  return !truncated && ops.every((op) => op.opcode <= OP_16);
}

export type ScriptKind =
  | 'empty'
  | 'op_return'
  | 'p2pk'
  | 'p2pkh'
  | 'p2sh'
  | 'multisig'
  | 'v0_p2wpkh'
  | 'v0_p2wsh'
  | 'v1_p2tr'
  | 'anchor'
  | 'witness_unknown'
  | 'nonstandard';

export interface WitnessProgram {
  version: number;
  program: Uint8Array;
}

export function witnessProgram(script: Uint8Array): WitnessProgram | undefined {
  if (script.length < 4 || script.length > 42) return undefined;
  const versionOp = script[0] as number;
  if (versionOp !== OP_0 && (versionOp < OP_1 || versionOp > OP_16)) return undefined;
  if (script[1] !== script.length - 2) return undefined;
  return { version: versionOp === OP_0 ? 0 : versionOp - OP_1 + 1, program: script.subarray(2) };
}

const isPubkeyLength = (data: Uint8Array | undefined): boolean =>
  data !== undefined && ((data.length === 33 && (data[0] === 2 || data[0] === 3)) || (data.length === 65 && data[0] === 4));

export function classifyScript(script: Uint8Array): ScriptKind {
  const length = script.length;
  if (length === 0) return 'empty';
  if (script[0] === OP_RETURN) return 'op_return';
  if (length === 25 && script[0] === OP_DUP && script[1] === OP_HASH160 && script[2] === 20 && script[23] === OP_EQUALVERIFY && script[24] === OP_CHECKSIG) {
    return 'p2pkh';
  }
  if (length === 23 && script[0] === OP_HASH160 && script[1] === 20 && script[22] === OP_EQUAL) return 'p2sh';
  const witness = witnessProgram(script);
  if (witness) {
    if (witness.version === 0 && witness.program.length === 20) return 'v0_p2wpkh';
    if (witness.version === 0 && witness.program.length === 32) return 'v0_p2wsh';
    if (witness.version === 0) return 'nonstandard';
    if (witness.version === 1 && witness.program.length === 32) return 'v1_p2tr';
    if (witness.version === 1 && witness.program.length === 2 && witness.program[0] === 0x4e && witness.program[1] === 0x73) return 'anchor';
    return 'witness_unknown';
  }
  if ((length === 35 || length === 67) && script[length - 1] === OP_CHECKSIG && isPubkeyLength(script.subarray(1, length - 1)) && script[0] === length - 2) {
    return 'p2pk';
  }
  if (isBareMultisig(script)) return 'multisig';
  return 'nonstandard';
}

function isBareMultisig(script: Uint8Array): boolean {
  const { ops, truncated } = tokenizeScript(script);
  if (truncated || ops.length < 4) return false;
  const first = ops[0] as ScriptOp;
  const last = ops[ops.length - 1] as ScriptOp;
  const nOp = ops[ops.length - 2] as ScriptOp;
  if (last.opcode !== OP_CHECKMULTISIG) return false;
  if (first.opcode < OP_1 || first.opcode > OP_16 || nOp.opcode < OP_1 || nOp.opcode > OP_16) return false;
  const required = first.opcode - OP_1 + 1;
  const keys = ops.slice(1, -2);
  // Only the 1..3-key forms bitcoind relays.
  return keys.length <= 3 && keys.length === nOp.opcode - OP_1 + 1 && required <= keys.length && keys.every((op) => isPubkeyLength(op.data));
}

/** True for outputs that can never be spent, which bitcoind exempts from the dust rule. */
export function isUnspendable(script: Uint8Array): boolean {
  return (script.length > 0 && script[0] === OP_RETURN) || script.length > 10_000;
}
