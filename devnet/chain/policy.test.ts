import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes.ts';
import { dustThreshold, feeForSize, isDust } from './policy.ts';
import { classifyScript } from './script.ts';

const script = (hex: string) => fromHex(hex);
const P2PKH = script(`76a914${'11'.repeat(20)}88ac`);
const P2SH = script(`a914${'11'.repeat(20)}87`);
const P2WPKH = script(`0014${'11'.repeat(20)}`);
const P2WSH = script(`0020${'11'.repeat(32)}`);
const P2TR = script(`5120${'11'.repeat(32)}`);
const P2A = script('51024e73');
const OP_RETURN = script('6a0401020304');

describe('relay policy', () => {
  it('uses bitcoind dust thresholds at 3 sat/vB', () => {
    expect(dustThreshold({ value: 0n, script: P2PKH })).toBe(546n);
    expect(dustThreshold({ value: 0n, script: P2SH })).toBe(540n);
    expect(dustThreshold({ value: 0n, script: P2WPKH })).toBe(294n);
    expect(dustThreshold({ value: 0n, script: P2WSH })).toBe(330n);
    expect(dustThreshold({ value: 0n, script: P2TR })).toBe(330n);
    expect(dustThreshold({ value: 0n, script: P2A })).toBe(240n);
    expect(dustThreshold({ value: 0n, script: OP_RETURN })).toBe(0n);
    expect(isDust({ value: 293n, script: P2WPKH })).toBe(true);
    expect(isDust({ value: 294n, script: P2WPKH })).toBe(false);
  });

  it('rounds fees up like CFeeRate::GetFee', () => {
    expect(feeForSize(141, 1000n)).toBe(141n);
    expect(feeForSize(141, 1500n)).toBe(212n);
  });

  it('recognises the standard output types', () => {
    expect([P2PKH, P2SH, P2WPKH, P2WSH, P2TR, P2A, OP_RETURN].map(classifyScript)).toEqual([
      'p2pkh',
      'p2sh',
      'v0_p2wpkh',
      'v0_p2wsh',
      'v1_p2tr',
      'anchor',
      'op_return',
    ]);
    expect(classifyScript(script(`0015${'11'.repeat(21)}`))).toBe('nonstandard');
    expect(classifyScript(script(`5220${'11'.repeat(32)}`))).toBe('witness_unknown');
    expect(classifyScript(script('51'))).toBe('nonstandard');
    expect(classifyScript(script(`21${'02'.repeat(33)}ac`))).toBe('p2pk');
  });
});
