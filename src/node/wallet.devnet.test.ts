import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chain, Faucet } from '../../devnet/chain/index.ts';
import { openFileStore } from './file-store.ts';
import type { Store } from '../engine/storage/store.ts';
import { Wallet } from '../engine/wallet/wallet.ts';
import { startTestChain, TINY_COST, type TestChain } from './test-support/lightning-harness.ts';

const PASS = 'correct horse battery';

describe('the on-chain wallet against the devnet', () => {
  let dir: string;
  let devnet: TestChain;
  let chain: Chain;
  let faucet: Faucet;
  const stores: Store[] = [];

  async function openWallet(name: string): Promise<Wallet> {
    const store = await openFileStore(join(dir, name));
    stores.push(store);
    return Wallet.open({ store, network: 'regtest', defaultEsploraUrl: devnet.esplora.url, vaultCost: TINY_COST });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wallet-'));
    devnet = await startTestChain(join(dir, 'chain'));
    ({ chain, faucet } = devnet);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('receives, sends with change, bumps the fee, and a restore from the words finds everything', async () => {
    const wallet = await openWallet('a');
    expect(wallet.walletState()).toEqual({ state: 'none' });
    const words = wallet.generateMnemonic();
    expect(words).toHaveLength(12);
    const unlocked = await wallet.finishCreate(words, PASS);
    expect(unlocked.state).toBe('unlocked');

    const { address, uri } = await wallet.newReceiveAddress({ amountSat: 1000 });
    expect(uri.toLowerCase()).toContain(address.toLowerCase());
    expect((await wallet.newReceiveAddress()).address).not.toBe(address);

    faucet.send(address, 200_000n);
    await wallet.sync();
    expect(wallet.balance()).toMatchObject({ confirmedSat: 0, unconfirmedIncomingSat: 200_000 });
    chain.mine(1);
    await wallet.sync();
    expect(wallet.balance()).toMatchObject({ confirmedSat: 200_000, unconfirmedIncomingSat: 0, spendableSat: 200_000 });

    const other = await openWallet('b');
    await other.finishCreate(other.generateMnemonic(), PASS);
    const destination = (await other.newReceiveAddress()).address;
    const request = { destination, amountSat: 50_000, feeRate: 5 };
    const preview = await wallet.previewSend(request);
    expect(preview).toMatchObject({ address: destination, amountSat: 50_000 });
    expect(preview.feeRate).toBeGreaterThanOrEqual(5);
    expect(preview.changeSat).toBe(200_000 - 50_000 - preview.feeSat);

    const { txid } = await wallet.send(request);
    expect(chain.getTransaction(txid)).toBeDefined();
    expect(wallet.history()[0]).toMatchObject({ txid, confirmations: 0, canBumpFee: true });

    const bumped = await wallet.bumpFee(txid, 12);
    expect(bumped.txid).not.toBe(txid);
    expect(chain.getTransaction(txid)).toBeUndefined();
    chain.mine(1);
    await wallet.sync();
    const balance = wallet.balance();
    expect(balance.unconfirmedOutgoingSat).toBe(0);
    expect(balance.confirmedSat).toBeLessThan(150_000);
    expect(wallet.history().map((h) => h.txid)).toContain(bumped.txid);
    expect(wallet.history().map((h) => h.txid)).not.toContain(txid);

    // The same words in a fresh store see the same funds.
    const restored = await openWallet('c');
    await restored.restore(words.join(' '), 'another passphrase');
    await restored.sync({ force: true });
    expect(restored.balance()).toEqual(wallet.balance());
  }, 60_000);

  it('asks for the passphrase after a restart and keeps its state; a warm sync costs at most 2 requests', async () => {
    const first = await openWallet('a');
    const words = first.generateMnemonic();
    await first.finishCreate(words, PASS);
    faucet.send((await first.newReceiveAddress()).address, 30_000n);
    chain.mine(1);
    await first.sync();
    await stores.pop()!.close();

    const again = await openWallet('a');
    expect(again.walletState()).toEqual({ state: 'locked' });
    await expect(again.unlock('wrong')).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await again.unlock(PASS);
    expect(again.balance().confirmedSat).toBe(30_000);
    expect(await again.revealMnemonic(PASS)).toEqual(words);
    const before = again.requestCount;
    await again.sync();
    expect(again.requestCount - before).toBeLessThanOrEqual(2);
  }, 60_000);

  it('reflects a reorg that removes a confirmed receive', async () => {
    const wallet = await openWallet('a');
    await wallet.finishCreate(wallet.generateMnemonic(), PASS);
    faucet.send((await wallet.newReceiveAddress()).address, 40_000n);
    chain.mine(1);
    await wallet.sync();
    expect(wallet.balance().confirmedSat).toBe(40_000);
    chain.invalidate(1);
    await wallet.sync();
    expect(wallet.balance()).toMatchObject({ confirmedSat: 0, unconfirmedIncomingSat: 40_000 });
  }, 60_000);

  it('gives errors a person can act on', async () => {
    const wallet = await openWallet('a');
    await expect(wallet.unlock(PASS)).rejects.toMatchObject({ code: 'no_wallet' });
    await wallet.finishCreate(wallet.generateMnemonic(), PASS);
    await expect(wallet.previewSend({ destination: 'bc1qnotthisnetwork', amountSat: 1000, feeRate: 1 })).rejects.toMatchObject({ code: 'invalid_address' });
    const address = (await wallet.newReceiveAddress()).address;
    await expect(wallet.previewSend({ destination: address, amountSat: 1000, feeRate: 1 })).rejects.toMatchObject({ code: 'insufficient_funds' });
    await expect(wallet.restore('abandon '.repeat(11) + 'zoo', PASS)).rejects.toMatchObject({ code: 'invalid_config' });
    await wallet.setEsploraUrl('http://127.0.0.1:1');
    await expect(wallet.sync({ force: true })).rejects.toMatchObject({ code: 'chain_unavailable' });
  }, 60_000);
});
