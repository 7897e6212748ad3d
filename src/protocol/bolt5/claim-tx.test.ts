import { describe, expect, it } from 'vitest';
import { p2wpkh, p2wsh } from '../bitcoin/script.ts';
import { txWeight } from '../bitcoin/tx.ts';
import { fromHex } from '../codec/bytes.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import {
  buildClaimTx,
  claimFeeSat,
  dustThresholdSat,
  inputWeight,
  p2wpkhScriptCode,
  type SpendableOutput,
} from './claim-tx.ts';

const key = sha256(new TextEncoder().encode('claim key'));
const pubkey = publicKey(key);
const destination = p2wpkh(publicKey(sha256(new TextEncoder().encode('destination'))));

function p2wpkhOutput(vout: number, amountSat: bigint, extra: Partial<SpendableOutput> = {}): SpendableOutput {
  return {
    kind: 'to_remote',
    txid: new Uint8Array(32).fill(1),
    vout,
    amountSat,
    scriptCode: p2wpkhScriptCode(pubkey),
    signingKey: key,
    witnessAfterSig: [pubkey],
    sequence: 0xfffffffd,
    locktime: 0,
    csvDelay: 0,
    ...extra,
  };
}

describe('claim transactions', () => {
  it("use Bitcoin Core's dust thresholds for the destination", () => {
    expect(dustThresholdSat(destination)).toBe(294n);
    expect(dustThresholdSat(p2wsh(new Uint8Array([0x51])))).toBe(330n);
    expect(dustThresholdSat(fromHex('76a914' + '00'.repeat(20) + '88ac'))).toBe(546n);
  });

  it('round the fee up and take it from the claimed amount', () => {
    expect(claimFeeSat(253, 1001)).toBe(254n);
    expect(claimFeeSat(250, 1000)).toBe(250n);
    const result = buildClaimTx([p2wpkhOutput(0, 50_000n)], { destination, feeratePerKw: 253 });
    const tx = result.tx!;
    // One P2WPKH input (BOLT 5: 108 witness + 164 bytes, with a 73-byte signature 109) and one P2WPKH output.
    expect(inputWeight(p2wpkhOutput(0, 1n))).toBe(273);
    expect(result.weight).toBe(4 * (4 + 1 + 1 + 31 + 4) + 2 + 273);
    expect(txWeight(tx)).toBeLessThanOrEqual(result.weight);
    expect(result.feeSat).toBe(claimFeeSat(253, result.weight));
    expect(tx.outputs).toEqual([{ value: 50_000n - result.feeSat, script: destination }]);
  });

  it('take the largest lock of the inputs', () => {
    const result = buildClaimTx(
      [p2wpkhOutput(0, 50_000n, { locktime: 700, sequence: 0 }), p2wpkhOutput(1, 50_000n, { csvDelay: 6, sequence: 6 }), p2wpkhOutput(2, 50_000n, { locktime: 650 })],
      { destination, feeratePerKw: 1000 },
    );
    expect([result.tx!.locktime, result.locktime, result.csvDelay]).toEqual([700, 700, 6]);
    expect(result.tx!.inputs.map((i) => i.sequence)).toEqual([0, 6, 0xfffffffd]);
  });

  it('claim nothing when what is left after the fee would be dust', () => {
    const weight = buildClaimTx([p2wpkhOutput(0, 100_000n)], { destination, feeratePerKw: 1000 }).weight;
    const fee = claimFeeSat(1000, weight);
    const justEnough = buildClaimTx([p2wpkhOutput(0, fee + 294n)], { destination, feeratePerKw: 1000 });
    expect(justEnough.tx!.outputs[0]!.value).toBe(294n);
    const tooLittle = buildClaimTx([p2wpkhOutput(0, fee + 293n)], { destination, feeratePerKw: 1000 });
    expect(tooLittle.tx).toBeNull();
    expect(tooLittle.claimed).toEqual([]);
    expect(tooLittle.notWorthClaiming.map((o) => [o.kind, o.vout, o.amountSat])).toEqual([['to_remote', 0, fee + 293n]]);
  });

  it('leave out inputs that cost more than they bring, keeping the rest', () => {
    const result = buildClaimTx([p2wpkhOutput(0, 100_000n), p2wpkhOutput(1, 500n)], { destination, feeratePerKw: 2000 });
    expect(result.claimed.map((o) => o.vout)).toEqual([0]);
    expect(result.notWorthClaiming.map((o) => o.vout)).toEqual([1]);
    expect(result.tx!.inputs.length).toBe(1);
  });

  it('refuse a fractional or negative feerate', () => {
    expect(() => buildClaimTx([p2wpkhOutput(0, 1000n)], { destination, feeratePerKw: 2.5 })).toThrow(/sat\/kw/);
    expect(() => buildClaimTx([p2wpkhOutput(0, 1000n)], { destination, feeratePerKw: -1 })).toThrow(/sat\/kw/);
  });
});
