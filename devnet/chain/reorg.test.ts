import { describe, expect, it } from 'vitest';
import { blockSubsidy } from './consensus.ts';
import type { ChainEvent } from './source.ts';
import { fund, makeKey, newChain, p2wpkhOf, spendP2wpkh, type Coin } from './test-support.ts';

const alice = makeKey('alice');
const bob = makeKey('bob');
const aliceP2wpkh = p2wpkhOf(alice).script;
const bobP2wpkh = p2wpkhOf(bob).script;

const describeEvent = (event: ChainEvent) => `${event.type} ${event.block.height}`;

describe('invalidate', () => {
  it('returns the transactions of disconnected blocks to the mempool and the indexes follow', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const fundingHeight = chain.height;
    const spend = chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }]));
    const [minedBlock] = chain.mine(1);
    expect(chain.getTransaction(spend)?.blockHeight).toBe(fundingHeight + 1);
    expect(chain.confirmedHistory(bobP2wpkh).map((entry) => entry.txid)).toEqual([spend]);

    const events: string[] = [];
    chain.subscribe((event) => events.push(describeEvent(event)));
    const disconnected = chain.invalidate(1);

    expect(disconnected.map((block) => block.hash)).toEqual([minedBlock?.hash]);
    expect(events).toEqual([`disconnected ${fundingHeight + 1}`]);
    expect(chain.height).toBe(fundingHeight);
    expect(chain.blockByHash(minedBlock?.hash ?? '')).toBeUndefined();
    expect(chain.getTransaction(spend)).toEqual({ raw: expect.any(Uint8Array) });
    expect(chain.mempoolEntries().map((entry) => entry.tx.txid)).toEqual([spend]);
    expect(chain.spenderOf(coin.txid, coin.vout)).toEqual({ txid: spend, vin: 0 });
    expect(chain.confirmedHistory(bobP2wpkh)).toEqual([]);
    expect(chain.mempoolHistory(bobP2wpkh).map((entry) => entry.tx.txid)).toEqual([spend]);
    expect(chain.scriptStats(bobP2wpkh).chain.txCount).toBe(0);
    expect(chain.scriptStats(bobP2wpkh).mempool).toMatchObject({ fundedCount: 1, fundedSum: 99_000n, txCount: 1 });
    const [bobUtxo] = chain.utxosForScript(bobP2wpkh);
    expect(bobUtxo?.txid).toBe(spend);
    expect(bobUtxo?.height).toBeUndefined();

    // Going one block further back un-confirms the funding transaction too; its child stays behind it.
    chain.invalidate(1);
    expect(chain.mempoolEntries().map((entry) => entry.tx.txid)).toEqual([coin.txid, spend]);
    expect(chain.utxosForScript(aliceP2wpkh)).toEqual([]);
    expect(chain.lookupTransaction(coin.txid)?.block).toBeUndefined();
  });

  it('drops transactions that are no longer valid on the shorter chain', () => {
    const { chain } = newChain();
    const [coinbaseBlock] = chain.mine(1, aliceP2wpkh);
    const coinbase: Coin = {
      txid: coinbaseBlock?.txs[0]?.txid ?? '',
      vout: 0,
      value: blockSubsidy(coinbaseBlock?.height ?? 0),
      script: aliceP2wpkh,
    };
    chain.mine(99);
    const spend = chain.submitTransaction(spendP2wpkh(coinbase, alice, [{ script: bobP2wpkh, amount: coinbase.value - 1_000n }]));
    chain.mine(1);
    // One block back the coinbase still has 100 confirmations for the next block; two blocks back it does not.
    chain.invalidate(1);
    expect(chain.mempoolEntries().map((entry) => entry.tx.txid)).toEqual([spend]);
    chain.invalidate(1);
    expect(chain.mempoolEntries()).toEqual([]);
    expect(chain.getTransaction(spend)).toBeUndefined();
  });

  it('refuses to disconnect genesis or a negative count', () => {
    const { chain } = newChain({ startupHeight: 3 });
    expect(() => chain.invalidate(4)).toThrow(RangeError);
    expect(() => chain.invalidate(-1)).toThrow(RangeError);
    expect(chain.invalidate(0)).toEqual([]);
  });
});

describe('reorg', () => {
  it('disconnects n blocks tip first, then connects n + 1 new ones that re-confirm the returned transactions', () => {
    const { chain, faucet } = newChain();
    const coin = fund(chain, faucet, aliceP2wpkh, 100_000n);
    const spend = chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: bobP2wpkh, amount: 99_000n }]));
    chain.mine(1);
    const oldTip = chain.tip();
    const forkHeight = oldTip.height - 2;

    const events: ChainEvent[] = [];
    chain.subscribe((event) => events.push(event));
    const { disconnected, connected } = chain.reorg(2);

    expect(events.map(describeEvent)).toEqual([
      `disconnected ${oldTip.height}`,
      `disconnected ${oldTip.height - 1}`,
      `connected ${forkHeight + 1}`,
      `connected ${forkHeight + 2}`,
      `connected ${forkHeight + 3}`,
    ]);
    expect(disconnected[0]?.hash).toBe(oldTip.hash);
    expect(connected).toHaveLength(3);
    expect(chain.height).toBe(oldTip.height + 1);
    expect(chain.blockAt(forkHeight + 1)?.hash).not.toBe(disconnected[1]?.hash);
    // Both the funding transaction and its spend are back, in the first replacement block.
    expect(chain.getTransaction(coin.txid)?.blockHeight).toBe(forkHeight + 1);
    expect(chain.getTransaction(spend)?.blockHeight).toBe(forkHeight + 1);
    expect(chain.mempoolEntries()).toEqual([]);
    // Replacement coinbases differ from the ones they replace.
    expect(connected[0]?.txs[0]?.txid).not.toBe(disconnected[1]?.txs[0]?.txid);
  });

  it('keeps events in order when a listener mines from inside an event', () => {
    const { chain } = newChain({ startupHeight: 5 });
    const seen: string[] = [];
    let reacted = false;
    chain.subscribe((event) => {
      seen.push(`a ${describeEvent(event)}`);
      if (!reacted) {
        reacted = true;
        chain.mine(1);
      }
    });
    chain.subscribe((event) => seen.push(`b ${describeEvent(event)}`));
    chain.mine(1);
    expect(seen).toEqual(['a connected 6', 'b connected 6', 'a connected 7', 'b connected 7']);
  });
});
