import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TxOutput } from '../../protocol/bitcoin/index.ts';
import { EngineError } from '../engine-error.ts';
import { selectAll, selectCoins, type CoinSelection } from './coin-selection.ts';
import { CHANGE_SCRIPT, DESTINATIONS, coin } from './test-fixtures.ts';
import { dustThreshold, estimateWeight, feeForWeight } from './tx-size.ts';
import { outpointKey, sumValues, type WalletUtxo } from './wallet-utxo.ts';

const pay = (value: bigint, script: Uint8Array = DESTINATIONS.p2wpkh): TxOutput => ({ value, script });
const RATE = 1000n; // 1 sat/vB
/** 1-in 1-out P2WPKH: 10.5 + 68 + 31 = 109.5 → 110 vB. */
const FEE_1_IN_1_OUT = 110n;
/** Whether a coin is worth more than its 68-vB input costs at `satPerKvb`. */
const worthSpending = (utxo: WalletUtxo, satPerKvb: bigint): boolean => utxo.value * 1000n > 68n * satPerKvb;

function select(candidates: WalletUtxo[], outputs: TxOutput[], satPerKvb = RATE): CoinSelection {
  return selectCoins({ candidates, outputs, satPerKvb, changeScript: CHANGE_SCRIPT });
}

describe('coin selection', () => {
  it('prefers a changeless set found by Branch-and-Bound', () => {
    const exact = coin(50_000n + FEE_1_IN_1_OUT, 2);
    const selection = select([coin(1_000_000n, 1), exact, coin(20_000n, 3)], [pay(50_000n)]);
    expect(selection).toMatchObject({ algorithm: 'branch-and-bound', change: 0n, fee: FEE_1_IN_1_OUT, inputs: [exact] });
  });

  it('combines coins for a changeless payment', () => {
    // 30,000 + 20,068: two inputs cost 68 vB each on top of 10.5 + 31.
    const selection = select([coin(100_000n, 1), coin(30_000n, 2), coin(20_178n, 3), coin(5_000n, 4)], [pay(50_000n)]);
    expect(selection.algorithm).toBe('branch-and-bound');
    expect(selection.inputs.map((input) => input.value).sort()).toEqual([20_178n, 30_000n]);
    expect(selection.fee).toBe(178n);
  });

  it('falls back to largest-first with change', () => {
    const selection = select([coin(30_000n, 1), coin(100_000n, 2), coin(40_000n, 3)], [pay(120_000n)]);
    expect(selection.algorithm).toBe('largest-first');
    expect(selection.inputs.map((input) => input.value)).toEqual([100_000n, 40_000n]);
    // 10.5 + 2 × 68 + 2 × 31 = 208.5 → 209 vB
    expect(selection.fee).toBe(209n);
    expect(selection.change).toBe(140_000n - 120_000n - 209n);
  });

  it('drops change below dust into the fee', () => {
    // 300 sats over the changeless fee: too much for Branch-and-Bound's window (31 + 204),
    // too little for a change output (31 vB more, then 294 dust).
    const selection = select([coin(50_000n + FEE_1_IN_1_OUT + 300n, 1)], [pay(50_000n)]);
    expect(selection).toMatchObject({ algorithm: 'largest-first', change: 0n, fee: FEE_1_IN_1_OUT + 300n });
  });

  it('never spends a coin worth less than its input fee', () => {
    // At 10 sat/vB an input costs 680 sats: the 600-sat coin is worth nothing.
    const coins = [coin(600n, 1), coin(10_000n, 2)];
    const selection = select(coins, [pay(5_000n)], 10_000n);
    expect(selection.inputs.map((input) => input.value)).toEqual([10_000n]);
    expect(() => select(coins, [pay(9_500n)], 10_000n)).toThrow(/Not enough funds/);
  });

  it('says how much could be sent instead', () => {
    const error = (() => {
      try {
        select([coin(10_000n, 1), coin(5_000n, 2)], [pay(20_000n)]);
      } catch (caught) {
        return caught as EngineError;
      }
      throw new Error('selection succeeded');
    })();
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('insufficient_funds');
    // 15,000 - 2 × 68 vB of inputs - 42 vB for the rest (10.5 + 31, rounded up)
    expect(error.message).toMatch(/you can send at most 14822 sats/);
  });

  describe('sending everything', () => {
    it('sweeps every coin worth spending into one output', () => {
      const sweep = selectAll([coin(600n, 1), coin(10_000n, 2), coin(20_000n, 3)], DESTINATIONS.p2tr, 10_000n);
      expect(sweep.inputs.map((input) => input.value)).toEqual([20_000n, 10_000n]);
      // 10.5 + 2 × 68 + 43 = 189.5 → 190 vB at 10 sat/vB
      expect(sweep.fee).toBe(1_900n);
      expect(sweep.amount).toBe(30_000n - 1_900n);
    });

    it('refuses when the fee would eat the payment', () => {
      expect(() => selectAll([coin(400n, 1)], DESTINATIONS.p2wpkh, 1000n)).toThrow(/less than the 294 sats/);
      expect(() => selectAll([coin(400n, 1)], DESTINATIONS.p2wpkh, 10_000n)).toThrow(/no coin is worth more than the fee/);
      expect(() => selectAll([], DESTINATIONS.p2wpkh, 1000n)).toThrow(EngineError);
    });
  });

  describe('properties', () => {
    const coins = fc
      .array(fc.oneof(fc.bigInt({ min: 1n, max: 3_000n }), fc.bigInt({ min: 1n, max: 2_000_000n }), fc.constant(100_000n)), { maxLength: 30 })
      .map((values) => values.map((value, n) => coin(value, n)));
    const feeRates = fc.oneof(fc.constant(1000n), fc.bigInt({ min: 1000n, max: 200_000n }));
    const destination = fc.constantFrom(...Object.values(DESTINATIONS));
    const recipients = fc.array(
      fc.tuple(fc.bigInt({ min: 546n, max: 3_000_000n }), destination).map(([value, script]) => pay(value, script)),
      { minLength: 1, maxLength: 3 },
    );

    it('covers the payment and a fee at the target rate, with change above dust or none', () => {
      fc.assert(
        fc.property(coins, recipients, feeRates, (candidates, outputs, rate) => {
          const paid = sumValues(outputs);
          let selection: CoinSelection;
          try {
            selection = select(candidates, outputs, rate);
          } catch (error) {
            expect(error).toBeInstanceOf(EngineError);
            expect((error as EngineError).code).toBe('insufficient_funds');
            // Failing means even every worthwhile coin in a changeless transaction cannot pay.
            const usable = candidates.filter((utxo) => worthSpending(utxo, rate));
            const bestFee = feeForWeight(estimateWeight(usable.length, outputs.map((output) => output.script)), rate);
            expect(sumValues(usable) - bestFee).toBeLessThan(paid);
            return;
          }
          const keys = selection.inputs.map(outpointKey);
          expect(new Set(keys).size).toBe(keys.length);
          const candidateKeys = new Set(candidates.map(outpointKey));
          for (const input of selection.inputs) {
            expect(candidateKeys.has(outpointKey(input))).toBe(true);
            expect(worthSpending(input, rate)).toBe(true);
          }
          expect(sumValues(selection.inputs)).toBe(paid + selection.change + selection.fee);
          const scripts = outputs.map((output) => output.script);
          if (selection.change > 0n) scripts.push(CHANGE_SCRIPT);
          expect(selection.weight).toBe(estimateWeight(selection.inputs.length, scripts));
          expect(selection.fee).toBeGreaterThanOrEqual(feeForWeight(selection.weight, rate));
          if (selection.change !== 0n) expect(selection.change).toBeGreaterThanOrEqual(dustThreshold(CHANGE_SCRIPT));
          if (selection.algorithm === 'branch-and-bound') expect(selection.change).toBe(0n);
        }),
        { numRuns: 500 },
      );
    });

    it('sends everything: all worthwhile coins in, nothing left over', () => {
      fc.assert(
        fc.property(coins, destination, feeRates, (candidates, script, rate) => {
          const worthwhile = candidates.filter((utxo) => worthSpending(utxo, rate));
          let sweep;
          try {
            sweep = selectAll(candidates, script, rate);
          } catch (error) {
            expect((error as EngineError).code).toBe('insufficient_funds');
            const fee = feeForWeight(estimateWeight(worthwhile.length, [script]), rate);
            expect(sumValues(worthwhile) - fee).toBeLessThan(dustThreshold(script));
            return;
          }
          expect(new Set(sweep.inputs.map(outpointKey))).toEqual(new Set(worthwhile.map(outpointKey)));
          expect(sumValues(sweep.inputs)).toBe(sweep.amount + sweep.fee);
          expect(sweep.fee).toBe(feeForWeight(estimateWeight(sweep.inputs.length, [script]), rate));
          expect(sweep.amount).toBeGreaterThanOrEqual(dustThreshold(script));
        }),
        { numRuns: 300 },
      );
    });
  });
});
