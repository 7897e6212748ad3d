/** Esplora's REST routes over the devnet chain, independent of the HTTP plumbing. */
import { AddressError, addressToScript } from '../chain/address.ts';
import { merkleBranch, serializeBlock } from '../chain/block.ts';
import { displayToHash, fromHex, hashToDisplay, isHex, toHex } from '../chain/bytes.ts';
import type { Chain, TxLookup } from '../chain/chain.ts';
import { ChainRejection } from '../chain/source.ts';
import { parseTx } from '../chain/tx.ts';
import {
  blockJson,
  blockStatusJson,
  mempoolJson,
  outspendJson,
  statsJson,
  statusJson,
  txJson,
  type TxJson,
} from './json.ts';

/** What the explorer reads from the chain. */
export type EsploraChain = Pick<
  Chain,
  | 'height'
  | 'blockByHeight'
  | 'blockByHash'
  | 'lookupTransaction'
  | 'spenderOf'
  | 'confirmedHistory'
  | 'mempoolHistory'
  | 'scriptStats'
  | 'utxosForScript'
  | 'mempoolEntries'
  | 'feeEstimates'
  | 'submitTransaction'
  | 'scriptForHash'
>;

export interface EsploraResponse {
  status: number;
  contentType: 'application/json' | 'text/plain' | 'application/octet-stream';
  body: string | Uint8Array;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const CHAIN_TXS_PER_PAGE = 25;
export const MAX_MEMPOOL_TXS = 50;
const BLOCKS_PER_PAGE = 10;

const json = (value: unknown): EsploraResponse => ({ status: 200, contentType: 'application/json', body: JSON.stringify(value) });
const text = (value: string | number): EsploraResponse => ({ status: 200, contentType: 'text/plain', body: String(value) });
const notFound = (message: string): HttpError => new HttpError(404, message);

function parseHash(value: string): string {
  if (!isHex(value, 32)) throw new HttpError(400, 'Invalid hex string');
  return value.toLowerCase();
}

function parseNumber(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new HttpError(400, 'Invalid number');
  return Number(value);
}

function parseScript(kind: string, value: string): Uint8Array | { scripthash: string } {
  if (kind === 'address') {
    try {
      return addressToScript(value);
    } catch (error) {
      if (error instanceof AddressError) throw new HttpError(400, error.message);
      throw error;
    }
  }
  if (!isHex(value, 32)) throw new HttpError(400, 'Invalid scripthash');
  return { scripthash: value.toLowerCase() };
}

export function handleRequest(chain: EsploraChain, method: string, path: string, body: string): EsploraResponse {
  const parts = path.split('/').slice(1);
  if (method === 'POST') {
    if (parts.length === 1 && parts[0] === 'tx') return broadcast(chain, body);
    throw notFound(`endpoint does not exist ${JSON.stringify(path)}`);
  }
  if (method !== 'GET') throw notFound(`endpoint does not exist ${JSON.stringify(path)}`);
  const [root, a, b, c, d, ...rest] = parts;
  const response = rest.length === 0 ? route(chain, root, a, b, c, d) : undefined;
  if (!response) throw notFound(`endpoint does not exist ${JSON.stringify(path)}`);
  return response;
}

function route(
  chain: EsploraChain,
  root: string | undefined,
  a: string | undefined,
  b: string | undefined,
  c: string | undefined,
  d: string | undefined,
): EsploraResponse | undefined {
  switch (root) {
    case 'blocks':
      if (a === 'tip' && b === 'height' && c === undefined) return text(chain.height);
      if (a === 'tip' && b === 'hash' && c === undefined) return text(chain.blockByHeight(chain.height)?.hash ?? '');
      if (b === undefined) return blocks(chain, a === undefined ? chain.height : parseNumber(a));
      return undefined;
    case 'block-height':
      if (a !== undefined && b === undefined) {
        const block = chain.blockByHeight(parseNumber(a));
        if (!block) throw notFound('Block not found');
        return text(block.hash);
      }
      return undefined;
    case 'block':
      return a === undefined || d !== undefined ? undefined : blockRoute(chain, parseHash(a), b, c);
    case 'tx':
      return a === undefined || d !== undefined ? undefined : txRoute(chain, parseHash(a), b, c);
    case 'address':
    case 'scripthash':
      return a === undefined ? undefined : scriptRoute(chain, root, a, b, c, d);
    case 'mempool':
      if (b !== undefined) return undefined;
      if (a === undefined) return json(mempoolJson(chain.mempoolEntries()));
      if (a === 'txids') return json(chain.mempoolEntries().map((entry) => entry.tx.txid));
      if (a === 'recent') {
        const recent = chain.mempoolEntries().slice(-10).reverse();
        return json(recent.map((entry) => ({
          txid: entry.tx.txid,
          fee: Number(entry.fee),
          vsize: entry.tx.vsize,
          value: Number(entry.tx.outputs.reduce((sum, output) => sum + output.value, 0n)),
        })));
      }
      return undefined;
    case 'fee-estimates':
      return a === undefined ? json(chain.feeEstimates()) : undefined;
    default:
      return undefined;
  }
}

function blocks(chain: EsploraChain, start: number): EsploraResponse {
  if (!chain.blockByHeight(start)) throw notFound('Block not found');
  const list = [];
  for (let height = start; height >= 0 && list.length < BLOCKS_PER_PAGE; height--) {
    const block = chain.blockByHeight(height);
    if (block) list.push(blockJson(block));
  }
  return json(list);
}

function blockRoute(chain: EsploraChain, hash: string, sub: string | undefined, arg: string | undefined): EsploraResponse | undefined {
  const block = chain.blockByHash(hash);
  if (sub === 'status' && arg === undefined) return json(blockStatusJson(block, block && chain.blockByHeight(block.height + 1)));
  if (sub !== undefined && !['header', 'txids', 'txs', 'txid', 'raw'].includes(sub)) return undefined;
  if (!block) throw notFound('Block not found');
  if (sub === undefined) return json(blockJson(block));
  if (sub === 'header' && arg === undefined) return text(toHex(block.headerBytes));
  if (sub === 'txids' && arg === undefined) return json(block.txs.map((tx) => tx.txid));
  if (sub === 'raw' && arg === undefined) {
    return { status: 200, contentType: 'application/octet-stream', body: serializeBlock(block.headerBytes, block.txs) };
  }
  if (sub === 'txid' && arg !== undefined) {
    const tx = block.txs[parseNumber(arg)];
    if (!tx) throw notFound('tx index out of range');
    return text(tx.txid);
  }
  if (sub === 'txs') {
    const start = arg === undefined ? 0 : parseNumber(arg);
    if (start % CHAIN_TXS_PER_PAGE !== 0) throw new HttpError(400, `start index must be a multiple of ${CHAIN_TXS_PER_PAGE}`);
    const page = block.txs.slice(start, start + CHAIN_TXS_PER_PAGE);
    return json(page.map((tx) => txJson(chain.lookupTransaction(tx.txid) as TxLookup)));
  }
  return undefined;
}

function txRoute(chain: EsploraChain, txid: string, sub: string | undefined, arg: string | undefined): EsploraResponse | undefined {
  if (sub === 'status' && arg === undefined) {
    // Like electrs: an unknown txid is simply "not confirmed".
    return json(statusJson(chain.lookupTransaction(txid)?.block));
  }
  if (sub === 'outspend' && arg !== undefined) {
    const spender = chain.spenderOf(txid, parseNumber(arg));
    return json(outspendJson(spender, spender?.height === undefined ? undefined : chain.blockByHeight(spender.height)));
  }
  if (sub === 'merkle-proof' && arg === undefined) {
    const found = chain.lookupTransaction(txid);
    if (!found?.block || found.position === undefined) throw notFound('Transaction not found or is unconfirmed');
    const leaves = found.block.txs.map((tx) => displayToHash(tx.txid));
    return json({
      block_height: found.block.height,
      merkle: merkleBranch(leaves, found.position).map(hashToDisplay),
      pos: found.position,
    });
  }
  if (arg !== undefined || (sub !== undefined && !['hex', 'raw', 'outspends'].includes(sub))) return undefined;
  const found = chain.lookupTransaction(txid);
  if (!found) throw notFound('Transaction not found');
  if (sub === undefined) return json(txJson(found));
  if (sub === 'hex') return text(toHex(found.tx.raw));
  if (sub === 'raw') return { status: 200, contentType: 'application/octet-stream', body: found.tx.raw };
  return json(
    found.tx.outputs.map((_, vout) => {
      const spender = chain.spenderOf(txid, vout);
      return outspendJson(spender, spender?.height === undefined ? undefined : chain.blockByHeight(spender.height));
    }),
  );
}

function scriptRoute(
  chain: EsploraChain,
  kind: 'address' | 'scripthash',
  value: string,
  sub: string | undefined,
  arg: string | undefined,
  lastSeen: string | undefined,
): EsploraResponse | undefined {
  const parsed = parseScript(kind, value);
  // A scripthash (sha256 of the script, in natural byte order) can only be answered for scripts the chain has seen.
  const script = parsed instanceof Uint8Array ? parsed : chain.scriptForHash(parsed.scripthash);
  if (sub === undefined) {
    const stats = script ? chain.scriptStats(script) : undefined;
    const empty = { fundedCount: 0, fundedSum: 0n, spentCount: 0, spentSum: 0n, txCount: 0 };
    return json({ [kind]: value, chain_stats: statsJson(stats?.chain ?? empty), mempool_stats: statsJson(stats?.mempool ?? empty) });
  }
  if (sub === 'utxo' && arg === undefined) {
    const utxos = script ? chain.utxosForScript(script) : [];
    return json(
      utxos.map((utxo) => ({
        txid: utxo.txid,
        vout: utxo.vout,
        status: statusJson(utxo.height === undefined ? undefined : chain.blockByHeight(utxo.height)),
        value: Number(utxo.value),
      })),
    );
  }
  if (sub !== 'txs') return undefined;
  if (arg === undefined) return json([...mempoolTxs(chain, script), ...confirmedTxs(chain, script, undefined)]);
  if (arg === 'mempool' && lastSeen === undefined) return json(mempoolTxs(chain, script));
  if (arg === 'chain') return json(confirmedTxs(chain, script, lastSeen === undefined ? undefined : parseHash(lastSeen)));
  return undefined;
}

function mempoolTxs(chain: EsploraChain, script: Uint8Array | undefined): TxJson[] {
  if (!script) return [];
  return chain
    .mempoolHistory(script)
    .slice(0, MAX_MEMPOOL_TXS)
    .map((entry) => txJson(chain.lookupTransaction(entry.tx.txid) as TxLookup));
}

function confirmedTxs(chain: EsploraChain, script: Uint8Array | undefined, lastSeen: string | undefined): TxJson[] {
  if (!script) return [];
  const newestFirst = [...chain.confirmedHistory(script)].reverse();
  let start = 0;
  if (lastSeen !== undefined) {
    const index = newestFirst.findIndex((entry) => entry.txid === lastSeen);
    if (index < 0) return [];
    start = index + 1;
  }
  return newestFirst
    .slice(start, start + CHAIN_TXS_PER_PAGE)
    .map((entry) => txJson(chain.lookupTransaction(entry.txid) as TxLookup));
}

/** Bitcoind's sendrawtransaction error codes, as Esplora forwards them. */
function broadcast(chain: EsploraChain, body: string): EsploraResponse {
  const rpcError = (code: number, message: string): HttpError =>
    new HttpError(400, `sendrawtransaction RPC error: ${JSON.stringify({ code, message })}`);
  const decodeFailed = rpcError(-22, 'TX decode failed. Make sure the tx has at least one input.');
  const hexBody = body.trim();
  if (hexBody.length === 0 || !isHex(hexBody)) throw decodeFailed;
  const raw = fromHex(hexBody);
  let txid: string;
  try {
    txid = parseTx(raw).txid;
  } catch {
    throw decodeFailed;
  }
  try {
    return text(chain.submitTransaction(raw));
  } catch (error) {
    if (!(error instanceof ChainRejection)) throw error;
    const message = error.detail ? `${error.reason}, ${error.detail}` : error.reason;
    switch (error.reason) {
      case 'txn-already-in-mempool':
        // bitcoind treats re-sending a transaction it already has as a success.
        return text(txid);
      case 'bad-txns-inputs-missingorspent':
        throw rpcError(-25, message);
      case 'txn-already-known':
        throw rpcError(-27, 'Transaction outputs already in utxo set');
      default:
        throw rpcError(-26, message);
    }
  }
}
