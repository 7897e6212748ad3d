import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fund, makeKey, p2wpkhOf, spendP2wpkh } from '../../../devnet/chain/test-support.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { hex } from '../../protocol/codec/bytes.ts';
import { EsploraError } from './esplora-error.ts';
import { startDevnet, type Devnet } from './test-support/devnet-wallet.ts';

let devnet: Devnet;
beforeEach(async () => {
  devnet = await startDevnet();
});
afterEach(async () => {
  await devnet.close();
});

describe('EsploraClient against the devnet Esplora', () => {
  it('reads the tip, blocks and headers', async () => {
    const client = devnet.client();
    const height = await client.tipHeight();
    expect(height).toBe(devnet.chain.height);
    const tip = await client.tipHash();
    expect(tip).toBe(devnet.chain.blockByHeight(height)?.hash);
    expect(await client.blockHash(height)).toBe(tip);
    expect(await client.blockHash(0)).toBe(NETWORKS.regtest.genesisHash);
    const block = await client.block(tip);
    expect(block).toMatchObject({ hash: tip, height, previousHash: devnet.chain.blockByHeight(height - 1)?.hash, txCount: 1 });
    expect((await client.block(NETWORKS.regtest.genesisHash)).previousHash).toBeNull();
    expect(await client.blockStatus(tip)).toEqual({ inBestChain: true, height, nextBest: null });
    const header = await client.blockHeader(tip);
    expect(header.prevHash).toBe(block.previousHash);
    const before = client.requestCount;
    await client.verifyNetwork('regtest');
    await client.verifyNetwork('regtest');
    expect(client.requestCount - before).toBe(1);
    await expect(client.verifyNetwork('mainnet')).rejects.toMatchObject({ code: 'wrong_network', message: expect.stringContaining('follows regtest') });
  });

  it('reads transactions, statuses and outspends, and reports unknown ones', async () => {
    const client = devnet.client();
    const key = makeKey('client tx');
    const payment = p2wpkhOf(key);
    const coin = fund(devnet.chain, devnet.faucet, payment.script, 50_000n);
    const tx = await client.tx(coin.txid);
    expect(tx.vout[coin.vout]).toEqual({ script: hex(payment.script), address: payment.address, value: 50_000 });
    expect(tx.status).toMatchObject({ confirmed: true, blockHeight: devnet.chain.height });
    expect(await client.txStatus(coin.txid)).toEqual(tx.status);
    expect(hex(await client.txHex(coin.txid))).toBe(hex(devnet.chain.lookupTransaction(coin.txid)!.tx.raw));

    expect(await client.outspend(coin.txid, coin.vout)).toEqual({ spent: false });
    const spend = spendP2wpkh(coin, key, [{ script: payment.script, amount: 49_000n }]);
    const spendTxid = await client.broadcast(spend);
    const outspend = await client.outspend(coin.txid, coin.vout);
    expect(outspend).toEqual({ spent: true, txid: spendTxid, vin: 0, status: { confirmed: false } });
    expect((await client.outspends(coin.txid))[coin.vout]).toEqual(outspend);

    const unknown = 'ab'.repeat(32);
    expect(await client.txStatus(unknown)).toEqual({ confirmed: false });
    await expect(client.tx(unknown)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads address stats, utxos and pages through a long history', async () => {
    const client = devnet.client();
    const payment = p2wpkhOf(makeKey('client paging'));
    for (let i = 0; i < 30; i++) devnet.faucet.send(payment.script, 1_000 + i);
    devnet.chain.mine(1);
    devnet.faucet.send(payment.script, 7_777);
    const ref = { address: payment.address as string };

    const stats = await client.addressStats(ref);
    expect(stats.chain).toEqual({ txCount: 30, fundedCount: 30, fundedSum: 30 * 1_000 + 435, spentCount: 0, spentSum: 0 });
    expect(stats.mempool).toMatchObject({ txCount: 1, fundedSum: 7_777 });
    expect(await client.addressStats({ scripthash: 'ab'.repeat(32) })).toMatchObject({ chain: { txCount: 0 } });

    const first = await client.addressTxs(ref);
    expect(first.filter((tx) => !tx.status.confirmed)).toHaveLength(1);
    const chainFirst = first.filter((tx) => tx.status.confirmed);
    expect(chainFirst).toHaveLength(25);
    const next = await client.addressChainTxs(ref, chainFirst.at(-1)!.txid);
    expect(next).toHaveLength(5);
    expect(new Set([...chainFirst, ...next].map((tx) => tx.txid)).size).toBe(30);
    expect(await client.addressMempoolTxs(ref)).toHaveLength(1);

    const utxos = await client.utxos(ref);
    expect(utxos).toHaveLength(31);
    expect(utxos.filter((u) => !u.status.confirmed).map((u) => u.value)).toEqual([7_777]);
  });

  it('gives fee estimates and turns a rejected broadcast into an actionable error', async () => {
    const client = devnet.client();
    const estimates = await client.feeEstimates();
    expect(estimates.map((e) => e.target)).toContain(144);
    expect(estimates.every((e) => e.satPerVbyte >= 1)).toBe(true);

    const key = makeKey('client double spend');
    const payment = p2wpkhOf(key);
    const coin = fund(devnet.chain, devnet.faucet, payment.script, 20_000n);
    await client.broadcast(spendP2wpkh(coin, key, [{ script: payment.script, amount: 19_000n }]));
    // Same coin again, lower fee: BIP125 refuses the replacement.
    const conflicting = spendP2wpkh(coin, key, [{ script: payment.script, amount: 19_500n }]);
    const error = await client.broadcast(conflicting).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EsploraError);
    expect(error).toMatchObject({ code: 'rejected' });
    expect((error as EsploraError).details.serverMessage).toMatch(/replacement/);
    // Broadcasting what the node already has is a success.
    const again = spendP2wpkh(coin, key, [{ script: payment.script, amount: 19_000n }]);
    expect(await client.broadcast(again)).toMatch(/^[0-9a-f]{64}$/);
  });
});
