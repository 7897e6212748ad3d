import { sha256 } from '@noble/hashes/sha2.js';
import * as btc from '@scure/btc-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGTEST_GENESIS_HASH } from '../chain/block.ts';
import { concatBytes, displayToHash, hashToDisplay, sha256d, toHex } from '../chain/bytes.ts';
import type { Chain } from '../chain/chain.ts';
import type { Faucet } from '../chain/faucet.ts';
import { fund, makeKey, newChain, p2wpkhOf, p2wshOf, spendP2wpkh, spendWitnessScript, type Coin } from '../chain/test-support.ts';
import { startEsploraServer, type EsploraServer } from './server.ts';

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'hash' | 'hex';

/** Asserts the exact set of keys and the type of each value. */
function expectShape(value: unknown, shape: Record<string, Kind>): void {
  expect(value).toBeTypeOf('object');
  const record = value as Record<string, unknown>;
  expect(Object.keys(record).sort()).toEqual(Object.keys(shape).sort());
  for (const [key, kind] of Object.entries(shape)) {
    const field = record[key];
    if (kind === 'null') expect(field, key).toBeNull();
    else if (kind === 'array') expect(Array.isArray(field), key).toBe(true);
    else if (kind === 'hash') expect(field, key).toMatch(/^[0-9a-f]{64}$/);
    else if (kind === 'hex') expect(field, key).toMatch(/^([0-9a-f]{2})*$/);
    else expect(typeof field, key).toBe(kind);
  }
}

const TX_SHAPE: Record<string, Kind> = {
  txid: 'hash',
  version: 'number',
  locktime: 'number',
  vin: 'array',
  vout: 'array',
  size: 'number',
  weight: 'number',
  fee: 'number',
  status: 'object',
};
const VOUT_SHAPE: Record<string, Kind> = {
  scriptpubkey: 'hex',
  scriptpubkey_asm: 'string',
  scriptpubkey_type: 'string',
  scriptpubkey_address: 'string',
  value: 'number',
};
const VIN_SHAPE: Record<string, Kind> = {
  txid: 'hash',
  vout: 'number',
  prevout: 'object',
  scriptsig: 'hex',
  scriptsig_asm: 'string',
  witness: 'array',
  is_coinbase: 'boolean',
  sequence: 'number',
};
const CONFIRMED_STATUS: Record<string, Kind> = { confirmed: 'boolean', block_height: 'number', block_hash: 'hash', block_time: 'number' };
const STATS_SHAPE: Record<string, Kind> = {
  funded_txo_count: 'number',
  funded_txo_sum: 'number',
  spent_txo_count: 'number',
  spent_txo_sum: 'number',
  tx_count: 'number',
};

const alice = makeKey('esplora alice');
const bob = makeKey('esplora bob');
const carol = makeKey('esplora carol');
const alicePayment = p2wpkhOf(alice);
const bobPayment = p2wpkhOf(bob);
const carolPayment = p2wpkhOf(carol);
const witnessScript = btc.Script.encode([bob.pub, 'CHECKSIG']);
const bobP2wsh = p2wshOf(witnessScript);

let chain: Chain;
let faucet: Faucet;
let server: EsploraServer;
let aliceCoin: Coin;
let p2wshSpend: string;
let pendingSpend: string;

async function get(path: string): Promise<Response> {
  return fetch(`${server.url}${path}`);
}

async function getJson(path: string): Promise<unknown> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

async function getText(path: string): Promise<string> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

async function expectError(path: string, status: number, message: string | RegExp, init?: RequestInit): Promise<void> {
  const response = await fetch(`${server.url}${path}`, init);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  const body = await response.text();
  if (typeof message === 'string') expect(body).toBe(message);
  else expect(body).toMatch(message);
}

const post = (body: string) => fetch(`${server.url}/tx`, { method: 'POST', body });

beforeAll(async () => {
  ({ chain, faucet } = newChain());
  server = await startEsploraServer({ chain });
  // Confirmed: a P2WPKH coin for alice and a P2WSH coin for bob, then bob's P2WSH spend.
  aliceCoin = fund(chain, faucet, alicePayment.script, 200_000n, false);
  const bobCoin = fund(chain, faucet, bobP2wsh.script, 50_000n);
  p2wshSpend = chain.submitTransaction(spendWitnessScript(bobCoin, witnessScript, bob, [{ script: carolPayment.script, amount: 49_000n }]));
  chain.mine(1);
  // Unconfirmed: alice pays bob.
  pendingSpend = chain.submitTransaction(spendP2wpkh(aliceCoin, alice, [{ script: bobPayment.script, amount: 150_000n }, { script: alicePayment.script, amount: 49_000n }]));
});

afterAll(async () => {
  await server.close();
  chain.close();
});

describe('Esplora HTTP server', () => {
  it('answers CORS preflights and sets Access-Control-Allow-Origin everywhere', async () => {
    const preflight = await fetch(`${server.url}/tx`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect((await get('/blocks/tip/height')).headers.get('access-control-allow-origin')).toBe('*');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the tip and heights as text', async () => {
    expect(await getText('/blocks/tip/height')).toBe(String(chain.height));
    expect(await getText('/blocks/tip/hash')).toBe(chain.tip().hash);
    expect(await getText('/block-height/0')).toBe(REGTEST_GENESIS_HASH);
    await expectError(`/block-height/${chain.height + 1}`, 404, 'Block not found');
    await expectError('/block-height/abc', 400, 'Invalid number');
  });

  it('serves blocks, headers, statuses and txids', async () => {
    const tip = chain.tip();
    const block = await getJson(`/block/${tip.hash}`);
    expectShape(block, {
      id: 'hash',
      height: 'number',
      version: 'number',
      timestamp: 'number',
      tx_count: 'number',
      size: 'number',
      weight: 'number',
      merkle_root: 'hash',
      previousblockhash: 'hash',
      mediantime: 'number',
      nonce: 'number',
      bits: 'number',
      difficulty: 'number',
    });
    expect(block).toMatchObject({ id: tip.hash, height: tip.height, tx_count: 2, bits: 0x207fffff, previousblockhash: chain.blockAt(tip.height - 1)?.hash });
    expect(await getJson(`/block/${REGTEST_GENESIS_HASH}`)).toMatchObject({ height: 0, previousblockhash: null, timestamp: 1296688602 });
    expect(await getText(`/block/${tip.hash}/header`)).toBe(toHex(tip.header));
    expect(await getJson(`/block/${tip.hash}/txids`)).toEqual(tip.txs.map((tx) => tx.txid));

    const parent = chain.blockAt(tip.height - 1)?.hash ?? '';
    expect(await getJson(`/block/${parent}/status`)).toEqual({ in_best_chain: true, height: tip.height - 1, next_best: tip.hash });
    expect(await getJson(`/block/${tip.hash}/status`)).toEqual({ in_best_chain: true, height: tip.height, next_best: null });
    expect(await getJson(`/block/${'00'.repeat(32)}/status`)).toEqual({ in_best_chain: false, height: null, next_best: null });

    const raw = new Uint8Array(await (await get(`/block/${tip.hash}/raw`)).arrayBuffer());
    expect(toHex(raw.subarray(0, 80))).toBe(toHex(tip.header));
    expect(await getText(`/block/${tip.hash}/txid/1`)).toBe(p2wshSpend);
    const txs = (await getJson(`/block/${tip.hash}/txs`)) as unknown[];
    expect(txs).toHaveLength(2);
    expectShape(txs[1], TX_SHAPE);

    await expectError(`/block/${'00'.repeat(32)}`, 404, 'Block not found');
    await expectError(`/block/${'00'.repeat(32)}/txids`, 404, 'Block not found');
    await expectError('/block/1234', 400, 'Invalid hex string');
  });

  it('serves confirmed transactions with prevouts, witnesses, inner scripts and fees', async () => {
    const tx = (await getJson(`/tx/${p2wshSpend}`)) as Record<string, unknown> & { vin: Record<string, unknown>[]; vout: unknown[] };
    expectShape(tx, TX_SHAPE);
    expect(tx.vin).toHaveLength(1);
    expectShape(tx.vin[0], { ...VIN_SHAPE, inner_witnessscript_asm: 'string' });
    expect(tx.vin[0]?.inner_witnessscript_asm).toBe(`OP_PUSHBYTES_33 ${toHex(bob.pub)} OP_CHECKSIG`);
    expect(tx.vin[0]?.is_coinbase).toBe(false);
    expect(tx.vin[0]?.witness).toEqual([expect.stringMatching(/^30/), toHex(witnessScript)]);
    expectShape(tx.vin[0]?.prevout, VOUT_SHAPE);
    expect(tx.vin[0]?.prevout).toMatchObject({ scriptpubkey_type: 'v0_p2wsh', scriptpubkey_address: bobP2wsh.address, value: 50_000 });
    expectShape(tx.vout[0], VOUT_SHAPE);
    expect(tx.vout[0]).toEqual({
      scriptpubkey: toHex(carolPayment.script),
      scriptpubkey_asm: `OP_0 OP_PUSHBYTES_20 ${toHex(carolPayment.script.subarray(2))}`,
      scriptpubkey_type: 'v0_p2wpkh',
      scriptpubkey_address: carolPayment.address,
      value: 49_000,
    });
    expect(tx.fee).toBe(1_000);
    expectShape(tx.status, CONFIRMED_STATUS);
    expect(tx.status).toEqual({ confirmed: true, block_height: chain.height, block_hash: chain.tip().hash, block_time: expect.any(Number) });

    const coinbase = (await getJson(`/tx/${chain.tip().txs[0]?.txid}`)) as { vin: Record<string, unknown>[]; fee: number };
    expect(coinbase.vin[0]).toMatchObject({ txid: '00'.repeat(32), vout: 0xffffffff, prevout: null, is_coinbase: true, witness: ['00'.repeat(32)] });
    expect(coinbase.fee).toBe(0);
  });

  it('serves unconfirmed transactions, hex, raw bytes and statuses', async () => {
    const tx = (await getJson(`/tx/${pendingSpend}`)) as Record<string, unknown>;
    expectShape(tx, TX_SHAPE);
    expect(tx.status).toEqual({ confirmed: false });
    expect(tx.fee).toBe(1_000);
    const hex = await getText(`/tx/${pendingSpend}/hex`);
    expect(hex).toBe(toHex(chain.getTransaction(pendingSpend)?.raw ?? new Uint8Array()));
    const raw = await get(`/tx/${pendingSpend}/raw`);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(toHex(new Uint8Array(await raw.arrayBuffer()))).toBe(hex);
    expect(await getJson(`/tx/${pendingSpend}/status`)).toEqual({ confirmed: false });
    const status = await getJson(`/tx/${p2wshSpend}/status`);
    expectShape(status, CONFIRMED_STATUS);
    // Like electrs, an unknown txid has the status of an unconfirmed one.
    expect(await getJson(`/tx/${'ab'.repeat(32)}/status`)).toEqual({ confirmed: false });
  });

  it('serves merkle proofs that lead to the block merkle root', async () => {
    const proof = (await getJson(`/tx/${p2wshSpend}/merkle-proof`)) as { block_height: number; merkle: string[]; pos: number };
    expectShape(proof, { block_height: 'number', merkle: 'array', pos: 'number' });
    let hash = displayToHash(p2wshSpend);
    let index = proof.pos;
    for (const sibling of proof.merkle) {
      hash = sha256d(index % 2 === 0 ? concatBytes(hash, displayToHash(sibling)) : concatBytes(displayToHash(sibling), hash));
      index >>= 1;
    }
    expect(hashToDisplay(hash)).toBe(chain.blockByHeight(proof.block_height)?.header.merkleRoot);
    await expectError(`/tx/${pendingSpend}/merkle-proof`, 404, 'Transaction not found or is unconfirmed');
  });

  it('serves outspends, confirmed and unconfirmed', async () => {
    const spent = await getJson(`/tx/${aliceCoin.txid}/outspend/${aliceCoin.vout}`);
    expect(spent).toEqual({ spent: true, txid: pendingSpend, vin: 0, status: { confirmed: false } });
    const bobFunding = chain.lookupTransaction(p2wshSpend)?.tx.inputs[0];
    const confirmed = (await getJson(`/tx/${bobFunding?.prevTxid}/outspend/${bobFunding?.vout}`)) as Record<string, unknown>;
    expectShape(confirmed, { spent: 'boolean', txid: 'hash', vin: 'number', status: 'object' });
    expectShape(confirmed.status, CONFIRMED_STATUS);
    expect(await getJson(`/tx/${pendingSpend}/outspend/0`)).toEqual({ spent: false });
    expect(await getJson(`/tx/${pendingSpend}/outspends`)).toEqual([{ spent: false }, { spent: false }]);
    await expectError(`/tx/${pendingSpend}/outspend/x`, 400, 'Invalid number');
    await expectError(`/tx/${'ab'.repeat(32)}/outspends`, 404, 'Transaction not found');
    await expectError(`/tx/${'ab'.repeat(32)}`, 404, 'Transaction not found');
    await expectError(`/tx/${'ab'.repeat(32)}/hex`, 404, 'Transaction not found');
    await expectError('/tx/not-a-txid', 400, 'Invalid hex string');
  });

  it('serves address and scripthash stats', async () => {
    const stats = (await getJson(`/address/${alicePayment.address}`)) as Record<string, Record<string, number>>;
    expectShape(stats, { address: 'string', chain_stats: 'object', mempool_stats: 'object' });
    expectShape(stats.chain_stats, STATS_SHAPE);
    expect(stats.chain_stats).toEqual({ funded_txo_count: 1, funded_txo_sum: 200_000, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 1 });
    expect(stats.mempool_stats).toEqual({ funded_txo_count: 1, funded_txo_sum: 49_000, spent_txo_count: 1, spent_txo_sum: 200_000, tx_count: 1 });

    const scripthash = toHex(sha256(alicePayment.script));
    const byHash = (await getJson(`/scripthash/${scripthash}`)) as Record<string, unknown>;
    expectShape(byHash, { scripthash: 'string', chain_stats: 'object', mempool_stats: 'object' });
    expect(byHash.chain_stats).toEqual(stats.chain_stats);
    expect(byHash.mempool_stats).toEqual(stats.mempool_stats);

    await expectError('/address/bcrt1qnotanaddress', 400, /^Invalid address/);
    await expectError('/address/bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 400, 'Address on invalid network');
    await expectError('/scripthash/xyz', 400, 'Invalid scripthash');
  });

  it('serves UTXOs with their status', async () => {
    const utxos = (await getJson(`/address/${bobPayment.address}/utxo`)) as Record<string, unknown>[];
    expect(utxos).toHaveLength(1);
    expectShape(utxos[0], { txid: 'hash', vout: 'number', status: 'object', value: 'number' });
    expect(utxos[0]).toEqual({ txid: pendingSpend, vout: 0, status: { confirmed: false }, value: 150_000 });
    const carolUtxos = (await getJson(`/scripthash/${toHex(sha256(carolPayment.script))}/utxo`)) as Record<string, unknown>[];
    expect(carolUtxos).toEqual([{ txid: p2wshSpend, vout: 0, status: expect.objectContaining({ confirmed: true }), value: 49_000 }]);
    expect(await getJson(`/address/${alicePayment.address}/utxo`)).toEqual([
      { txid: pendingSpend, vout: 1, status: { confirmed: false }, value: 49_000 },
    ]);
  });

  it('pages address history: mempool first, then confirmed newest first, 25 per page', async () => {
    const dave = p2wpkhOf(makeKey('esplora dave'));
    const sent = Array.from({ length: 30 }, (_, i) => faucet.send(dave.address as string, 10_000n + BigInt(i)));
    chain.mine(1);
    const unconfirmed = faucet.send(dave.address as string, 20_000n);
    const newestFirst = [...sent].reverse();

    const first = (await getJson(`/address/${dave.address}/txs`)) as { txid: string }[];
    expect(first.map((tx) => tx.txid)).toEqual([unconfirmed, ...newestFirst.slice(0, 25)]);
    expectShape(first[0], TX_SHAPE);
    const chainPage = (await getJson(`/address/${dave.address}/txs/chain`)) as { txid: string }[];
    expect(chainPage.map((tx) => tx.txid)).toEqual(newestFirst.slice(0, 25));
    const second = (await getJson(`/address/${dave.address}/txs/chain/${newestFirst[24]}`)) as { txid: string }[];
    expect(second.map((tx) => tx.txid)).toEqual(newestFirst.slice(25));
    const mempoolOnly = (await getJson(`/address/${dave.address}/txs/mempool`)) as { txid: string }[];
    expect(mempoolOnly.map((tx) => tx.txid)).toEqual([unconfirmed]);
    await expectError(`/address/${dave.address}/txs/chain/zz`, 400, 'Invalid hex string');
  });

  it('serves mempool statistics and fee estimates', async () => {
    const mempool = (await getJson('/mempool')) as { count: number; fee_histogram: [number, number][] };
    expectShape(mempool, { count: 'number', vsize: 'number', total_fee: 'number', fee_histogram: 'array' });
    expect(mempool.count).toBe(chain.mempoolEntries().length);
    expect(mempool.fee_histogram[0]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(await getJson('/mempool/txids')).toEqual(chain.mempoolEntries().map((entry) => entry.tx.txid));
    const estimates = (await getJson('/fee-estimates')) as Record<string, number>;
    expect(Object.keys(estimates)).toEqual(expect.arrayContaining(['1', '2', '3', '6', '25', '144', '504', '1008']));
    expect(Object.values(estimates).every((rate) => typeof rate === 'number' && rate >= 1)).toBe(true);
  });

  it('broadcasts with POST /tx and reports rejections like Esplora', async () => {
    const coin = fund(chain, faucet, carolPayment.script, 30_000n);
    const raw = spendP2wpkh(coin, carol, [{ script: alicePayment.script, amount: 29_000n }]);
    const accepted = await post(toHex(raw));
    expect(accepted.status).toBe(200);
    const txid = await accepted.text();
    expect(chain.getTransaction(txid)).toBeDefined();
    // Sending it again is fine, as with bitcoind.
    expect(await (await post(`${toHex(raw)}\n`)).text()).toBe(txid);

    const doubleSpend = spendP2wpkh(coin, carol, [{ script: carolPayment.script, amount: 29_000n }], { sequence: 0xffffffff });
    await expectError('/tx', 400, /^sendrawtransaction RPC error: \{"code":-26,"message":"insufficient fee, rejecting replacement/, {
      method: 'POST',
      body: toHex(doubleSpend),
    });
    const ghost = spendP2wpkh({ ...coin, txid: 'cd'.repeat(32) }, carol, [{ script: carolPayment.script, amount: 29_000n }]);
    await expectError('/tx', 400, 'sendrawtransaction RPC error: {"code":-25,"message":"bad-txns-inputs-missingorspent"}', {
      method: 'POST',
      body: toHex(ghost),
    });
    await expectError('/tx', 400, 'sendrawtransaction RPC error: {"code":-22,"message":"TX decode failed. Make sure the tx has at least one input."}', {
      method: 'POST',
      body: 'zz',
    });
  });

  it('answers unknown endpoints with 404', async () => {
    await expectError('/nope', 404, 'endpoint does not exist "/nope"');
    await expectError('/blocks/tip/nope', 404, 'endpoint does not exist "/blocks/tip/nope"');
    await expectError('/tx/abc', 404, 'endpoint does not exist "/tx/abc"', { method: 'DELETE' });
    await expectError('/tx', 413, 'Request body too large', { method: 'POST', body: 'ab'.repeat(600_000) });
  });
});
