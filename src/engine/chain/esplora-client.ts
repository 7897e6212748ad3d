/** A typed Esplora client: every answer is validated before anyone sees it. */
import { fromHex, hex, reversed } from '../../protocol/codec/bytes.ts';
import { DecodeError } from '../../protocol/codec/errors.ts';
import { parseTx, txid as computeTxid } from '../../protocol/bitcoin/index.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import { EsploraError } from './esplora-error.ts';
import { EsploraHttp, hostOf, summarizeBody, type EsploraHttpOptions, type HttpResult } from './esplora-http.ts';
import {
  decodeAddressStats,
  decodeBlockStatus,
  decodeBlockSummary,
  decodeFeeEstimates,
  decodeHashText,
  decodeHeaderText,
  decodeHeightText,
  decodeOutspend,
  decodeOutspends,
  decodeTx,
  decodeTxHexText,
  decodeTxList,
  decodeTxStatus,
  decodeUtxos,
} from './esplora-decode.ts';
import { mismatch } from './json-shape.ts';
import type {
  AddressStats,
  BlockHeader,
  BlockStatus,
  BlockSummary,
  EsploraTx,
  FeeEstimate,
  Outspend,
  ScriptRef,
  TxStatus,
  Utxo,
} from './esplora-types.ts';

export type EsploraClientOptions = EsploraHttpOptions;

const HASH = /^[0-9a-fA-F]{64}$/;
const ADDRESS = /^[a-zA-Z0-9]{1,100}$/;

function hashArg(value: string, what: string): string {
  if (!HASH.test(value)) throw new RangeError(`${what} must be 64 hex characters, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

function indexArg(value: number, what: string, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new RangeError(`${what} must be an integer in 0..${max}, got ${value}`);
  return value;
}

function scriptPath(ref: ScriptRef): string {
  if ('address' in ref) {
    if (!ADDRESS.test(ref.address)) throw new RangeError(`not an address: ${JSON.stringify(ref.address)}`);
    return `/address/${ref.address}`;
  }
  return `/scripthash/${hashArg(ref.scripthash, 'scripthash')}`;
}

export class EsploraClient {
  readonly #http: EsploraHttp;
  readonly #networkChecks = new Map<NetworkName, Promise<void>>();

  constructor(baseUrl: string, options: EsploraClientOptions = {}) {
    this.#http = new EsploraHttp(baseUrl, options);
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** HTTP requests sent so far, retries included: what the benchmark reads. */
  get requestCount(): number {
    return this.#http.requestCount;
  }

  // Blocks

  async tipHeight(): Promise<number> {
    return this.#text('/blocks/tip/height', 'the tip height', decodeHeightText);
  }

  async tipHash(): Promise<string> {
    return this.#text('/blocks/tip/hash', 'the tip hash', decodeHashText);
  }

  async blockHash(height: number): Promise<string> {
    return this.#text(`/block-height/${indexArg(height, 'height', 10_000_000)}`, `block ${height}`, decodeHashText);
  }

  async block(hash: string): Promise<BlockSummary> {
    const id = hashArg(hash, 'block hash');
    const block = await this.#json(`/block/${id}`, `block ${id}`, decodeBlockSummary);
    if (block.hash !== id) this.#mismatch(`/block/${id}`, `block ${id}`, `block ${block.hash}`);
    return block;
  }

  async blockStatus(hash: string): Promise<BlockStatus> {
    const id = hashArg(hash, 'block hash');
    return this.#json(`/block/${id}/status`, `block ${id}`, decodeBlockStatus);
  }

  /** The block's txids in block order: a transaction's position gives its short_channel_id. */
  async blockTxids(hash: string): Promise<string[]> {
    const id = hashArg(hash, 'block hash');
    return this.#json(`/block/${id}/txids`, `block ${id}`, (value) => {
      if (!Array.isArray(value)) throw new EsploraError('malformed', 'txids: expected an array');
      return value.map((item, i) => decodeHashText(String(item), `txids[${i}]`));
    });
  }

  async blockHeader(hash: string): Promise<BlockHeader> {
    const id = hashArg(hash, 'block hash');
    return this.#text(`/block/${id}/header`, `block ${id}`, (text) => decodeHeaderText(text, id));
  }

  // Transactions

  async tx(txid: string): Promise<EsploraTx> {
    const id = hashArg(txid, 'txid');
    const tx = await this.#json(`/tx/${id}`, `transaction ${id}`, decodeTx);
    if (tx.txid !== id) this.#mismatch(`/tx/${id}`, `transaction ${id}`, `transaction ${tx.txid}`);
    return tx;
  }

  async txHex(txid: string): Promise<Uint8Array> {
    const id = hashArg(txid, 'txid');
    return this.#text(`/tx/${id}/hex`, `transaction ${id}`, (text) => decodeTxHexText(text, id));
  }

  /** Esplora answers "unconfirmed" for a transaction it has never heard of. */
  async txStatus(txid: string): Promise<TxStatus> {
    const id = hashArg(txid, 'txid');
    return this.#json(`/tx/${id}/status`, `transaction ${id}`, decodeTxStatus);
  }

  async outspends(txid: string): Promise<Outspend[]> {
    const id = hashArg(txid, 'txid');
    return this.#json(`/tx/${id}/outspends`, `transaction ${id}`, decodeOutspends);
  }

  async outspend(txid: string, vout: number): Promise<Outspend> {
    const id = hashArg(txid, 'txid');
    return this.#json(`/tx/${id}/outspend/${indexArg(vout, 'vout', 0xffff_ffff)}`, `output ${id}:${vout}`, decodeOutspend);
  }

  // Addresses

  async addressStats(ref: ScriptRef): Promise<AddressStats> {
    return this.#json(scriptPath(ref), 'address', decodeAddressStats);
  }

  /** Mempool transactions (up to 50) then the newest confirmed page (25 on Esplora). */
  async addressTxs(ref: ScriptRef): Promise<EsploraTx[]> {
    return this.#json(`${scriptPath(ref)}/txs`, 'address', (value) => decodeTxList(value, 'txs'));
  }

  async addressMempoolTxs(ref: ScriptRef): Promise<EsploraTx[]> {
    return this.#json(`${scriptPath(ref)}/txs/mempool`, 'address', (value) => decodeTxList(value, 'txs'));
  }

  /** Confirmed transactions, newest first, the page after `afterTxid` (or the first page). */
  async addressChainTxs(ref: ScriptRef, afterTxid?: string): Promise<EsploraTx[]> {
    const after = afterTxid === undefined ? '' : `/${hashArg(afterTxid, 'txid')}`;
    const list = await this.#json(`${scriptPath(ref)}/txs/chain${after}`, 'address', (value) => decodeTxList(value, 'txs'));
    const unconfirmed = list.find((tx) => !tx.status.confirmed);
    if (unconfirmed) this.#mismatch(`${scriptPath(ref)}/txs/chain${after}`, 'confirmed transactions only', `unconfirmed ${unconfirmed.txid}`);
    return list;
  }

  async utxos(ref: ScriptRef): Promise<Utxo[]> {
    return this.#json(`${scriptPath(ref)}/utxo`, 'address', decodeUtxos);
  }

  // Fees and broadcast

  async feeEstimates(): Promise<FeeEstimate[]> {
    return this.#json('/fee-estimates', 'fee estimates', decodeFeeEstimates);
  }

  /** Sends a raw transaction; returns its txid, or throws EsploraError('rejected') with the node's reason. */
  async broadcast(tx: Uint8Array | string): Promise<string> {
    const rawHex = typeof tx === 'string' ? tx.trim().toLowerCase() : hex(tx);
    const txid = localTxid(rawHex);
    const result = await this.#http.request('POST', '/tx', rawHex);
    if (result.status === 200) {
      const answered = this.#decode(result, (text) => decodeHashText(text, 'txid'));
      if (answered !== txid) this.#mismatch('/tx', `txid ${txid}`, `txid ${answered}`);
      return txid;
    }
    if (result.status === 400) {
      const reason = rejectionReason(result.text);
      // Already known to the node: the broadcast's goal is met (this is also what a retried POST sees).
      if (/already[- ](in[- ](the[- ])?mempool|known|in[- ](the[- ])?utxo[- ]set|in[- ](the[- ])?block[- ]?chain)/i.test(reason)) return txid;
      throw new EsploraError('rejected', `the network rejected transaction ${txid}: ${reason}`, {
        request: result.request,
        status: 400,
        serverMessage: reason,
      });
    }
    throw this.#statusError(result, 'the broadcast');
  }

  /** Checks that the server follows `network` (its block 0 is that network's genesis); once per client when it does. */
  verifyNetwork(network: NetworkName): Promise<void> {
    let check = this.#networkChecks.get(network);
    if (!check) {
      check = this.#checkGenesis(network).catch((error: unknown) => {
        this.#networkChecks.delete(network);
        throw error;
      });
      this.#networkChecks.set(network, check);
    }
    return check;
  }

  async #checkGenesis(network: NetworkName): Promise<void> {
    const genesis = await this.blockHash(0);
    if (genesis === NETWORKS[network].genesisHash) return;
    const actual = Object.values(NETWORKS).find((n) => n.genesisHash === genesis)?.name;
    throw new EsploraError(
      'wrong_network',
      `the Esplora server at ${hostOf(this.baseUrl)} follows ${actual ?? 'an unknown chain'}, but this wallet is on ${network}; choose a ${network} server`,
      { request: `GET ${this.baseUrl}/block-height/0` },
    );
  }

  // Plumbing

  async #text<T>(path: string, what: string, decode: (text: string) => T): Promise<T> {
    const result = await this.#http.request('GET', path);
    if (result.status !== 200) throw this.#statusError(result, what);
    if (result.text.trimStart().startsWith('<')) throw htmlInsteadOfData(result);
    return this.#decode(result, decode);
  }

  async #json<T>(path: string, what: string, decode: (value: unknown) => T): Promise<T> {
    return this.#text(path, what, (text) => decode(parseJson(text)));
  }

  /** Decoder errors get the request and server named, so the message says who sent what. */
  #decode<T>(result: HttpResult, decode: (text: string) => T): T {
    try {
      return decode(result.text);
    } catch (error) {
      if (!(error instanceof EsploraError) || error.code !== 'malformed') throw error;
      throw new EsploraError('malformed', `${hostOf(result.request.split(' ')[1] ?? '')} sent an invalid answer to ${shortRequest(result)}: ${error.message}`, {
        request: result.request,
        status: result.status,
      });
    }
  }

  #mismatch(path: string, expected: string, actual: string): never {
    throw new EsploraError('malformed', `${hostOf(this.baseUrl)} answered ${path} with ${actual} instead of ${expected}`, {
      request: `GET ${this.baseUrl}${path}`,
    });
  }

  #statusError(result: HttpResult, what: string): EsploraError {
    const host = hostOf(result.request.split(' ')[1] ?? '');
    const details = { request: result.request, status: result.status };
    if (result.status === 404) return new EsploraError('not_found', `${what} is not known to ${host} (${summarizeBody(result.text)})`, details);
    return new EsploraError('http', `${host} answered ${shortRequest(result)} with HTTP ${result.status} (${summarizeBody(result.text)})`, details);
  }
}

function shortRequest(result: HttpResult): string {
  const [method = '', url = ''] = result.request.split(' ');
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return result.request;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return mismatch('the body', 'JSON', text.length === 0 ? 'an empty body' : `${text.length} characters that do not parse (truncated or not JSON)`);
  }
}

function htmlInsteadOfData(result: HttpResult): EsploraError {
  return new EsploraError(
    'malformed',
    `${hostOf(result.request.split(' ')[1] ?? '')} sent ${summarizeBody(result.text)} instead of Esplora data for ${shortRequest(result)}; ` +
      'check that the URL is the API base (e.g. https://mempool.space/api), not the website',
    { request: result.request, status: result.status },
  );
}

function localTxid(rawHex: string): string {
  if (rawHex.length === 0 || rawHex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(rawHex)) throw new RangeError('broadcast needs a raw transaction (bytes or hex)');
  try {
    return hex(reversed(computeTxid(parseTx(fromHex(rawHex)))));
  } catch (error) {
    if (error instanceof DecodeError) throw new RangeError(`not a valid transaction: ${error.message}`, { cause: error });
    throw error;
  }
}

/** bitcoind's message out of Esplora's "sendrawtransaction RPC error: {"code":-26,"message":"..."}". */
function rejectionReason(body: string): string {
  const json = /\{[\s\S]*\}\s*$/.exec(body)?.[0];
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
        return summarizeBody(parsed.message).replace(/^"|"$/g, '');
      }
    } catch {
      // Not JSON after all: fall through to the whole body.
    }
  }
  return summarizeBody(body).replace(/^"|"$/g, '');
}
