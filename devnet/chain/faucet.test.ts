import * as btc from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { REGTEST_NETWORK, addressToScript } from './address.ts';
import { FAUCET_ADDRESS } from './faucet.ts';
import { makeKey, newChain, p2trOf, p2wpkhOf } from './test-support.ts';

const alice = makeKey('alice');

describe('faucet', () => {
  it('receives the coinbases and starts with mature coins', () => {
    const { chain, faucet } = newChain();
    expect(faucet.address).toBe(FAUCET_ADDRESS);
    expect(FAUCET_ADDRESS.startsWith('bcrt1q')).toBe(true);
    expect(chain.height).toBe(101);
    // Blocks 1 and 2 are mature for block 102; block 3 is not.
    expect(faucet.spendableUtxos().map((utxo) => utxo.height)).toEqual([1, 2]);
    expect(faucet.balance()).toBe(100_0000_0000n);
  });

  it('pays bcrt1q, bcrt1p, m/n and 2 addresses with change back, at about 2 sat/vB', () => {
    const { chain, faucet } = newChain();
    const destinations = [
      p2wpkhOf(alice).address as string,
      p2trOf(alice).address as string,
      btc.p2pkh(alice.pub, REGTEST_NETWORK).address as string,
      btc.p2sh(btc.p2wpkh(alice.pub), REGTEST_NETWORK).address as string,
    ];
    for (const address of destinations) {
      const txid = faucet.send(address, 25_000n);
      const found = chain.lookupTransaction(txid);
      if (!found) throw new Error('faucet tx missing');
      expect(found.tx.outputs[0]).toEqual({ value: 25_000n, script: addressToScript(address) });
      expect(found.tx.outputs[1]?.script).toEqual(faucet.script);
      const feeRate = Number(found.fee) / found.tx.vsize;
      expect(feeRate).toBeGreaterThanOrEqual(2);
      expect(feeRate).toBeLessThan(2.2);
    }
    chain.mine(1);
    expect(chain.mempoolEntries()).toEqual([]);
    expect(chain.utxosForScript(p2trOf(alice).script)).toMatchObject([{ value: 25_000n, height: chain.height }]);
  });

  it('refuses amounts it cannot cover and invalid addresses', () => {
    const { faucet } = newChain();
    expect(() => faucet.send(p2wpkhOf(alice).address as string, 100_0000_0000n)).toThrow(/spendable/);
    expect(() => faucet.send('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 1_000n)).toThrow('Address on invalid network');
    expect(() => faucet.send(p2wpkhOf(alice).address as string, 0n)).toThrow(RangeError);
  });
});
