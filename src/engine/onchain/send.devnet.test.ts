/** Sends built by the wallet, checked by the devnet chain (full script verification and relay policy). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChainRejection } from '../../../devnet/chain/index.ts';
import { encodeTx } from '../../protocol/bitcoin/index.ts';
import { equal, fromHex } from '../../protocol/codec/bytes.ts';
import { EngineError } from '../engine-error.ts';
import { addressFromScript, parseAddress } from './address.ts';
import { DevnetTestWallet } from './devnet-test-wallet.ts';
import { RBF_SEQUENCE, type SignedTransaction } from './signed-transaction.ts';
import { createSendAll } from './send.ts';
import { DESTINATION, walletSend } from './test-support.ts';
import { feeForVsize } from './tx-size.ts';
import { sumValues } from './wallet-utxo.ts';

let wallet: DevnetTestWallet;

beforeEach(() => {
  wallet = DevnetTestWallet.open();
});

afterEach(() => {
  wallet.chain.close();
});

/** Submits to the chain (which throws ChainRejection if it disagrees) and checks the chain computes the same fee and size. */
function broadcast(signed: SignedTransaction, requestedSatPerVb: number): void {
  expect(wallet.chain.submitTransaction(signed.raw)).toBe(signed.txid);
  const seen = wallet.chainView(signed.txid)!;
  expect(seen.fee).toBe(signed.fee);
  expect(seen.vsize).toBe(signed.vsize);
  const satPerKvb = BigInt(Math.round(requestedSatPerVb * 1000));
  // At least the requested rate, and over it by no more than the signatures that came out a byte shorter than budgeted.
  expect(signed.fee * 1000n).toBeGreaterThanOrEqual(BigInt(signed.vsize) * satPerKvb);
  expect(signed.fee).toBeLessThanOrEqual(feeForVsize(signed.vsize + Math.ceil(signed.inputs.length / 4), satPerKvb));
  expect(signed.feeRate).toBeGreaterThanOrEqual(requestedSatPerVb);
}

describe('sending on-chain (devnet)', () => {
  it('pays an address with change, at the requested fee rate, and the chain verifies it', () => {
    wallet.fund(0, 1_000_000n);
    wallet.fund(1, 250_000n);
    const tipHeight = wallet.tipHeight;
    const destination = parseAddress(addressFromScript(DESTINATION, 'regtest')!, 'regtest');
    const signed = walletSend(wallet, { recipients: [{ script: destination.script, value: 300_000n }], feeRate: 5 });
    broadcast(signed, 5);

    expect(signed.tx.version).toBe(2);
    expect(signed.tx.locktime).toBe(tipHeight);
    expect(signed.tx.inputs.every((input) => input.sequence === RBF_SEQUENCE)).toBe(true);
    expect(signed.tx.outputs).toHaveLength(2);
    expect(signed.changeOutputs).toHaveLength(1);
    const change = signed.tx.outputs[signed.changeOutputs[0]!]!;
    expect(equal(change.script, wallet.script('change', 0))).toBe(true);
    const payment = signed.tx.outputs.find((_, index) => index !== signed.changeOutputs[0])!;
    expect(payment).toEqual({ script: destination.script, value: 300_000n });
    expect(sumValues(signed.inputs)).toBe(300_000n + change.value + signed.fee);

    wallet.chain.mine(1);
    expect(wallet.chainView(signed.txid)?.confirmed).toBe(true);
    expect(wallet.chain.utxosForScript(DESTINATION).map((utxo) => utxo.value)).toEqual([300_000n]);
  });

  it('pays every address type in one transaction, at a fractional fee rate', () => {
    wallet.fund(0, 2_000_000n);
    const recipients = [
      { script: fromHex('5120' + '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'), value: 10_000n }, // P2TR
      { script: fromHex('0020' + '11'.repeat(32)), value: 20_000n }, // P2WSH
      { script: fromHex('76a914' + '22'.repeat(20) + '88ac'), value: 30_000n }, // P2PKH
      { script: fromHex('a914' + '33'.repeat(20) + '87'), value: 40_000n }, // P2SH
      { script: DESTINATION, value: 50_000n },
    ];
    const signed = walletSend(wallet, { recipients, feeRate: 3.7 });
    broadcast(signed, 3.7);
    expect(signed.tx.outputs).toHaveLength(6);
  });

  it('spends several coins, including its own unconfirmed change', () => {
    for (let index = 0; index < 4; index++) wallet.fund(index, 40_000n, false);
    wallet.chain.mine(1);
    const first = walletSend(wallet, { recipients: [{ script: DESTINATION, value: 100_000n }], feeRate: 2 });
    broadcast(first, 2);
    expect(first.inputs.length).toBeGreaterThanOrEqual(3);

    // The unconfirmed change is spendable: only our own transaction pays a change address.
    // More than the one confirmed coin left (40,000) holds.
    const second = walletSend(wallet, { recipients: [{ script: DESTINATION, value: 50_000n }], feeRate: 2, changeIndex: 1 });
    expect(second.inputs.some((input) => input.txid === first.txid)).toBe(true);
    broadcast(second, 2);
  });

  it('does not spend unconfirmed coins someone else sent, and says so', () => {
    wallet.fund(0, 50_000n);
    wallet.fund(1, 500_000n, false);
    const send = () => walletSend(wallet, { recipients: [{ script: DESTINATION, value: 100_000n }], feeRate: 1 });
    expect(send).toThrow(EngineError);
    expect(send).toThrow(/Another 500000 sats are waiting for confirmation/);
    wallet.chain.mine(1);
    broadcast(send(), 1);
  });

  it('sends everything, leaving nothing behind', () => {
    wallet.fund(0, 70_000n);
    wallet.fund(1, 30_000n);
    wallet.fund(2, 123_456n);
    const signed = createSendAll({ utxos: wallet.utxos(), destination: DESTINATION, feeRate: 4, tipHeight: wallet.tipHeight, signer: wallet });
    broadcast(signed, 4);
    expect(signed.inputs).toHaveLength(3);
    expect(signed.changeOutputs).toEqual([]);
    expect(signed.tx.outputs).toEqual([{ script: DESTINATION, value: 223_456n - signed.fee }]);
    wallet.chain.mine(1);
    expect(wallet.utxos()).toEqual([]);
  });

  it('refuses amounts below dust and above the balance before building anything', () => {
    wallet.fund(0, 10_000n);
    const attempt = (value: bigint) => () => walletSend(wallet, { recipients: [{ script: DESTINATION, value }], feeRate: 1 });
    expect(attempt(293n)).toThrow(/below the dust limit: this address can only receive 294 sats/);
    expect(attempt(0n)).toThrow(/more than zero/);
    expect(attempt(10_000n)).toThrow(/Not enough funds.*you can send at most 9890 sats/);
    // And the most it says can be sent really can be.
    broadcast(attempt(9_890n)(), 1);
  });

  it('would be refused by the chain if a signature did not match', () => {
    wallet.fund(0, 100_000n);
    const signed = walletSend(wallet, { recipients: [{ script: DESTINATION, value: 10_000n }], feeRate: 1 });
    const outputs = signed.tx.outputs.map((output, index) => (index === 0 ? { ...output, value: output.value - 1n } : output));
    const tampered = encodeTx({ ...signed.tx, outputs });
    expect(() => wallet.chain.submitTransaction(tampered)).toThrow(ChainRejection);
    expect(() => wallet.chain.submitTransaction(tampered)).toThrow(/script-verify/);
    broadcast(signed, 1);
  });
});
