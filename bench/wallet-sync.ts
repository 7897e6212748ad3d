/**
 * `npm run bench:sync`: a wallet with 1,000 past transactions over 200 addresses syncs from a fresh
 * store against the devnet's Esplora — how many requests and how long — and a warm restart with
 * nothing new (target: at most 2 requests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDevnetChain } from '../devnet/chain/index.ts';
import { startEsploraServer } from '../devnet/esplora/server.ts';
import { Bip84Account, createMnemonic, mnemonicToSeed, mnemonicWords } from '../src/engine/keys/index.ts';
import { Wallet } from '../src/engine/wallet/wallet.ts';
import { openFileStore } from '../src/node/file-store.ts';
import { figure, printTable } from './report.ts';

const TXS = 1000;
const ADDRESSES = 200;
const PER_BLOCK = 20; // under the mempool's 25-transaction chain limit for the faucet's change
const TINY_COST = { log2N: 4, r: 8, p: 1 };

const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
const { chain, faucet } = openDevnetChain({ dataDir: join(dir, 'chain') });
const esplora = await startEsploraServer({ chain, port: 0 });
try {
  const mnemonic = createMnemonic();
  const account = Bip84Account.fromSeed(await mnemonicToSeed(mnemonic), 'regtest');
  const setupStarted = performance.now();
  for (let i = 0; i < TXS; i++) {
    faucet.send(account.receiveKey(i % ADDRESSES).address, 10_000n + BigInt(i));
    if ((i + 1) % PER_BLOCK === 0) chain.mine(1);
  }
  chain.mine(1);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const open = async (name: string) => {
    const store = await openFileStore(join(dir, name));
    return { store, wallet: await Wallet.open({ store, network: 'regtest', defaultEsploraUrl: esplora.url, vaultCost: TINY_COST }) };
  };

  const fresh = await open('wallet');
  await fresh.wallet.restore(mnemonicWords(mnemonic).join(' '), 'bench passphrase');
  const coldStarted = performance.now();
  const coldBefore = fresh.wallet.requestCount;
  await fresh.wallet.sync({ force: true });
  const cold = { ms: performance.now() - coldStarted, requests: fresh.wallet.requestCount - coldBefore };
  const history = fresh.wallet.history().length;
  const balance = fresh.wallet.balance().confirmedSat;
  await fresh.store.close();

  const restarted = await open('wallet');
  await restarted.wallet.unlock('bench passphrase');
  const warmStarted = performance.now();
  await restarted.wallet.sync();
  const warm = { ms: performance.now() - warmStarted, requests: restarted.wallet.requestCount };
  await restarted.store.close();

  const expectedBalance = Array.from({ length: TXS }, (_, i) => 10_000 + i).reduce((a, b) => a + b, 0);
  if (history !== TXS || balance !== expectedBalance) throw new Error(`sync found ${history} txs and ${balance} sats; expected ${TXS} and ${expectedBalance}`);

  printTable(`Wallet sync: ${TXS} transactions over ${ADDRESSES} addresses (devnet built in ${figure(setupSeconds)} s)`, ['sync', 'Esplora requests', 'ms', 'target'], [
    ['fresh store (restore from words)', String(cold.requests), figure(cold.ms), ''],
    ['warm restart, nothing new', String(warm.requests), figure(warm.ms), '≤ 2 requests'],
  ]);
  console.log(JSON.stringify({ walletSync: { txs: TXS, addresses: ADDRESSES, cold, warm } }));
} finally {
  await esplora.close();
  chain.close();
  rmSync(dir, { recursive: true, force: true });
}
