import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equal, fromHex, hex, reversed } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { parseTx } from './parse.ts';
import { encodeTx, hasWitness, txid, wtxid, type Transaction } from './tx.ts';

interface FundingVectors {
  block1_coinbase_tx: string;
  input_txid: string;
  funding_tx: string;
  funding_txid_comment: string;
}
interface StaticVectors {
  tests: { commit_tx: string; htlc_txs: { tx: string }[] }[];
}
interface AnchorVectors {
  tests: { ExpectedCommitmentTxHex: string; HtlcDescs: { ResolutionTxHex: string }[] }[];
}
const funding = loadVectors<FundingVectors>('bolt03-funding-tx.json');
const staticTests = loadVectors<StaticVectors>('bolt03-commitment-static-remotekey.json').tests;
const anchorTests = loadVectors<AnchorVectors>('bolt03-commitment-anchors.json').tests;

/** Every raw transaction in the BOLT 3 vectors, paired with the transaction its first input spends (if given). */
const chains: { tx: string; parent?: string }[] = [
  { tx: funding.block1_coinbase_tx },
  { tx: funding.funding_tx, parent: funding.block1_coinbase_tx },
  ...staticTests.flatMap((t) => [{ tx: t.commit_tx }, ...t.htlc_txs.map((h) => ({ tx: h.tx, parent: t.commit_tx }))]),
  ...anchorTests.flatMap((t) => [
    { tx: t.ExpectedCommitmentTxHex },
    ...t.HtlcDescs.map((h) => ({ tx: h.ResolutionTxHex, parent: t.ExpectedCommitmentTxHex })),
  ]),
];
const allTxs = chains.map((c) => fromHex(c.tx));

function decodeErrorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e.code;
    throw e;
  }
  return undefined;
}

describe('transaction serialisation', () => {
  it('parses and re-serialises every BOLT 3 vector transaction byte for byte', () => {
    for (const raw of allTxs) expect(hex(encodeTx(parseTx(raw)))).toBe(hex(raw));
  });

  it('computes the txids the vectors give, in display order', () => {
    expect(hex(reversed(txid(parseTx(fromHex(funding.block1_coinbase_tx)))))).toBe(funding.input_txid);
    expect(hex(reversed(txid(parseTx(fromHex(funding.funding_tx)))))).toBe(funding.funding_txid_comment);
  });

  it('gives each spending transaction the txid of its parent, ignoring witnesses', () => {
    for (const { tx, parent } of chains.filter((c) => c.parent)) {
      const parentTx = parseTx(fromHex(parent!));
      expect(parseTx(fromHex(tx)).inputs[0]!.txid).toEqual(txid(parentTx));
    }
  });

  it('wtxid differs from txid exactly when there is a witness', () => {
    for (const raw of allTxs) {
      const tx = parseTx(raw);
      expect(hex(wtxid(tx)) === hex(txid(tx))).toBe(!hasWitness(tx));
    }
  });

  it('does not let later changes to the input bytes alter a parsed transaction', () => {
    const raw = allTxs[1]!.slice();
    const tx = parseTx(raw);
    raw.fill(0);
    expect(hex(encodeTx(tx))).toBe(hex(allTxs[1]!));
  });
});

describe('transaction parser rejects malformed input', () => {
  const segwit = allTxs[2]!;
  const legacy = allTxs[1]!;

  it('truncation and trailing bytes', () => {
    for (const raw of [segwit, legacy]) {
      expect(decodeErrorCode(() => parseTx(raw.subarray(0, raw.length - 1)))).toBe('truncated');
      expect(decodeErrorCode(() => parseTx(Uint8Array.from([...raw, 0])))).toBe('trailing_bytes');
    }
  });

  it('an unknown flag, a witness flag with only empty witnesses, and absurd counts', () => {
    const badFlag = segwit.slice();
    badFlag[5] = 0x02;
    expect(decodeErrorCode(() => parseTx(badFlag))).toBe('invalid_encoding');

    const emptyWitness = encodeTx({ ...parseTx(legacy) }, true);
    expect(decodeErrorCode(() => parseTx(emptyWitness))).toBe('non_minimal');

    const hugeInputCount = Uint8Array.from([...legacy.subarray(0, 4), 0xfe, 0xff, 0xff, 0xff, 0x00, ...legacy.subarray(5)]);
    expect(decodeErrorCode(() => parseTx(hugeInputCount))).toBe('truncated');

    const nonMinimalCount = Uint8Array.from([...legacy.subarray(0, 4), 0xfd, 0x01, 0x00, ...legacy.subarray(5)]);
    expect(decodeErrorCode(() => parseTx(nonMinimalCount))).toBe('non_minimal');
  });

  it('no inputs, no outputs, or more than 21 million BTC in an output', () => {
    const tx = parseTx(segwit);
    expect(decodeErrorCode(() => parseTx(encodeTx({ ...tx, inputs: [] }, true)))).toBe('invalid_value');
    expect(decodeErrorCode(() => parseTx(encodeTx({ ...tx, outputs: [] })))).toBe('invalid_value');
    const rich = { ...tx, outputs: [{ ...tx.outputs[0]!, value: 2_100_000_000_000_001n }] };
    expect(decodeErrorCode(() => parseTx(encodeTx(rich)))).toBe('invalid_value');
  });

  const roundTrips = (tx: Transaction, input: Uint8Array) => {
    if (!equal(encodeTx(tx), input)) throw new Error(`accepted ${hex(input)} but re-serialised it differently`);
  };

  it('throws only DecodeError on arbitrary bytes, and what it accepts re-serialises identically', () => {
    assertOnlyDecodeErrors(fc.uint8Array({ maxLength: 300 }), parseTx, roundTrips);
  });

  it('throws only DecodeError on mutated valid transactions, and what it accepts re-serialises identically', () => {
    assertOnlyDecodeErrors(mutationsOf(allTxs), parseTx, roundTrips);
  });
});
