import { describe, expect, it } from 'vitest';
import { p2wpkh } from '../../protocol/bitcoin/index.ts';
import { fromHex } from '../../protocol/codec/bytes.ts';
import { dustThreshold, estimateWeight, feeForWeight, outputWeight, vsizeOfWeight } from './tx-size.ts';

const P2WPKH = p2wpkh(fromHex('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'));
const P2TR = fromHex('5120' + '11'.repeat(32));
const P2WSH = fromHex('0020' + '22'.repeat(32));
const P2PKH = fromHex('76a914' + '33'.repeat(20) + '88ac');
const P2SH = fromHex('a914' + '44'.repeat(20) + '87');

describe('transaction sizes', () => {
  it('sizes each output type as in Bitcoin Core', () => {
    expect([P2WPKH, P2TR, P2WSH, P2PKH, P2SH].map((script) => outputWeight(script) / 4)).toEqual([31, 43, 43, 34, 32]);
  });

  it('estimates the well-known 1-in 2-out P2WPKH transaction at 141 vB', () => {
    // 10.5 vB overhead + 68 vB input + 2 × 31 vB outputs = 140.5 → 141
    expect(estimateWeight(1, [P2WPKH, P2WPKH])).toBe(562);
    expect(vsizeOfWeight(562)).toBe(141);
  });

  it('uses 3-byte counts from 253 inputs on', () => {
    expect(estimateWeight(253, [P2WPKH]) - estimateWeight(252, [P2WPKH])).toBe(272 + 8);
  });

  it('has Bitcoin Core’s dust thresholds', () => {
    expect([P2WPKH, P2TR, P2WSH, P2PKH, P2SH].map(dustThreshold)).toEqual([294n, 330n, 330n, 546n, 540n]);
    expect(dustThreshold(fromHex('6a0100'))).toBe(0n);
  });

  it('rounds fees up', () => {
    expect(feeForWeight(562, 1000n)).toBe(141n);
    expect(feeForWeight(562, 1500n)).toBe(212n); // 141 × 1.5 = 211.5
  });

  it('adds exactly 68 vB per input, whatever the rest rounds to', () => {
    for (let outputs = 0; outputs < 4; outputs++) {
      const scripts = [P2WPKH, P2TR, P2PKH].slice(0, outputs);
      for (let inputs = 1; inputs < 10; inputs++) {
        expect(vsizeOfWeight(estimateWeight(inputs, scripts))).toBe(vsizeOfWeight(estimateWeight(0, scripts)) + 68 * inputs);
      }
    }
  });
});
