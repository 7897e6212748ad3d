import { describe, expect, it } from 'vitest';
import { estimateFees } from './fee-estimates.ts';
import { Mempool } from './mempool.ts';
import { makeKey, newChain, p2wpkhOf, spendP2wpkh } from './test-support.ts';
import { parseTx } from './tx.ts';

const alice = makeKey('alice');
const aliceP2wpkh = p2wpkhOf(alice).script;

describe('mining', () => {
  it('mines 100 blocks quickly with two listeners following', () => {
    const { chain } = newChain();
    let first = 0;
    let second = 0;
    chain.subscribe(() => first++);
    chain.subscribe((event) => {
      if (event.type === 'connected') second++;
    });
    const started = performance.now();
    const blocks = chain.mine(100);
    const elapsed = performance.now() - started;
    expect(blocks.map((block) => block.height)).toEqual(Array.from({ length: 100 }, (_, i) => 102 + i));
    expect([first, second]).toEqual([100, 100]);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('auto-mines on an interval until stopped', async () => {
    const { chain } = newChain({ startupHeight: 1, autoMineIntervalMs: 20 });
    const deadline = Date.now() + 5_000;
    while (chain.height < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    chain.stopAutoMining();
    const stopped = chain.height;
    expect(stopped).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(chain.height).toBe(stopped);
  });

  it('refuses bad block counts and mining after close', () => {
    const { chain } = newChain({ startupHeight: 1 });
    expect(() => chain.mine(-1)).toThrow(RangeError);
    expect(() => chain.mine(1.5)).toThrow(RangeError);
    chain.close();
    expect(() => chain.mine(1)).toThrow(/closed/);
  });
});

describe('block template and fee estimates', () => {
  // Transactions with made-up prevouts: the mempool only needs their structure, fee and links.
  function entries() {
    const prevout = { txid: 'aa'.repeat(32), vout: 0, value: 1_000_000n, script: aliceP2wpkh };
    const cheapParent = parseTx(spendP2wpkh(prevout, alice, [{ script: aliceP2wpkh, amount: 999_000n }]));
    const richChild = parseTx(
      spendP2wpkh({ txid: cheapParent.txid, vout: 0, value: 999_000n, script: aliceP2wpkh }, alice, [{ script: aliceP2wpkh, amount: 900_000n }]),
    );
    const middle = parseTx(spendP2wpkh({ ...prevout, txid: 'bb'.repeat(32) }, alice, [{ script: aliceP2wpkh, amount: 980_000n }]));
    const pool = new Mempool();
    const spent = [{ value: 0n, script: aliceP2wpkh }];
    pool.add(cheapParent, spent, 1_000n, 0);
    pool.add(richChild, spent, 99_000n, 0);
    pool.add(middle, spent, 20_000n, 0);
    return { pool, cheapParent, richChild, middle };
  }

  it('takes everything in arrival order when it fits, else the best packages with their parents first', () => {
    const { pool, cheapParent, richChild, middle } = entries();
    expect(pool.selectForBlock(4_000_000).map((entry) => entry.tx.txid)).toEqual([cheapParent.txid, richChild.txid, middle.txid]);
    const roomForTwo = cheapParent.weight + richChild.weight;
    expect(pool.selectForBlock(roomForTwo).map((entry) => entry.tx.txid)).toEqual([cheapParent.txid, richChild.txid]);
    expect(pool.selectForBlock(middle.weight).map((entry) => entry.tx.txid)).toEqual([middle.txid]);
  });

  it('estimates at least 1 sat/vB, more when the mempool is deeper than the target', () => {
    const { pool, middle } = entries();
    expect(Object.values(estimateFees(pool.all(), 4_000_000)).every((rate) => rate === 1)).toBe(true);
    const tight = estimateFees(pool.all(), middle.weight);
    expect(tight['1']).toBeGreaterThan(1);
    expect(tight['1008']).toBe(1);
    expect(Object.keys(tight)).toContain('144');
  });
});
