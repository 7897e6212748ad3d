import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { txWeight } from '../../protocol/bitcoin/index.ts';
import { equal } from '../../protocol/codec/bytes.ts';
import { EngineError } from '../engine-error.ts';
import { createSend, createSendAll, type SendRequest } from './send.ts';
import { CHANGE_SCRIPT, DESTINATIONS, OUR_SCRIPT, coin } from './test-fixtures.ts';
import { vsizeOfWeight } from './tx-size.ts';
import type { KeyPath, OnchainSigner } from './wallet-utxo.ts';

/** The fixtures' scripts belong to the private keys 1 (coins) and 2 (change). */
const signer: OnchainSigner = { privateKeyFor: () => Uint8Array.of(...new Uint8Array(31), 1) };

function request(overrides: Partial<SendRequest> = {}): SendRequest {
  return {
    utxos: [coin(60_000n, 1), coin(50_000n, 2), coin(40_000n, 3)],
    recipients: [{ script: DESTINATIONS.p2tr, value: 100_000n }],
    feeRate: 2,
    changeScript: CHANGE_SCRIPT,
    tipHeight: 800_000,
    signer,
    ...overrides,
  };
}

describe('createSend', () => {
  it('puts the change where the random source says, and shuffles the inputs', () => {
    const first = createSend(request({ random: () => 0 }));
    expect(first.changeOutputs).toEqual([0]);
    expect(equal(first.tx.outputs[0]!.script, CHANGE_SCRIPT)).toBe(true);
    const last = createSend(request({ random: (bound) => bound - 1 }));
    expect(last.changeOutputs).toEqual([1]);
    expect(equal(last.tx.outputs[1]!.script, CHANGE_SCRIPT)).toBe(true);
    // Largest-first picked [60,000, 50,000]: a draw of 0 swaps them, a draw of bound - 1 keeps them.
    expect(first.inputs.map((input) => input.value)).toEqual([50_000n, 60_000n]);
    expect(last.inputs.map((input) => input.value)).toEqual([60_000n, 50_000n]);
  });

  it('sets version 2, RBF sequences and the tip as nLockTime', () => {
    const signed = createSend(request());
    expect(signed.tx.version).toBe(2);
    expect(signed.tx.locktime).toBe(800_000);
    expect(signed.tx.inputs.map((input) => input.sequence)).toEqual([0xfffffffd, 0xfffffffd]);
    expect(signed.weight).toBe(txWeight(signed.tx));
  });

  it('refuses a bad fee rate, no recipient, and an invalid tip', () => {
    expect(() => createSend(request({ feeRate: 0.5 }))).toThrow(expect.objectContaining({ code: 'invalid_fee_rate' }));
    expect(() => createSend(request({ recipients: [] }))).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    expect(() => createSend(request({ tipHeight: -1 }))).toThrow(RangeError);
    expect(() => createSendAll({ ...request(), destination: DESTINATIONS.p2wpkh, feeRate: Number.NaN })).toThrow(EngineError);
  });

  it('will not sign with a key that does not own the coin', () => {
    const wrong: OnchainSigner = { privateKeyFor: (path: KeyPath) => Uint8Array.of(...new Uint8Array(31), path.index + 5) };
    expect(() => createSend(request({ signer: wrong }))).toThrow(/does not own coin/);
  });

  it('always pays at least the requested rate on the signed transaction', () => {
    const values = fc.array(fc.bigInt({ min: 500n, max: 500_000n }), { minLength: 1, maxLength: 12 });
    const rates = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.double({ min: 1, max: 300, noNaN: true }));
    fc.assert(
      fc.property(values, fc.bigInt({ min: 546n, max: 1_000_000n }), rates, fc.constantFrom(...Object.values(DESTINATIONS)), (coinValues, amount, feeRate, script) => {
        let signed;
        try {
          signed = createSend(request({ utxos: coinValues.map((value, n) => coin(value, n)), recipients: [{ script, value: amount }], feeRate }));
        } catch (error) {
          expect((error as EngineError).code).toBe('insufficient_funds');
          return;
        }
        const satPerKvb = BigInt(Math.ceil(feeRate * 1000 - 1e-6));
        expect(signed.fee * 1000n).toBeGreaterThanOrEqual(BigInt(signed.vsize) * satPerKvb);
        expect(signed.vsize).toBe(vsizeOfWeight(txWeight(signed.tx)));
        expect(signed.tx.inputs.every((input) => input.witness.length === 2)).toBe(true);
        expect(signed.inputs.every((input) => equal(input.script, OUR_SCRIPT))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
