import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fund, makeKey, p2wpkhOf, spendP2wpkh } from '../../../devnet/chain/test-support.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { EsploraClient } from './esplora-client.ts';
import type { FetchFn } from './esplora-http.ts';
import { emptySyncState, type SyncState } from './sync-state.ts';
import { startDevnet, testWallet, type Devnet } from './test-support/devnet-wallet.ts';
import { startHostileServer, type HostileServer } from './test-support/hostile-server.ts';
import { walletBalance, walletHistory, walletUtxos } from './wallet-view.ts';
import { WalletSync } from './wallet-sync.ts';

let devnet: Devnet;
let proxy: HostileServer | undefined;
beforeEach(async () => {
  devnet = await startDevnet();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await devnet.close();
});

/** The real fetch, with the paths it asked for written down. */
function recordingFetch(paths: string[]): FetchFn {
  return (url, init) => {
    paths.push(new URL(url).pathname);
    return fetch(url, init);
  };
}

function setup(label: string, paths: string[] = []) {
  const wallet = testWallet(label);
  const client = devnet.client({ fetch: recordingFetch(paths) });
  const sync = new WalletSync({ client, scriptAt: wallet.scriptAt, network: 'regtest', now: () => 1_800_000_000 });
  return { wallet, client, sync, paths };
}

describe('WalletSync against the devnet', () => {
  it('sees a faucet payment unconfirmed, then confirmed after mining', async () => {
    const { wallet, sync } = setup('receive');
    let { state } = await sync.sync(emptySyncState());
    expect(state.addresses[0]).toHaveLength(20);
    expect(state.addresses[1]).toHaveLength(20);
    expect(walletBalance(state).total).toBe(0);

    const txid = devnet.faucet.send(wallet.at(0, 0).address, 100_000);
    // Nothing mined yet: the warm check alone cannot see it, the watched receive address does.
    expect((await sync.sync(state)).scanned).toBe(false);
    ({ state } = await sync.sync(state, { watch: [{ chain: 0, index: 0 }] }));
    expect(walletBalance(state)).toEqual({ confirmed: 0, unconfirmedIncoming: 100_000, unconfirmedOutgoing: 0, total: 100_000 });
    expect(walletUtxos(state)).toMatchObject([{ txid, value: 100_000, chain: 0, index: 0, height: null, confirmations: 0 }]);
    expect(walletHistory(state)).toMatchObject([{ txid, net: 100_000, height: null, confirmations: 0, time: 1_800_000_000 }]);
    expect(state.addresses[0]).toHaveLength(21);

    devnet.chain.mine(1);
    const confirmed = await sync.sync(state);
    state = confirmed.state;
    expect(confirmed.scanned).toBe(true);
    expect(walletBalance(state)).toEqual({ confirmed: 100_000, unconfirmedIncoming: 0, unconfirmedOutgoing: 0, total: 100_000 });
    expect(walletUtxos(state)).toMatchObject([{ txid, height: devnet.chain.height, confirmations: 1 }]);
    const block = devnet.chain.blockByHeight(devnet.chain.height)!;
    expect(walletHistory(state)).toMatchObject([{ txid, net: 100_000, height: block.height, time: block.header.time }]);

    devnet.chain.mine(2);
    ({ state } = await sync.sync(state));
    expect(walletUtxos(state)[0]?.confirmations).toBe(3);
  });

  it('discovers an address within the gap limit of the last used one, and not beyond', async () => {
    const { wallet, sync } = setup('gap');
    devnet.faucet.send(wallet.at(0, 10).address, 10_000);
    devnet.faucet.send(wallet.at(0, 25).address, 25_000);
    devnet.faucet.send(wallet.at(1, 3).address, 3_000);
    devnet.chain.mine(1);
    let { state } = await sync.sync(emptySyncState());
    expect(walletBalance(state).confirmed).toBe(38_000);
    expect(state.addresses[0]).toHaveLength(46);
    expect(state.addresses[1]).toHaveLength(24);

    // 20 unused addresses after index 25 end the search: index 46 is beyond the gap.
    devnet.faucet.send(wallet.at(0, 46).address, 46_000);
    devnet.faucet.send(wallet.at(0, 45).address, 45_000);
    devnet.chain.mine(1);
    ({ state } = await sync.sync(state));
    expect(walletBalance(state).confirmed).toBe(38_000 + 45_000 + 46_000);
    expect(state.addresses[0]).toHaveLength(67);

    const lone = setup('gap beyond');
    devnet.faucet.send(lone.wallet.at(0, 20).address, 20_000);
    devnet.chain.mine(1);
    const beyond = await lone.sync.sync(emptySyncState());
    expect(walletBalance(beyond.state).total).toBe(0);
  });

  it('tracks its own payment: outgoing unconfirmed, change discovered, then confirmed', async () => {
    const { wallet, sync } = setup('spend');
    const receive = wallet.at(0, 0);
    const coin = fund(devnet.chain, devnet.faucet, receive.script, 100_000n);
    let { state } = await sync.sync(emptySyncState());
    const external = p2wpkhOf(makeKey('someone else'));
    const payment = spendP2wpkh(coin, wallet.keyAt(0, 0), [
      { script: external.script, amount: 30_000n },
      { script: wallet.at(1, 0).script, amount: 69_000n },
    ]);
    const paymentTxid = devnet.chain.submitTransaction(payment);

    ({ state } = await sync.sync(state, { force: true }));
    expect(walletBalance(state)).toEqual({ confirmed: 100_000, unconfirmedIncoming: 0, unconfirmedOutgoing: 31_000, total: 69_000 });
    expect(walletUtxos(state)).toMatchObject([{ txid: paymentTxid, vout: 1, value: 69_000, chain: 1, index: 0, height: null }]);
    expect(walletHistory(state)[0]).toMatchObject({ txid: paymentTxid, net: -31_000, fee: 1_000, height: null });
    expect(state.addresses[1]).toHaveLength(21);

    devnet.chain.mine(1);
    ({ state } = await sync.sync(state));
    expect(walletBalance(state)).toEqual({ confirmed: 69_000, unconfirmedIncoming: 0, unconfirmedOutgoing: 0, total: 69_000 });
    expect(walletHistory(state).map((entry) => entry.net)).toEqual([-31_000, 100_000]);
  });

  it('reflects a reorg that returns a confirmed receive to the mempool, then double-spends it away', async () => {
    const { wallet, sync } = setup('reorg');
    const payer = makeKey('reorg payer');
    const payerScript = p2wpkhOf(payer).script;
    const coin = fund(devnet.chain, devnet.faucet, payerScript, 100_000n);
    // Signals BIP125, so the payer can replace it once it is back in the mempool.
    const payment = spendP2wpkh(coin, payer, [{ script: wallet.at(0, 0).script, amount: 60_000n }, { script: payerScript, amount: 39_000n }]);
    const txid = devnet.chain.submitTransaction(payment);
    devnet.chain.mine(1);
    let { state } = await sync.sync(emptySyncState());
    expect(walletBalance(state).confirmed).toBe(60_000);

    devnet.chain.invalidate(1);
    const reorged = await sync.sync(state);
    state = reorged.state;
    expect(reorged.reorg).toBe(true);
    expect(walletBalance(state)).toEqual({ confirmed: 0, unconfirmedIncoming: 60_000, unconfirmedOutgoing: 0, total: 60_000 });
    expect(walletHistory(state)).toMatchObject([{ txid, height: null, confirmations: 0 }]);

    const doubleSpend = spendP2wpkh(coin, payer, [{ script: payerScript, amount: 95_000n }]);
    devnet.chain.submitTransaction(doubleSpend);
    devnet.chain.mine(2);
    ({ state } = await sync.sync(state));
    expect(walletBalance(state)).toEqual({ confirmed: 0, unconfirmedIncoming: 0, unconfirmedOutgoing: 0, total: 0 });
    expect(walletHistory(state)).toEqual([]);
    expect(walletUtxos(state)).toEqual([]);
  });

  it('moves a transaction to its new block when a reorg re-mines it lower, though the address stats stay the same', async () => {
    const { wallet, sync } = setup('reorg height');
    devnet.faucet.send(wallet.at(0, 0).address, 50_000);
    devnet.chain.mine(1);
    devnet.faucet.send(wallet.at(0, 1).address, 51_000);
    devnet.chain.mine(1);
    let { state } = await sync.sync(emptySyncState());
    const before = walletHistory(state).map((entry) => entry.height);

    devnet.chain.invalidate(2);
    devnet.chain.mine(1); // both payments return from the mempool into one block, one lower than before
    const after = await sync.sync(state);
    state = after.state;
    expect(after.reorg).toBe(true);
    expect(walletHistory(state).map((entry) => entry.height)).toEqual([before[1], before[1]]);
    expect(walletHistory(state).every((entry) => entry.confirmations === 1)).toBe(true);
    expect(walletBalance(state).confirmed).toBe(101_000);
  });

  it('uses at most 2 requests on a warm restart with nothing new, and fetches no transactions for an unrelated block', async () => {
    const first = setup('warm');
    devnet.faucet.send(first.wallet.at(0, 2).address, 40_000);
    devnet.chain.mine(1);
    const synced = await first.sync.sync(emptySyncState());
    // The wallet persists the state as JSON and hands it back after a restart.
    const restored = JSON.parse(JSON.stringify(synced.state)) as SyncState;
    expect(restored).toEqual(synced.state);

    const paths: string[] = [];
    const restarted = setup('warm', paths);
    const warm = await restarted.sync.sync(restored);
    expect(warm.scanned).toBe(false);
    expect(warm.requests).toBeLessThanOrEqual(2);
    expect(restarted.client.requestCount).toBe(warm.requests);
    expect(paths).toEqual(['/block-height/0', '/blocks/tip/hash']);
    expect(warm.state).toBe(restored);

    paths.length = 0;
    devnet.chain.mine(1);
    const next = await restarted.sync.sync(restored);
    const addressCount = restored.addresses[0].length + restored.addresses[1].length;
    expect(next.requests).toBe(2 + addressCount); // tip hash, tip block, one stats request per address
    expect(paths.filter((path) => path.includes('/txs'))).toEqual([]);
    expect(walletBalance(next.state).confirmed).toBe(40_000);
  });

  it('pages through a long history once, then fetches only the newest page', async () => {
    const { wallet, sync, paths } = setup('long history');
    const address = wallet.at(0, 0).address;
    for (let i = 0; i < 30; i++) devnet.faucet.send(address, 1_000 + i);
    devnet.chain.mine(1);
    let { state } = await sync.sync(emptySyncState());
    expect(paths.filter((path) => path.startsWith(`/address/${address}/txs`))).toEqual([`/address/${address}/txs`, expect.stringMatching(/\/txs\/chain\/[0-9a-f]{64}$/)]);
    expect(walletHistory(state)).toHaveLength(30);

    paths.length = 0;
    devnet.faucet.send(address, 5_000);
    devnet.chain.mine(1);
    ({ state } = await sync.sync(state));
    expect(paths.filter((path) => path.includes('/txs'))).toEqual([`/address/${address}/txs`]);
    expect(walletHistory(state)).toHaveLength(31);
    expect(walletBalance(state).confirmed).toBe(30 * 1_000 + 435 + 5_000);

    paths.length = 0;
    devnet.faucet.send(address, 6_000);
    ({ state } = await sync.sync(state, { force: true }));
    expect(paths.filter((path) => path.includes('/txs'))).toEqual([`/address/${address}/txs/mempool`]);
    expect(walletBalance(state).unconfirmedIncoming).toBe(6_000);
  });

  it('refuses to show a balance the server contradicts, and keeps the previous state', async () => {
    const { wallet } = setup('tampered');
    devnet.faucet.send(wallet.at(0, 0).address, 70_000);
    devnet.chain.mine(1);
    // A proxy in front of the devnet Esplora that inflates what an address received.
    proxy = await startHostileServer(async (request) => {
      const upstream = await fetch(`${devnet.url}${request.path}`, { method: request.method, ...(request.method === 'POST' ? { body: request.body } : {}) });
      let body = await upstream.text();
      if (/^\/address\/[^/]+$/.test(request.path)) {
        body = body.replace('"funded_txo_sum":70000', '"funded_txo_sum":7000000');
      }
      return { status: upstream.status, body, headers: { 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' } };
    });
    const sync = new WalletSync({ client: new EsploraClient(proxy.url, { backoffMs: 5 }), scriptAt: wallet.scriptAt });
    const previous = emptySyncState();
    const error = await sync.sync(previous).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'inconsistent' });
    expect((error as Error).message).toContain('do not add up');
    expect(previous).toEqual(emptySyncState());
  });

  it('refuses an output the server invents for another of our addresses', async () => {
    const { wallet } = setup('invented output');
    const victim = wallet.at(0, 0);
    const bystander = wallet.at(0, 1);
    devnet.faucet.send(bystander.address, 5_000);
    devnet.chain.mine(1);
    let tamper = false;
    // Once tampering starts, every transaction listed for the victim also "pays" the bystander 1000 sats,
    // taken from the faucet's change so that the fee still adds up.
    proxy = await startHostileServer(async (request) => {
      const upstream = await fetch(`${devnet.url}${request.path}`);
      let body = await upstream.text();
      if (tamper && request.path.startsWith(`/address/${victim.address}/txs`)) {
        const txs = JSON.parse(body) as { vout: { scriptpubkey: string; value: number }[] }[];
        for (const tx of txs) {
          const change = tx.vout.find((output) => output.scriptpubkey !== hex(victim.script));
          if (!change) continue;
          change.value -= 1_000;
          tx.vout.push({ scriptpubkey: hex(bystander.script), value: 1_000 });
        }
        body = JSON.stringify(txs);
      }
      return { status: upstream.status, body, headers: { 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' } };
    });
    const sync = new WalletSync({ client: new EsploraClient(proxy.url, { backoffMs: 5 }), scriptAt: wallet.scriptAt });
    const { state } = await sync.sync(emptySyncState());
    expect(walletBalance(state).confirmed).toBe(5_000);

    tamper = true;
    devnet.faucet.send(victim.address, 10_000);
    devnet.chain.mine(1);
    await expect(sync.sync(state)).rejects.toMatchObject({ code: 'inconsistent' });
    tamper = false;
    expect(walletBalance((await sync.sync(state)).state).confirmed).toBe(15_000);
  });

  it('refuses a state that was derived from another wallet', async () => {
    const { sync } = setup('owner');
    const other = setup('not the owner');
    const { state } = await other.sync.sync(emptySyncState());
    devnet.chain.mine(1);
    await expect(sync.sync(state)).rejects.toThrow(/does not belong to this wallet/);
  });
});
