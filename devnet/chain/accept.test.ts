import * as btc from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { REGTEST_NETWORK } from './address.ts';
import { fromHex } from './bytes.ts';
import { blockSubsidy, SEQUENCE_LOCKTIME_TYPE_FLAG } from './consensus.ts';
import {
  cltvScript,
  csvScript,
  expectRejected,
  flipByte,
  fund,
  makeKey,
  newChain,
  p2trOf,
  p2wpkhOf,
  p2wshOf,
  spendP2tr,
  spendP2wpkh,
  spendWitnessScript,
  withOutputValue,
  type Coin,
} from './test-support.ts';
import type { Chain } from './chain.ts';

const alice = makeKey('alice');
const bob = makeKey('bob');
const aliceP2wpkh = p2wpkhOf(alice).script;
const bobP2wpkh = p2wpkhOf(bob).script;

const P2A = fromHex('51024e73');
const tipMedianTime = (chain: Chain): number => chain.blockByHeight(chain.height)?.medianTimePast ?? 0;

describe('submitTransaction accepts valid spends', () => {
  it('accepts a P2WPKH spend, mines it and indexes it', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const txid = chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }]));

    expect(chain.getTransaction(txid)?.blockHeight).toBeUndefined();
    expect(chain.utxosForScript(aliceP2wpkh)).toEqual([]);
    const [unconfirmed] = chain.utxosForScript(bobP2wpkh);
    expect(unconfirmed).toMatchObject({ txid, vout: 0, value: 99_000n });
    expect(unconfirmed?.height).toBeUndefined();

    const [block] = chain.mine(1);
    expect(block?.txs.map((tx) => tx.txid)).toContain(txid);
    expect(chain.getTransaction(txid)?.blockHeight).toBe(chain.height);
    expect(chain.utxosForScript(bobP2wpkh)).toMatchObject([{ txid, vout: 0, value: 99_000n, height: chain.height }]);
    expect(chain.spenderOf(coin.txid, coin.vout)).toEqual({ txid, vin: 0, height: chain.height });
    // The coinbase collects the fee on top of the subsidy.
    const coinbase = chain.lookupTransaction(block?.txs[0]?.txid ?? '');
    expect(coinbase?.tx.outputs[0]?.value).toBe(blockSubsidy(chain.height) + 1_000n);
  });

  it('accepts a P2TR key-path spend and refuses one with a corrupted Schnorr signature', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, p2trOf(alice).script, 50_000n);
    const raw = spendP2tr(coin, alice, [{ script: bobP2wpkh, amount: 49_000n }]);
    // The 64-byte signature ends 4 bytes (nLockTime) before the end.
    expectRejected(() => chain.submitTransaction(flipByte(raw, 10)), /^mandatory-script-verify-flag-failed \(Invalid Schnorr signature\)/);
    expect(chain.submitTransaction(raw)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a chain of unconfirmed transactions and mines parent before child', () => {
    const { chain, faucet } = newChain();
    const parent = fund(chain, faucet, aliceP2wpkh, 80_000n, false);
    const childTxid = chain.submitTransaction(spendP2wpkh(parent, alice, [{ script: bobP2wpkh, amount: 79_000n }]));
    const [block] = chain.mine(1);
    const order = block?.txs.map((tx) => tx.txid) ?? [];
    expect(order.indexOf(parent.txid)).toBeGreaterThan(0);
    expect(order.indexOf(childTxid)).toBeGreaterThan(order.indexOf(parent.txid));
  });
});

describe('LDK-style transactions', () => {
  it('accepts a P2WSH 2-of-2 spend paying a P2A anchor, and a CPFP child spending the anchor with an OP_RETURN', () => {
    const { chain, faucet } = newChain();
    const funding = btc.p2wsh(btc.p2ms(2, [alice.pub, bob.pub]), REGTEST_NETWORK);
    const coin = fund(chain, faucet, funding.script, 1_000_000n);
    const commitment = new btc.Transaction();
    commitment.addInput({ txid: coin.txid, index: coin.vout, witnessUtxo: { script: funding.script, amount: coin.value }, witnessScript: funding.witnessScript });
    commitment.addOutput({ script: P2A, amount: 240n });
    commitment.addOutput({ script: aliceP2wpkh, amount: 1_000_000n - 240n - 1_000n });
    commitment.sign(alice.priv);
    commitment.sign(bob.priv);
    commitment.finalize();
    const commitmentTxid = chain.submitTransaction(commitment.extract());

    const feeCoin = fund(chain, faucet, bobP2wpkh, 50_000n, false);
    const child = new btc.Transaction({ allowUnknownInputs: true, allowUnknownOutputs: true });
    child.addInput({ txid: commitmentTxid, index: 0, witnessUtxo: { script: P2A, amount: 240n } });
    child.addInput({ txid: feeCoin.txid, index: feeCoin.vout, witnessUtxo: { script: bobP2wpkh, amount: feeCoin.value } });
    child.addOutput({ script: fromHex('6a0401020304'), amount: 0n });
    child.addOutput({ script: bobP2wpkh, amount: 50_240n - 2_000n });
    child.signIdx(bob.priv, 1);
    child.finalizeIdx(1);
    // btc-signer cannot finalize a P2A input; its witness is empty, which the signature does not cover.
    child.updateInput(0, { finalScriptWitness: [Uint8Array.of(1)] }, true);
    const decoded = btc.RawTx.decode(child.extract());
    const childTxid = chain.submitTransaction(btc.RawTx.encode({ ...decoded, witnesses: [[], decoded.witnesses?.[1] ?? []] }));

    const [block] = chain.mine(1);
    expect(block?.txs.map((tx) => tx.txid)).toEqual(expect.arrayContaining([commitmentTxid, childTxid]));
  });
});

describe('submitTransaction refuses invalid spends', () => {
  it('refuses a bad signature, with bitcoind wording', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const raw = spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }]);
    // Witness = [signature, 33-byte pubkey], then 4 bytes of nLockTime: this byte lies inside the signature's s.
    expectRejected(
      () => chain.submitTransaction(flipByte(raw, 4 + 1 + 33 + 1 + 10)),
      'mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)',
    );
  });

  it('refuses outputs worth more than the inputs', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const valid = spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }]);
    const rejection = expectRejected(() => chain.submitTransaction(withOutputValue(valid, 0, 100_001n)), 'bad-txns-in-belowout');
    expect(rejection.detail).toBe('value in (0.001) < value out (0.00100001)');
  });

  it('refuses to spend a coinbase before 100 confirmations, and accepts it at exactly 100', () => {
    const { chain } = newChain();
    const [block] = chain.mine(1, aliceP2wpkh);
    const coinbase: Coin = { txid: block?.txs[0]?.txid ?? '', vout: 0, value: blockSubsidy(chain.height), script: aliceP2wpkh };
    const raw = spendP2wpkh(coinbase, alice, [{ script: bobP2wpkh, amount: coinbase.value - 10_000n }]);
    chain.mine(98);
    const rejection = expectRejected(() => chain.submitTransaction(raw), 'bad-txns-premature-spend-of-coinbase');
    expect(rejection.detail).toBe('tried to spend coinbase at depth 99');
    chain.mine(1);
    const txid = chain.submitTransaction(raw);
    expect(chain.mempoolEntries().map((entry) => entry.tx.txid)).toEqual([txid]);
  });

  it('refuses a double spend of an output spent in the mempool when the first spend does not signal RBF', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }], { sequence: 0xfffffffe }));
    expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 90_000n }])),
      'txn-mempool-conflict',
    );
  });

  it('refuses spends of missing or already spent outputs', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const ghost: Coin = { ...coin, txid: 'ab'.repeat(32) };
    expectRejected(() => chain.submitTransaction(spendP2wpkh(ghost, alice, [{ script: bobP2wpkh, amount: 99_000n }])), 'bad-txns-inputs-missingorspent');
    const spend = spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }]);
    chain.submitTransaction(spend);
    expectRejected(() => chain.submitTransaction(spend), 'txn-already-in-mempool');
    chain.mine(1);
    expectRejected(() => chain.submitTransaction(spend), 'txn-already-known');
    expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 98_000n }])),
      'bad-txns-inputs-missingorspent',
    );
  });

  it('refuses dust outputs, fees below 1 sat/vB and undecodable bytes', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 293n }, { script: aliceP2wpkh, amount: 90_000n }])),
      'dust',
    );
    const rejection = expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_900n }])),
      'min relay fee not met',
    );
    expect(rejection.detail).toBe('100 < 110');
    expectRejected(() => chain.submitTransaction(Uint8Array.of(1, 2, 3)), 'TX decode failed');
    // Exactly 1 sat/vB and exactly the dust limit are fine.
    expect(chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 294n }, { script: aliceP2wpkh, amount: 100_000n - 294n - 141n }]))).toHaveLength(64);
  });

  it('refuses chains of more than 25 unconfirmed transactions', () => {
    const { chain, faucet } = newChain();
    let coin = fund(chain, faucet, aliceP2wpkh, 1_000_000n);
    // 25 unconfirmed transactions in a row are fine, the 26th is not.
    for (let depth = 1; depth <= 26; depth++) {
      const raw = spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: coin.value - 200n }]);
      if (depth === 26) {
        expectRejected(() => chain.submitTransaction(raw), 'too-long-mempool-chain');
        return;
      }
      coin = { ...coin, txid: chain.submitTransaction(raw), vout: 0, value: coin.value - 200n };
    }
  });
});

describe('BIP125 replacement', () => {
  function setup() {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const original = chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }], { sequence: 0xfffffffd }));
    const child = chain.submitTransaction(
      spendP2wpkh({ txid: original, vout: 0, value: 99_000n, script: bobP2wpkh }, bob, [{ script: bobP2wpkh, amount: 98_000n }]),
    );
    return { chain, coin, original, child };
  }

  it('accepts a replacement paying more in total and per vbyte, evicting the original and its descendants', () => {
    const { chain, coin, original, child } = setup();
    // Must pay for both evicted transactions (2,000 sat) plus its own 110 vbytes.
    const replacement = chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 100_000n - 2_110n }]));
    const pool = chain.mempoolEntries().map((entry) => entry.tx.txid);
    expect(pool).toEqual([replacement]);
    expect(chain.getTransaction(original)).toBeUndefined();
    expect(chain.getTransaction(child)).toBeUndefined();
    expect(chain.spenderOf(coin.txid, coin.vout)).toEqual({ txid: replacement, vin: 0 });
  });

  it('refuses replacements that are too cheap', () => {
    const { chain, coin, original } = setup();
    const sameFee = expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 99_000n }])),
      'insufficient fee',
    );
    expect(sameFee.detail).toMatch(/new feerate .* <= old feerate/);
    const belowEvicted = expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 98_500n }])),
      'insufficient fee',
    );
    expect(belowEvicted.detail).toContain('less fees than conflicting txs');
    const noRelayFee = expectRejected(
      () => chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 100_000n - 2_109n }])),
      'insufficient fee',
    );
    expect(noRelayFee.detail).toContain('not enough additional fees to relay');
    expect(chain.getTransaction(original)).toBeDefined();
  });

  it('treats descendants of a signalling transaction as replaceable (inherited signalling)', () => {
    const { chain, original, child } = setup();
    const conflict = spendP2wpkh({ txid: original, vout: 0, value: 99_000n, script: bobP2wpkh }, bob, [{ script: aliceP2wpkh, amount: 97_000n }], {
      sequence: 0xffffffff,
    });
    chain.submitTransaction(conflict);
    expect(chain.getTransaction(child)).toBeUndefined();
  });
});

describe('absolute and relative time locks', () => {
  const spendTo = (coin: Coin) => [{ script: bobP2wpkh, amount: coin.value - 1_000n }];

  it('enforces BIP68 height locks: one block early is non-final, exactly on time is accepted', () => {
    const { chain, faucet } = newChain();
    const witnessScript = csvScript(5, alice);
    const coin = fund(chain, faucet, p2wshOf(witnessScript).script, 100_000n);
    const raw = spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { sequence: 5 });
    chain.mine(3);
    expectRejected(() => chain.submitTransaction(raw), 'non-BIP68-final');
    chain.mine(1);
    expect(chain.submitTransaction(raw)).toHaveLength(64);
  });

  it('fails OP_CHECKSEQUENCEVERIFY when nSequence is below the script value', () => {
    const { chain, faucet } = newChain();
    const witnessScript = csvScript(5, alice);
    const coin = fund(chain, faucet, p2wshOf(witnessScript).script, 100_000n);
    chain.mine(10);
    expectRejected(
      () => chain.submitTransaction(spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { sequence: 4 })),
      'mandatory-script-verify-flag-failed (Locktime requirement not satisfied)',
    );
    expectRejected(
      () => chain.submitTransaction(spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { sequence: 5, version: 1 })),
      'mandatory-script-verify-flag-failed (Locktime requirement not satisfied)',
    );
  });

  it('enforces BIP68 time locks against median-time-past', () => {
    const { chain, faucet } = newChain();
    const sequence = SEQUENCE_LOCKTIME_TYPE_FLAG | 2; // 2 × 512 seconds
    const witnessScript = csvScript(sequence, alice);
    const coin = fund(chain, faucet, p2wshOf(witnessScript).script, 100_000n);
    const raw = spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { sequence });
    expectRejected(() => chain.submitTransaction(raw), 'non-BIP68-final');
    chain.advanceTime(2_000);
    // Five late blocks are not enough to move the median of the last eleven.
    chain.mine(5);
    expectRejected(() => chain.submitTransaction(raw), 'non-BIP68-final');
    chain.mine(1);
    expect(chain.submitTransaction(raw)).toHaveLength(64);
  });

  it('enforces height nLockTime with OP_CHECKLOCKTIMEVERIFY: one block early is non-final, on time is accepted', () => {
    const { chain, faucet } = newChain();
    const lockHeight = chain.height + 4;
    const witnessScript = cltvScript(lockHeight, alice);
    const coin = fund(chain, faucet, p2wshOf(witnessScript).script, 100_000n);
    const raw = spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { lockTime: lockHeight, sequence: 0xfffffffe });
    chain.mine(2); // the next block is lockHeight, where nLockTime = lockHeight is not final yet
    expectRejected(() => chain.submitTransaction(raw), 'non-final');
    chain.mine(1);
    expect(chain.submitTransaction(raw)).toHaveLength(64);
  });

  it('fails OP_CHECKLOCKTIMEVERIFY when nLockTime is below the script value or the input is final', () => {
    const { chain, faucet } = newChain();
    const lockHeight = chain.height + 2;
    const witnessScript = cltvScript(lockHeight, alice);
    const coin = fund(chain, faucet, p2wshOf(witnessScript).script, 100_000n);
    chain.mine(5);
    const failure = 'mandatory-script-verify-flag-failed (Locktime requirement not satisfied)';
    expectRejected(
      () => chain.submitTransaction(spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { lockTime: lockHeight - 1, sequence: 0xfffffffe })),
      failure,
    );
    expectRejected(
      () => chain.submitTransaction(spendWitnessScript(coin, witnessScript, alice, spendTo(coin), { lockTime: lockHeight, sequence: 0xffffffff })),
      failure,
    );
  });

  it('enforces time nLockTime against median-time-past', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const lockTime = tipMedianTime(chain) + 600;
    const raw = spendP2wpkh(coin, alice, spendTo(coin), { lockTime, sequence: 0xfffffffe });
    expectRejected(() => chain.submitTransaction(raw), 'non-final');
    chain.advanceTime(1_000);
    chain.mine(5);
    expectRejected(() => chain.submitTransaction(raw), 'non-final');
    chain.mine(1);
    expect(tipMedianTime(chain)).toBeGreaterThan(lockTime);
    expect(chain.submitTransaction(raw)).toHaveLength(64);
  });
});
