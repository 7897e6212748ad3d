/** Fee bumps by replacement, checked by the devnet chain's BIP125 rules. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChainRejection } from '../../../devnet/chain/index.ts';
import { engineError } from '../keys/test-support.ts';
import { bumpFee, minimumBumpFeeRate, type BumpFeeRequest } from './bump-fee.ts';
import { DevnetTestWallet } from './devnet-test-wallet.ts';
import { createSendAll } from './send.ts';
import { signSpend, type SignedTransaction } from './signed-transaction.ts';
import { DESTINATION, walletSend } from './test-support.ts';
import { outpointKey, type WalletUtxo } from './wallet-utxo.ts';

let wallet: DevnetTestWallet;

beforeEach(() => {
  wallet = DevnetTestWallet.open();
});

afterEach(() => {
  wallet.chain.close();
});

/** A payment to DESTINATION, broadcast. */
function send(value: bigint, feeRate: number, utxos?: WalletUtxo[]): SignedTransaction {
  const signed = walletSend(wallet, { recipients: [{ script: DESTINATION, value }], feeRate, utxos });
  wallet.chain.submitTransaction(signed.raw);
  return signed;
}

function bump(original: SignedTransaction, feeRate: number, extra: Partial<BumpFeeRequest> = {}): SignedTransaction {
  return bumpFee({
    original,
    confirmed: wallet.chainView(original.txid)?.confirmed ?? false,
    feeRate,
    utxos: wallet.utxos(),
    changeScript: wallet.script('change', 1),
    tipHeight: wallet.tipHeight,
    signer: wallet,
    ...extra,
  });
}

const payments = (signed: SignedTransaction) => signed.tx.outputs.filter((_, index) => !signed.changeOutputs.includes(index));

describe('bumping the fee (devnet)', () => {
  it('replaces an unconfirmed send with one paying more from the change; the chain evicts the original', () => {
    wallet.fund(0, 500_000n);
    const original = send(100_000n, 2);
    const replacement = bump(original, 10);

    expect(wallet.chain.submitTransaction(replacement.raw)).toBe(replacement.txid);
    expect(wallet.chain.getTransaction(original.txid)).toBeUndefined();
    const seen = wallet.chainView(replacement.txid)!;
    expect(seen.fee).toBe(replacement.fee);
    expect(replacement.fee * 1000n).toBeGreaterThanOrEqual(BigInt(replacement.vsize) * 10_000n);
    expect(replacement.fee).toBeGreaterThanOrEqual(original.fee + BigInt(replacement.vsize));
    // Same coins, same payment; the extra fee came out of the change.
    expect(replacement.inputs.map(outpointKey)).toEqual(original.inputs.map(outpointKey));
    expect(payments(replacement)).toEqual(payments(original));
    const changeBefore = original.tx.outputs[original.changeOutputs[0]!]!.value;
    const changeAfter = replacement.tx.outputs[replacement.changeOutputs[0]!]!.value;
    expect(changeBefore - changeAfter).toBe(replacement.fee - original.fee);

    wallet.chain.mine(1);
    expect(wallet.chainView(replacement.txid)?.confirmed).toBe(true);
  });

  it('can bump again, and adds a confirmed coin when the change is not enough', () => {
    wallet.fund(0, 100_000n);
    wallet.fund(1, 60_000n);
    const small = wallet.utxos().filter((utxo) => utxo.value === 100_000n);
    // Change of about 900 sats: too little for 20 sat/vB.
    const original = send(98_950n, 1, small);
    expect(original.changeOutputs).toHaveLength(1);

    const first = bump(original, 3);
    wallet.chain.submitTransaction(first.raw);
    expect(first.inputs).toHaveLength(1);

    const second = bump(first, 20);
    wallet.chain.submitTransaction(second.raw);
    expect(second.inputs.map((input) => input.value).sort()).toEqual([100_000n, 60_000n]);
    expect(payments(second)).toEqual(payments(original));
    expect(wallet.chain.getTransaction(first.txid)).toBeUndefined();
    expect(second.fee * 1000n).toBeGreaterThanOrEqual(BigInt(second.vsize) * 20_000n);
  });

  it('refuses a replacement paying too little, which the chain would refuse too', () => {
    wallet.fund(0, 500_000n);
    const original = send(100_000n, 5);
    const minimum = minimumBumpFeeRate(original);
    expect(minimum).toBeCloseTo(original.feeRate + 1, 2);

    for (const rate of [5, minimum - 0.01]) {
      const error = engineError(() => bump(original, rate));
      expect(error.code).toBe('cannot_bump_fee');
      expect(error.message).toMatch(new RegExp(`at least ${minimum} sat/vB`));
    }

    // Built anyway at the original's fee rate (1 sat more, for a different txid), the chain says no.
    const change = original.changeOutputs[0]!;
    const outputs = original.tx.outputs.map((output, index) => (index === change ? { ...output, value: output.value - 1n } : output));
    const tooCheap = signSpend({ inputs: original.inputs, outputs, changeOutputs: [change], tipHeight: wallet.tipHeight }, wallet);
    expect(() => wallet.chain.submitTransaction(tooCheap.raw)).toThrow(ChainRejection);
    expect(() => wallet.chain.submitTransaction(tooCheap.raw)).toThrow(/insufficient fee/);

    // The minimum itself is enough.
    const replacement = bump(original, minimum);
    expect(wallet.chain.submitTransaction(replacement.raw)).toBe(replacement.txid);
  });

  it('outbids our own unconfirmed spends of its change, which it evicts too', () => {
    wallet.fund(0, 500_000n);
    const parent = send(100_000n, 1);
    const child = send(300_000n, 30, wallet.utxos().filter((utxo) => utxo.txid === parent.txid));

    // Without counting the child's fee the replacement would pay less than what it evicts.
    const naive = bump(parent, 3);
    expect(() => wallet.chain.submitTransaction(naive.raw)).toThrow(/insufficient fee/);

    const replacement = bump(parent, 3, { descendantsFee: child.fee });
    wallet.chain.submitTransaction(replacement.raw);
    expect(wallet.chain.getTransaction(parent.txid)).toBeUndefined();
    expect(wallet.chain.getTransaction(child.txid)).toBeUndefined();
  });

  it('refuses a confirmed transaction', () => {
    wallet.fund(0, 500_000n);
    const original = send(100_000n, 2);
    wallet.chain.mine(1);
    expect(engineError(() => bump(original, 10)).message).toMatch(/already confirmed/);
  });

  it('refuses a transaction with no change when there are no other confirmed coins', () => {
    wallet.fund(0, 500_000n);
    const sweep = createSendAll({ utxos: wallet.utxos(), destination: DESTINATION, feeRate: 2, tipHeight: wallet.tipHeight, signer: wallet });
    wallet.chain.submitTransaction(sweep.raw);
    const error = engineError(() => bump(sweep, 10));
    expect(error.code).toBe('cannot_bump_fee');
    expect(error.message).toMatch(/no change output.*no other confirmed coins/);
  });

  it('adds a coin and a change output to bump a transaction that had no change', () => {
    wallet.fund(0, 500_000n);
    wallet.fund(1, 80_000n);
    const first = wallet.utxos().filter((utxo) => utxo.value === 500_000n);
    const sweep = createSendAll({ utxos: first, destination: DESTINATION, feeRate: 2, tipHeight: wallet.tipHeight, signer: wallet });
    wallet.chain.submitTransaction(sweep.raw);
    const replacement = bump(sweep, 10);
    wallet.chain.submitTransaction(replacement.raw);
    expect(replacement.inputs).toHaveLength(2);
    expect(replacement.changeOutputs).toHaveLength(1);
    expect(payments(replacement)).toEqual(sweep.tx.outputs);
    expect(wallet.chain.getTransaction(sweep.txid)).toBeUndefined();
  });

  it('refuses when even every confirmed coin cannot pay the new rate', () => {
    wallet.fund(0, 20_000n);
    const original = send(15_000n, 1);
    const error = engineError(() => bump(original, 200));
    expect(error.message).toMatch(/Not enough funds to bump the fee to 200 sat\/vB: it needs \d+ sats more/);
  });
});
