import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Chain } from './chain.ts';
import { FAUCET_SCRIPT } from './faucet.ts';
import { fund, makeKey, newChain, p2wpkhOf, spendP2wpkh, temporaryDir } from './test-support.ts';

const alice = makeKey('alice');
const aliceP2wpkh = p2wpkhOf(alice).script;

describe('persistence to the data dir', () => {
  const dirs: ReturnType<typeof temporaryDir>[] = [];
  const dataDir = () => {
    const dir = temporaryDir();
    dirs.push(dir);
    return dir.path;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  it('restarts with the same tip, coins, indexes and mempool', () => {
    const dir = dataDir();
    const first = newChain({ dataDir: dir });
    const coin = fund(first.chain, first.faucet, aliceP2wpkh, 100_000n);
    const pending = first.chain.submitTransaction(spendP2wpkh(coin, alice, [{ script: aliceP2wpkh, amount: 99_000n }]));
    const tip = first.chain.tip();
    first.chain.close();

    const second = newChain({ dataDir: dir });
    expect(second.chain.tip().hash).toBe(tip.hash);
    expect(second.chain.tip().header).toEqual(tip.header);
    expect(second.chain.getTransaction(coin.txid)?.blockHeight).toBe(tip.height);
    expect(second.chain.spenderOf(coin.txid, coin.vout)).toEqual({ txid: pending, vin: 0 });
    expect(second.chain.mempoolEntries().map((entry) => entry.tx.txid)).toEqual([pending]);
    expect(second.faucet.balance()).toBe(first.faucet.balance());
    second.chain.mine(1);
    expect(second.chain.getTransaction(pending)?.blockHeight).toBe(tip.height + 1);
    second.chain.close();
  });

  it('persists reorgs by truncating the block file', () => {
    const dir = dataDir();
    const first = newChain({ dataDir: dir });
    const sizeAtStartup = statSync(join(dir, 'blocks.dat')).size;
    first.chain.mine(3);
    first.chain.invalidate(3);
    expect(statSync(join(dir, 'blocks.dat')).size).toBe(sizeAtStartup);
    const replacement = first.chain.mine(1)[0];
    first.chain.close();

    const second = Chain.open({ dataDir: dir, defaultCoinbaseScript: FAUCET_SCRIPT });
    expect(second.tip().hash).toBe(replacement?.hash);
    second.close();
  });

  it('cuts off a torn final record and refuses a corrupted one', () => {
    const dir = dataDir();
    const first = newChain({ dataDir: dir, startupHeight: 10 });
    const tip = first.chain.tip();
    first.chain.close();
    const file = join(dir, 'blocks.dat');
    const intact = readFileSync(file);
    appendFileSync(file, Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda, 0xff, 0x00, 0x00, 0x00, 0x01, 0x02));

    const reopened = Chain.open({ dataDir: dir, defaultCoinbaseScript: FAUCET_SCRIPT });
    expect(reopened.tip().hash).toBe(tip.hash);
    reopened.close();
    expect(readFileSync(file).length).toBe(intact.length);

    appendFileSync(file, Uint8Array.of(0x00, 0x01, 0x02, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00));
    expect(() => Chain.open({ dataDir: dir, defaultCoinbaseScript: FAUCET_SCRIPT })).toThrow(/bad record magic/);
  });

  it('refuses a data dir another live chain holds, and takes over a dead one', () => {
    const dir = dataDir();
    const first = Chain.open({ dataDir: dir, defaultCoinbaseScript: FAUCET_SCRIPT });
    expect(() => Chain.open({ dataDir: dir, defaultCoinbaseScript: FAUCET_SCRIPT })).toThrow(/in use by process/);
    first.close();
    // A lock left by a process that no longer exists does not block the next start.
    writeFileSync(join(dir, 'LOCK'), '999999999');
    const second = Chain.open({ dataDir: dir, defaultCoinbaseScript: FAUCET_SCRIPT });
    second.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });
});
