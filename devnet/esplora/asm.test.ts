import { describe, expect, it } from 'vitest';
import { fromHex } from '../chain/bytes.ts';
import { opcodeName, scriptAsm } from './asm.ts';

describe('scriptAsm', () => {
  it('formats standard scripts like Esplora', () => {
    expect(scriptAsm(fromHex(`0014${'ab'.repeat(20)}`))).toBe(`OP_0 OP_PUSHBYTES_20 ${'ab'.repeat(20)}`);
    expect(scriptAsm(fromHex(`5120${'cd'.repeat(32)}`))).toBe(`OP_PUSHNUM_1 OP_PUSHBYTES_32 ${'cd'.repeat(32)}`);
    expect(scriptAsm(fromHex(`76a914${'11'.repeat(20)}88ac`))).toBe(`OP_DUP OP_HASH160 OP_PUSHBYTES_20 ${'11'.repeat(20)} OP_EQUALVERIFY OP_CHECKSIG`);
    expect(scriptAsm(fromHex('0390000bb27521'))).toBe('OP_PUSHBYTES_3 90000b OP_CSV OP_DROP OP_PUSHBYTES_33 <push past end>');
    expect(scriptAsm(fromHex('4c02abcd4f6a'))).toBe('OP_PUSHDATA1 abcd OP_PUSHNUM_NEG1 OP_RETURN');
    expect(scriptAsm(fromHex('4d01'))).toBe('OP_PUSHDATA2 <unexpected end>');
    expect(scriptAsm(new Uint8Array())).toBe('');
  });

  it('names every opcode the way rust-bitcoin does', () => {
    expect([0x50, 0x60, 0x61, 0x87, 0xa9, 0xae, 0xaf].map(opcodeName)).toEqual([
      'OP_RESERVED',
      'OP_PUSHNUM_16',
      'OP_NOP',
      'OP_EQUAL',
      'OP_HASH160',
      'OP_CHECKMULTISIG',
      'OP_CHECKMULTISIGVERIFY',
    ]);
    expect([0xb0, 0xb1, 0xb2, 0xb3, 0xb9, 0xba, 0xbb, 0xfe, 0xff].map(opcodeName)).toEqual([
      'OP_NOP1',
      'OP_CLTV',
      'OP_CSV',
      'OP_NOP4',
      'OP_NOP10',
      'OP_CHECKSIGADD',
      'OP_RETURN_187',
      'OP_RETURN_254',
      'OP_INVALIDOPCODE',
    ]);
  });
});
