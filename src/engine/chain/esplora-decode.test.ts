import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAddressStats,
  decodeBlockStatus,
  decodeBlockSummary,
  decodeFeeEstimates,
  decodeHashText,
  decodeHeightText,
  decodeOutspend,
  decodeTx,
  decodeTxList,
  decodeTxStatus,
  decodeUtxos,
} from './esplora-decode.ts';
import { EsploraError } from './esplora-error.ts';
import type { AddressStats, EsploraTx, Outspend, TxOut, TxStatus } from './esplora-types.ts';
import { statsJson, txJson } from './test-support/esplora-json.ts';

const MAX_SATS = 2_100_000_000_000_000;
const isHash = (value: unknown): boolean => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const isInt = (value: unknown, min: number, max: number): boolean => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

// Independent statements of what a valid typed value is, checked on whatever a decoder returns.
function validStatus(status: TxStatus): boolean {
  if (!status.confirmed) return Object.keys(status).length === 1;
  return isInt(status.blockHeight, 0, 10_000_000) && isHash(status.blockHash) && isInt(status.blockTime, 0, 0xffff_ffff);
}
const validOut = (out: TxOut): boolean => /^([0-9a-f]{2})*$/.test(out.script) && isInt(out.value, 0, MAX_SATS);
function validTx(tx: EsploraTx): boolean {
  const coinbase = tx.vin.some((input) => input.isCoinbase);
  const inputs = tx.vin.reduce((sum, input) => sum + (input.prevout?.value ?? 0), 0);
  const outputs = tx.vout.reduce((sum, output) => sum + output.value, 0);
  return (
    isHash(tx.txid) &&
    tx.vin.length > 0 &&
    tx.vout.length > 0 &&
    tx.vin.every((input) => isHash(input.txid) && isInt(input.vout, 0, 0xffff_ffff) && (input.prevout === null) === input.isCoinbase && (input.prevout === null || validOut(input.prevout))) &&
    tx.vout.every(validOut) &&
    isInt(tx.fee, 0, MAX_SATS) &&
    (coinbase || inputs - outputs === tx.fee) &&
    validStatus(tx.status)
  );
}
function validStats(stats: AddressStats): boolean {
  const part = (s: AddressStats['chain']): boolean =>
    [s.txCount, s.fundedCount, s.spentCount].every((n) => isInt(n, 0, 1e9)) && [s.fundedSum, s.spentSum].every((n) => isInt(n, 0, MAX_SATS));
  return part(stats.chain) && part(stats.mempool) && stats.chain.spentSum <= stats.chain.fundedSum && stats.chain.spentCount <= stats.chain.fundedCount;
}
const validOutspend = (o: Outspend): boolean => !o.spent || (isHash(o.txid) && isInt(o.vin, 0, 1e6) && validStatus(o.status));

const decoders: [string, (value: unknown) => unknown, (value: never) => boolean][] = [
  ['tx', decodeTx, validTx],
  ['tx list', (v) => decodeTxList(v, 'txs'), (list: EsploraTx[]) => list.length <= 100 && list.every(validTx)],
  ['tx status', decodeTxStatus, validStatus],
  ['outspend', decodeOutspend, validOutspend],
  ['address stats', decodeAddressStats, validStats],
  ['utxos', decodeUtxos, (list: { txid: string; value: number; status: TxStatus }[]) => list.every((u) => isHash(u.txid) && isInt(u.value, 0, MAX_SATS) && validStatus(u.status))],
  ['fee estimates', decodeFeeEstimates, (list: { target: number; satPerVbyte: number }[]) => list.every((e) => isInt(e.target, 1, 1008) && Number.isFinite(e.satPerVbyte) && e.satPerVbyte >= 0)],
  ['block', decodeBlockSummary, (b: { hash: string; height: number; previousHash: string | null }) => isHash(b.hash) && isInt(b.height, 0, 1e7) && (b.height === 0) === (b.previousHash === null)],
  ['block status', decodeBlockStatus, (s: { inBestChain: boolean; height: number | null }) => !s.inBestChain || s.height !== null],
];

/** Runs a decoder: it must either return a valid value or throw EsploraError('malformed'), nothing else. */
function decodesSafely(decode: (value: unknown) => unknown, valid: (value: never) => boolean, input: unknown): boolean {
  let result: unknown;
  try {
    result = decode(input);
  } catch (error) {
    return error instanceof EsploraError && error.code === 'malformed';
  }
  return valid(result as never);
}

/** Every path into a JSON value, for mutation. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, i) => paths(item, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

function mutate(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

const validSamples: Record<string, unknown> = {
  tx: txJson(),
  'tx list': [txJson(), txJson('dd'.repeat(32), false)],
  'tx status': { confirmed: true, block_height: 1, block_hash: 'ab'.repeat(32), block_time: 1 },
  outspend: { spent: true, txid: 'ab'.repeat(32), vin: 0, status: { confirmed: false } },
  'address stats': statsJson(),
  utxos: [{ txid: 'ab'.repeat(32), vout: 1, value: 5, status: { confirmed: false } }],
  'fee estimates': { '1': 12.5, '6': 3, '144': 1 },
  block: { id: 'ab'.repeat(32), height: 7, previousblockhash: 'cd'.repeat(32), timestamp: 5, tx_count: 1 },
  'block status': { in_best_chain: true, height: 7, next_best: null },
};

describe('validators against arbitrary input', () => {
  for (const [name, decode, valid] of decoders) {
    it(`${name}: arbitrary JSON gives a valid value or EsploraError`, () => {
      fc.assert(fc.property(fc.jsonValue(), (input) => decodesSafely(decode, valid, input)), { numRuns: 300 });
    });

    it(`${name}: arbitrary JS values (prototype keys, NaN, -0…) give a valid value or EsploraError`, () => {
      fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (input) => decodesSafely(decode, valid, input)), { numRuns: 200 });
    });

    it(`${name}: a valid answer with any one part replaced gives a valid value or EsploraError`, () => {
      const sample = validSamples[name];
      expect(decodesSafely(decode, valid, sample)).toBe(true);
      const all = paths(sample);
      fc.assert(
        fc.property(fc.nat({ max: all.length - 1 }), fc.option(fc.jsonValue(), { nil: undefined }), (which, replacement) =>
          decodesSafely(decode, valid, mutate(sample, all[which] as (string | number)[], replacement)),
        ),
        { numRuns: 400 },
      );
    });
  }

  it('text answers: any string gives a height/hash or EsploraError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        for (const [decode, valid] of [
          [decodeHeightText, (h: unknown) => isInt(h, 0, 10_000_000)],
          [decodeHashText, isHash],
        ] as const) {
          if (!decodesSafely((v) => decode(v as string), valid as (v: never) => boolean, text)) return false;
        }
        return true;
      }),
    );
  });
});

describe('validators on well-formed answers', () => {
  const amounts = fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 5 });

  it('decodes any consistent transaction exactly', () => {
    fc.assert(
      fc.property(amounts, amounts, fc.boolean(), (inputs, outputs, confirmed) => {
        const fee = inputs.reduce((a, b) => a + b, 0) - outputs.reduce((a, b) => a + b, 0);
        fc.pre(fee >= 0);
        const base = txJson('ef'.repeat(32), confirmed);
        const vin0 = (base.vin as Record<string, unknown>[])[0] as Record<string, unknown>;
        const json = {
          ...base,
          vin: inputs.map((value, i) => ({ ...vin0, vout: i, prevout: { scriptpubkey: '51', value } })),
          vout: outputs.map((value) => ({ scriptpubkey: 'AB', value })),
          fee,
        };
        const tx = decodeTx(json);
        expect(tx.vin.map((input) => input.prevout?.value)).toEqual(inputs);
        expect(tx.vout.map((output) => output.value)).toEqual(outputs);
        expect(tx.vout[0]?.script).toBe('ab');
        expect(tx.fee).toBe(fee);
        expect(tx.status.confirmed).toBe(confirmed);
      }),
    );
  });

  it('accepts a coinbase with a null prevout and rejects a null prevout elsewhere', () => {
    const coinbase = { ...txJson(), fee: 0, vin: [{ txid: '00'.repeat(32), vout: 0xffff_ffff, prevout: null, is_coinbase: true, sequence: 0xffff_ffff }] };
    expect(decodeTx(coinbase).vin[0]?.isCoinbase).toBe(true);
    const notCoinbase = { ...coinbase, vin: [{ ...coinbase.vin[0], is_coinbase: false }] };
    expect(() => decodeTx(notCoinbase)).toThrow(/prevout should be the spent output/);
  });

  it('sorts fee estimates by target and rejects targets that are not block counts', () => {
    expect(decodeFeeEstimates({ '144': 1, '2': 10.5, '1': 20 })).toEqual([
      { target: 1, satPerVbyte: 20 },
      { target: 2, satPerVbyte: 10.5 },
      { target: 144, satPerVbyte: 1 },
    ]);
    expect(() => decodeFeeEstimates({ '0': 1 })).toThrow(EsploraError);
    expect(() => decodeFeeEstimates({ fast: 1 })).toThrow(EsploraError);
    expect(() => decodeFeeEstimates({ '1': -1 })).toThrow(EsploraError);
  });

  it('normalises hex to lower case and ignores fields it does not use', () => {
    const tx = decodeTx({ ...txJson('AB'.repeat(32)), sigops: 4, adjustedVsize: 110 });
    expect(tx.txid).toBe('ab'.repeat(32));
  });

  it('refuses a transaction listed twice in one page', () => {
    expect(() => decodeTxList([txJson(), txJson()], 'txs')).toThrow(/twice/);
  });
});
