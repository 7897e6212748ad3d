/** Script disassembly in the format Esplora shows (rust-bitcoin's `Script::to_asm`). */
import { toHex } from '../chain/bytes.ts';
import { OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4 } from '../chain/script.ts';

// 0x61 (OP_NOP) .. 0xaf (OP_CHECKMULTISIGVERIFY), in opcode order.
const NAMES_FROM_NOP = [
  'NOP', 'VER', 'IF', 'NOTIF', 'VERIF', 'VERNOTIF', 'ELSE', 'ENDIF', 'VERIFY', 'RETURN', 'TOALTSTACK', 'FROMALTSTACK',
  '2DROP', '2DUP', '3DUP', '2OVER', '2ROT', '2SWAP', 'IFDUP', 'DEPTH', 'DROP', 'DUP', 'NIP', 'OVER', 'PICK', 'ROLL',
  'ROT', 'SWAP', 'TUCK', 'CAT', 'SUBSTR', 'LEFT', 'RIGHT', 'SIZE', 'INVERT', 'AND', 'OR', 'XOR', 'EQUAL', 'EQUALVERIFY',
  'RESERVED1', 'RESERVED2', '1ADD', '1SUB', '2MUL', '2DIV', 'NEGATE', 'ABS', 'NOT', '0NOTEQUAL', 'ADD', 'SUB', 'MUL',
  'DIV', 'MOD', 'LSHIFT', 'RSHIFT', 'BOOLAND', 'BOOLOR', 'NUMEQUAL', 'NUMEQUALVERIFY', 'NUMNOTEQUAL', 'LESSTHAN',
  'GREATERTHAN', 'LESSTHANOREQUAL', 'GREATERTHANOREQUAL', 'MIN', 'MAX', 'WITHIN', 'RIPEMD160', 'SHA1', 'SHA256',
  'HASH160', 'HASH256', 'CODESEPARATOR', 'CHECKSIG', 'CHECKSIGVERIFY', 'CHECKMULTISIG', 'CHECKMULTISIGVERIFY',
];

export function opcodeName(opcode: number): string {
  if (opcode === 0x00) return 'OP_0';
  if (opcode <= 0x4b) return `OP_PUSHBYTES_${opcode}`;
  if (opcode === OP_PUSHDATA1) return 'OP_PUSHDATA1';
  if (opcode === OP_PUSHDATA2) return 'OP_PUSHDATA2';
  if (opcode === OP_PUSHDATA4) return 'OP_PUSHDATA4';
  if (opcode === 0x4f) return 'OP_PUSHNUM_NEG1';
  if (opcode === 0x50) return 'OP_RESERVED';
  if (opcode <= 0x60) return `OP_PUSHNUM_${opcode - 0x50}`;
  if (opcode <= 0xaf) return `OP_${NAMES_FROM_NOP[opcode - 0x61]}`;
  if (opcode === 0xb0) return 'OP_NOP1';
  if (opcode === 0xb1) return 'OP_CLTV';
  if (opcode === 0xb2) return 'OP_CSV';
  if (opcode <= 0xb9) return `OP_NOP${opcode - 0xb0 + 1}`;
  if (opcode === 0xba) return 'OP_CHECKSIGADD';
  if (opcode === 0xff) return 'OP_INVALIDOPCODE';
  return `OP_RETURN_${opcode}`;
}

export function scriptAsm(script: Uint8Array): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset < script.length) {
    const opcode = script[offset++] as number;
    let length: number | undefined;
    if (opcode >= 0x01 && opcode <= 0x4b) length = opcode;
    else if (opcode === OP_PUSHDATA1 || opcode === OP_PUSHDATA2 || opcode === OP_PUSHDATA4) {
      const sizeBytes = opcode === OP_PUSHDATA1 ? 1 : opcode === OP_PUSHDATA2 ? 2 : 4;
      if (offset + sizeBytes > script.length) {
        parts.push(opcodeName(opcode), '<unexpected end>');
        break;
      }
      length = 0;
      for (let i = sizeBytes - 1; i >= 0; i--) length = length * 256 + (script[offset + i] as number);
      offset += sizeBytes;
    }
    if (length === undefined) {
      parts.push(opcodeName(opcode));
      continue;
    }
    if (offset + length > script.length) {
      parts.push(opcodeName(opcode), '<push past end>');
      break;
    }
    parts.push(`${opcodeName(opcode)} ${toHex(script.subarray(offset, offset + length))}`);
    offset += length;
  }
  return parts.join(' ');
}
