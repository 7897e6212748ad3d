import { afterEach, describe, expect, it } from 'vitest';
import { encodeTx, txid as computeTxid } from '../../protocol/bitcoin/index.ts';
import { hex, reversed } from '../../protocol/codec/bytes.ts';
import { doubleSha256 } from '../../protocol/crypto/index.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { EsploraClient, type EsploraClientOptions } from './esplora-client.ts';
import { EsploraError } from './esplora-error.ts';
import { parseRetryAfter } from './esplora-http.ts';
import { always, sequence, startHostileServer, type Handler, type HostileServer } from './test-support/hostile-server.ts';
import { TXID_A, TXID_B, statsJson, txJson } from './test-support/esplora-json.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler, options: EsploraClientOptions = {}): Promise<EsploraClient> {
  server = await startHostileServer(handler);
  return new EsploraClient(server.url, { backoffMs: 5, timeoutMs: 2_000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<EsploraError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EsploraError);
    return error as EsploraError;
  }
  throw new Error('expected an EsploraError, but the call succeeded');
}

const text = (body: string, status = 200) => ({ status, body, headers: { 'Content-Type': 'text/plain' } });
const json = (value: unknown, status = 200) => ({ status, body: JSON.stringify(value) });

const sampleTx = encodeTx({
  version: 2,
  locktime: 0,
  inputs: [{ txid: new Uint8Array(32).fill(7), vout: 0, sequence: 0xffff_ffff, scriptSig: Uint8Array.of(0x51), witness: [] }],
  outputs: [{ value: 1_000n, script: Uint8Array.of(0x51) }],
});
const sampleTxid = hex(reversed(computeTxid({
  version: 2,
  locktime: 0,
  inputs: [{ txid: new Uint8Array(32).fill(7), vout: 0, sequence: 0xffff_ffff, scriptSig: Uint8Array.of(0x51), witness: [] }],
  outputs: [{ value: 1_000n, script: Uint8Array.of(0x51) }],
})));

describe('retries, rate limits and timeouts', () => {
  it('retries a 500 and then succeeds', async () => {
    const client = await serve(sequence(text('boom', 500), text('812')));
    expect(await client.tipHeight()).toBe(812);
    expect(client.requestCount).toBe(2);
  });

  it('gives up on a persistent 503 after the configured retries, naming the status', async () => {
    const client = await serve(always(text('<html><title>503 Service Unavailable</title></html>', 503)), { retries: 2 });
    const error = await failure(client.tipHash());
    expect(error.code).toBe('http');
    expect(error.details.status).toBe(503);
    expect(error.message).toContain('503 Service Unavailable');
    expect(server?.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    const client = await serve(sequence({ ...text('slow down', 429), headers: { 'Retry-After': '1' } }, text('812')));
    const started = Date.now();
    expect(await client.tipHeight()).toBe(812);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(client.requestCount).toBe(2);
  });

  it('fails at once when Retry-After asks for longer than it will wait, and says how long', async () => {
    const client = await serve(always({ ...text('slow down', 429), headers: { 'Retry-After': '3600' } }));
    const error = await failure(client.tipHeight());
    expect(error.code).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(3_600_000);
    expect(error.message).toContain('3600 s');
    expect(client.requestCount).toBe(1);
  });

  it('reports rate_limited when 429 persists through the retries', async () => {
    const client = await serve(always(text('slow down', 429)), { retries: 2 });
    expect((await failure(client.tipHeight())).code).toBe('rate_limited');
    expect(client.requestCount).toBe(3);
  });

  it('times out a server that never answers, once per attempt', async () => {
    const client = await serve(always({ hang: true }), { timeoutMs: 150, retries: 1 });
    const started = Date.now();
    const error = await failure(client.tipHash());
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/within 0.15 s/);
    expect(client.requestCount).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out a body that starts but never ends', async () => {
    const client = await serve(always({ body: '{"txid":', stallAfterHeaders: true }), { timeoutMs: 150, retries: 0 });
    expect((await failure(client.tx(TXID_A))).code).toBe('timeout');
  });

  it('recovers from a dropped connection', async () => {
    const client = await serve(sequence({ destroy: true }, text('812')));
    expect(await client.tipHeight()).toBe(812);
    expect(client.requestCount).toBe(2);
  });

  it('reports a network error when nothing listens', async () => {
    const closed = await startHostileServer(always(text('1')));
    await closed.close();
    const client = new EsploraClient(closed.url, { retries: 1, backoffMs: 5 });
    const error = await failure(client.tipHeight());
    expect(error.code).toBe('network');
    expect(error.message).toContain('could not reach');
    expect(error.message).toContain('2 attempts');
  });
});

describe('hostile bodies', () => {
  it('refuses a body declared larger than the bound', async () => {
    const client = await serve(always(json([...Array(500)].map(() => txJson()))), { maxResponseBytes: 10_000 });
    expect((await failure(client.addressTxs({ address: 'bcrt1qexample' }))).code).toBe('too_large');
  });

  it('refuses a chunked body that grows past the bound', async () => {
    const body = `[${'0,'.repeat(20_000)}0]`;
    const client = await serve(always({ body, headers: { 'Transfer-Encoding': 'chunked' } }), { maxResponseBytes: 10_000 });
    expect((await failure(client.utxos({ address: 'bcrt1qexample' }))).code).toBe('too_large');
  });

  it('names the HTML page a proxy served instead of data, and hints at the API base', async () => {
    const page = '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>checking your browser</body></html>';
    const client = await serve(always({ body: page, headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(client.addressStats({ address: 'bcrt1qexample' }));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('"Just a moment..."');
    expect(error.message).toContain('API base');
  });

  it('maps 404 to not_found with the server text', async () => {
    const client = await serve(always(text('Transaction not found', 404)));
    const error = await failure(client.tx(TXID_A));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('Transaction not found');
  });

  it('maps other 4xx to http, not retried', async () => {
    const client = await serve(always(text('Invalid hex string', 400)));
    expect((await failure(client.tx(TXID_A))).code).toBe('http');
    expect(client.requestCount).toBe(1);
  });

  it('rejects truncated JSON', async () => {
    const client = await serve(always({ body: JSON.stringify(txJson()).slice(0, 120) }));
    const error = await failure(client.tx(TXID_A));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('do not parse');
  });

  it('rejects wrong types and names the field', async () => {
    const tx = txJson();
    (tx.vout as Record<string, unknown>[])[0]!.value = '9000';
    const client = await serve(always(json(tx)));
    const error = await failure(client.tx(TXID_A));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('tx.vout[0].value');
  });

  it('rejects missing fields', async () => {
    const tx = txJson();
    delete tx.status;
    const client = await serve(always(json(tx)));
    expect((await failure(client.tx(TXID_A))).message).toContain('tx.status should be an object, got nothing (missing)');
  });

  it('rejects absurdly long arrays', async () => {
    const client = await serve(always(json([...Array(300_000)].map(() => 0))));
    const error = await failure(client.utxos({ address: 'bcrt1qexample' }));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('an array of 0..100000');
  });

  it('rejects more transactions per page than Esplora ever sends', async () => {
    const client = await serve(always(json([...Array(101)].map((_, i) => txJson(i.toString(16).padStart(64, '0'))))));
    expect((await failure(client.addressTxs({ address: 'bcrt1qexample' }))).code).toBe('malformed');
  });

  it('rejects bytes that are not UTF-8', async () => {
    const client = await serve(always({ body: Uint8Array.of(0x22, 0xff, 0xfe, 0x22) }));
    expect((await failure(client.tipHash())).code).toBe('malformed');
  });

  it('rejects a transaction whose fee is not inputs minus outputs', async () => {
    const client = await serve(always(json({ ...txJson(), fee: 10 })));
    expect((await failure(client.tx(TXID_A))).message).toContain('inputs minus outputs');
  });

  it('rejects an answer about another transaction than asked', async () => {
    const client = await serve(always(json(txJson(TXID_B))));
    expect((await failure(client.tx(TXID_A))).code).toBe('malformed');
  });

  it('rejects address stats that claim more spent than funded, or negative sums', async () => {
    const spentTooMuch = statsJson({ funded: 1, fundedSum: 9_000, spent: 1, spentSum: 9_001, txs: 2 });
    const negative = statsJson({ funded: 1, fundedSum: -5, spent: 0, spentSum: 0, txs: 1 });
    const client = await serve(sequence(json(spentTooMuch), json(negative)));
    expect((await failure(client.addressStats({ address: 'bcrt1qexample' }))).message).toContain('spent_txo_sum');
    expect((await failure(client.addressStats({ address: 'bcrt1qexample' }))).message).toContain('funded_txo_sum');
  });

  it('rejects an out-of-range tip height and a short hash', async () => {
    const client = await serve(sequence(text('99999999999'), text('abcd')));
    expect((await failure(client.tipHeight())).code).toBe('malformed');
    expect((await failure(client.tipHash())).code).toBe('malformed');
  });

  it('checks that tx hex hashes to the txid asked for', async () => {
    const client = await serve(always(text(hex(sampleTx))));
    expect(await client.txHex(sampleTxid)).toEqual(sampleTx);
    expect((await failure(client.txHex(TXID_A))).message).toContain(`txid ${sampleTxid}`);
  });

  it('checks that a block header hashes to the block asked for', async () => {
    const header = new Uint8Array(80).fill(3);
    const hash = hex(reversed(doubleSha256(header)));
    const client = await serve(always(text(hex(header))));
    expect((await client.blockHeader(hash)).hash).toBe(hash);
    expect((await failure(client.blockHeader(TXID_A))).code).toBe('malformed');
  });

  it('detects a server on another network', async () => {
    const client = await serve(always(text(NETWORKS.mainnet.genesisHash)));
    const error = await failure(client.verifyNetwork('regtest'));
    expect(error.code).toBe('wrong_network');
    expect(error.message).toContain('follows mainnet');
  });
});

describe('broadcast', () => {
  it('surfaces a rejection in the node\'s own words', async () => {
    const body = 'sendrawtransaction RPC error: {"code":-26,"message":"min relay fee not met, 100 < 141"}';
    const client = await serve(always(text(body, 400)));
    const error = await failure(client.broadcast(sampleTx));
    expect(error.code).toBe('rejected');
    expect(error.details.serverMessage).toBe('min relay fee not met, 100 < 141');
    expect(error.message).toContain(sampleTxid);
  });

  it('takes "already in mempool" as success', async () => {
    const client = await serve(always(text('sendrawtransaction RPC error: {"code":-27,"message":"txn-already-in-mempool"}', 400)));
    expect(await client.broadcast(hex(sampleTx))).toBe(sampleTxid);
  });

  it('rejects a success answer carrying another txid', async () => {
    const client = await serve(always(text(TXID_A)));
    expect((await failure(client.broadcast(sampleTx))).code).toBe('malformed');
    expect(server?.requests[0]).toMatchObject({ method: 'POST', path: '/tx', body: hex(sampleTx) });
  });

  it('refuses to send bytes that are not a transaction', async () => {
    const client = await serve(always(text(TXID_A)));
    await expect(client.broadcast('00ff')).rejects.toBeInstanceOf(RangeError);
    expect(client.requestCount).toBe(0);
  });
});

describe('backoff', () => {
  it('doubles the delay per attempt with jitter between half and all of the step, capped', async () => {
    const delays: number[] = [];
    const options = { retries: 4, backoffMs: 100, maxBackoffMs: 500, sleep: async (ms: number) => void delays.push(ms) };
    const low = await serve(always(text('down', 502)), { ...options, random: () => 0 });
    await failure(low.tipHeight());
    expect(delays).toEqual([50, 100, 200, 250]);
    delays.length = 0;
    const high = new EsploraClient(server!.url, { ...options, random: () => 1 });
    await failure(high.tipHeight());
    expect(delays).toEqual([100, 200, 400, 500]);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
