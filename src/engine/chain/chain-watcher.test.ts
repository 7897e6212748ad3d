import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fund, makeKey, p2wpkhOf, spendP2wpkh, type Coin } from '../../../devnet/chain/test-support.ts';
import { ChainWatcher, type ChainWatchEvent, type ChainWatcherOptions } from './chain-watcher.ts';
import { startDevnet, type Devnet } from './test-support/devnet-wallet.ts';

let devnet: Devnet;
beforeEach(async () => {
  devnet = await startDevnet();
});
afterEach(async () => {
  await devnet.close();
});

function watcherWithLog(options: ChainWatcherOptions = {}) {
  const client = devnet.client();
  const watcher = new ChainWatcher(client, { network: 'regtest', ...options });
  const events: ChainWatchEvent[] = [];
  watcher.onEvent((event) => events.push(event));
  /** Polls and returns the events that poll produced. */
  const poll = async (): Promise<ChainWatchEvent[]> => {
    const from = events.length;
    await watcher.poll();
    return events.slice(from);
  };
  return { client, watcher, events, poll };
}

describe('ChainWatcher against the devnet', () => {
  it('counts confirmations up to the target and back down across a reorg', async () => {
    const { watcher, poll } = watcherWithLog();
    const txid = devnet.faucet.send(p2wpkhOf(makeKey('watched tx')).address as string, 10_000);
    const id = watcher.watchConfirmations(txid, 3);
    expect(await poll()).toEqual([]);

    devnet.chain.mine(1);
    const height = devnet.chain.height;
    const blockHash = devnet.chain.blockByHeight(height)!.hash;
    expect(await poll()).toEqual([{ type: 'confirmations', watchId: id, txid, confirmations: 1, height, blockHash, target: 3, reached: false }]);
    devnet.chain.mine(2);
    expect(await poll()).toMatchObject([{ confirmations: 3, reached: true }]);

    devnet.chain.invalidate(2);
    expect(await poll()).toMatchObject([{ confirmations: 1, height, reached: false }]);
    devnet.chain.invalidate(1);
    expect(await poll()).toMatchObject([{ confirmations: 0, height: null, blockHash: null, reached: false }]);
    devnet.chain.mine(1);
    expect(await poll()).toMatchObject([{ confirmations: 1, height, reached: false }]);
  });

  it('reports a spend, its depth, and a different spend after a reorg replaced it', async () => {
    const { watcher, poll } = watcherWithLog();
    const key = makeKey('watched outpoint');
    const script = p2wpkhOf(key).script;
    const coin = fund(devnet.chain, devnet.faucet, script, 100_000n);
    const id = watcher.watchSpend({ txid: coin.txid, vout: coin.vout });
    expect(await poll()).toEqual([]);

    const first = devnet.chain.submitTransaction(spendP2wpkh(coin, key, [{ script, amount: 99_000n }]));
    expect(await poll()).toEqual([]); // same tip: not re-checked without watchMempool
    devnet.chain.mine(1);
    const outpoint = { txid: coin.txid, vout: coin.vout };
    expect(await poll()).toEqual([{ type: 'spent', watchId: id, outpoint, spendingTxid: first, vin: 0, height: devnet.chain.height, confirmations: 1 }]);

    devnet.chain.invalidate(1);
    expect(await poll()).toEqual([{ type: 'spent', watchId: id, outpoint, spendingTxid: first, vin: 0, height: null, confirmations: 0 }]);

    const other = p2wpkhOf(makeKey('someone else')).script;
    const second = devnet.chain.submitTransaction(spendP2wpkh(coin, key, [{ script: other, amount: 90_000n }]));
    devnet.chain.mine(1);
    expect(await poll()).toEqual([
      { type: 'spend_gone', watchId: id, outpoint, spendingTxid: first },
      { type: 'spent', watchId: id, outpoint, spendingTxid: second, vin: 0, height: devnet.chain.height, confirmations: 1 },
    ]);
  });

  it('reports a spend as gone when a reorg and a double-spend of its parent erase it', async () => {
    const { watcher, poll } = watcherWithLog();
    const funder = makeKey('parent funder');
    const funderScript = p2wpkhOf(funder).script;
    const owner = makeKey('parent owner');
    const ownerScript = p2wpkhOf(owner).script;
    const funding = fund(devnet.chain, devnet.faucet, funderScript, 100_000n);
    const parentTxid = devnet.chain.submitTransaction(spendP2wpkh(funding, funder, [{ script: ownerScript, amount: 90_000n }]));
    const parent: Coin = { txid: parentTxid, vout: 0, value: 90_000n, script: ownerScript };
    const childTxid = devnet.chain.submitTransaction(spendP2wpkh(parent, owner, [{ script: ownerScript, amount: 80_000n }]));
    devnet.chain.mine(1);
    const spendId = watcher.watchSpend({ txid: parentTxid, vout: 0 });
    const confirmationsId = watcher.watchConfirmations(parentTxid, 1);
    const seen = await poll();
    expect(seen).toContainEqual(expect.objectContaining({ type: 'spent', watchId: spendId, spendingTxid: childTxid, confirmations: 1 }));
    expect(seen).toContainEqual(expect.objectContaining({ type: 'confirmations', watchId: confirmationsId, confirmations: 1, reached: true }));

    devnet.chain.invalidate(1);
    // Replacing the parent evicts the child with it.
    devnet.chain.submitTransaction(spendP2wpkh(funding, funder, [{ script: funderScript, amount: 75_000n }]));
    devnet.chain.mine(1);
    const after = await poll();
    expect(after).toContainEqual({ type: 'spend_gone', watchId: spendId, outpoint: { txid: parentTxid, vout: 0 }, spendingTxid: childTxid });
    expect(after).toContainEqual(expect.objectContaining({ type: 'confirmations', watchId: confirmationsId, confirmations: 0, reached: false }));
    expect(after.filter((event) => event.type === 'spent')).toEqual([]);
  });

  it('asks only for the tip while it has not moved, and re-reads every watch when it has', async () => {
    const { client, watcher } = watcherWithLog();
    const coin = fund(devnet.chain, devnet.faucet, p2wpkhOf(makeKey('cheap')).script, 10_000n);
    watcher.watchSpend({ txid: coin.txid, vout: coin.vout });
    watcher.watchConfirmations(coin.txid, 6);
    const first = await watcher.poll();
    expect(first.checked).toBe(2);

    let before = client.requestCount;
    const idle = await watcher.poll();
    expect(idle).toMatchObject({ tipChanged: false, checked: 0 });
    expect(client.requestCount - before).toBe(1);

    devnet.chain.mine(1);
    before = client.requestCount;
    const moved = await watcher.poll();
    expect(moved).toMatchObject({ tipChanged: true, checked: 2, tip: { height: devnet.chain.height } });
    expect(client.requestCount - before).toBe(4); // tip hash, tip block, one per watch
  });

  it('with watchMempool, hears about an unconfirmed spend without waiting for a block', async () => {
    const { watcher, poll } = watcherWithLog({ watchMempool: true });
    const key = makeKey('mempool watch');
    const script = p2wpkhOf(key).script;
    const coin = fund(devnet.chain, devnet.faucet, script, 50_000n);
    const id = watcher.watchSpend({ txid: coin.txid, vout: coin.vout });
    await poll();
    const spend = devnet.chain.submitTransaction(spendP2wpkh(coin, key, [{ script, amount: 49_000n }]));
    expect(await poll()).toMatchObject([{ type: 'spent', watchId: id, spendingTxid: spend, confirmations: 0 }]);
  });

  it('stops reporting an unwatched watch, and shares one poll between concurrent callers', async () => {
    const { client, watcher, events } = watcherWithLog();
    const txid = devnet.faucet.send(p2wpkhOf(makeKey('unwatched')).address as string, 10_000);
    const id = watcher.watchConfirmations(txid, 1);
    const [a, b] = await Promise.all([watcher.poll(), watcher.poll()]);
    expect(a).toBe(b);
    expect(client.requestCount).toBe(4); // genesis check, tip hash, tip block, tx status
    expect(watcher.unwatch(id)).toBe(true);
    devnet.chain.mine(1);
    await watcher.poll();
    expect(events).toEqual([]);
    expect(() => watcher.watchConfirmations('xyz', 1)).toThrow(RangeError);
    expect(() => watcher.watchConfirmations(txid, 0)).toThrow(RangeError);
  });
});
