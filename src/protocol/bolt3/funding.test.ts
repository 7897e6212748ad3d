import { describe, expect, it } from 'vitest';
import { compactToDer, signEcdsa } from '../bitcoin/ecdsa.ts';
import { LeWriter } from '../bitcoin/encoding.ts';
import { parseTx } from '../bitcoin/parse.ts';
import { ScriptBuilder, p2wpkh, p2wsh } from '../bitcoin/script.ts';
import { SIGHASH_ALL } from '../bitcoin/sighash.ts';
import { compareOutputs, encodeTx, txWeight, txid, type Transaction } from '../bitcoin/tx.ts';
import { concat, fromHex, hex, reversed } from '../codec/bytes.ts';
import { doubleSha256, publicKey } from '../crypto/index.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { weightToFeeSat } from './fees.ts';
import { fundingScript } from './scripts.ts';

interface FundingVectors {
  block1_coinbase_tx: string;
  block1_coinbase_privkey: string;
  local_funding_pubkey: string;
  remote_funding_pubkey: string;
  funding_witness_script_comment: string;
  input_txid: string;
  input_index: number;
  input_satoshis: number;
  funding_satoshis: number;
  feerate_per_kw_comment: number;
  change_satoshis: number;
  funding_output_index: number;
  funding_tx: string;
  funding_txid_comment: string;
}
const v = loadVectors<FundingVectors>('bolt03-funding-tx.json');

/**
 * The vector's funding input is a legacy P2PKH coinbase output, which the wallet itself never
 * signs; its pre-segwit SIGHASH_ALL digest is spelled out here so the whole tx can be checked.
 */
function legacySighashAll(tx: Transaction, prevoutScript: Uint8Array): Uint8Array {
  const [input] = tx.inputs;
  const unsigned = encodeTx({ ...tx, inputs: [{ ...input!, scriptSig: prevoutScript }] }, false);
  const type = new LeWriter(4);
  type.u32(SIGHASH_ALL);
  return doubleSha256(concat(unsigned, type.finish()));
}

describe('funding transaction (BOLT 3 Appendix B)', () => {
  const script = fundingScript(fromHex(v.local_funding_pubkey), fromHex(v.remote_funding_pubkey));

  it('the 2-of-2 funding script sorts the keys, whichever order they are given in', () => {
    expect(hex(script)).toBe(v.funding_witness_script_comment);
    expect(fundingScript(fromHex(v.remote_funding_pubkey), fromHex(v.local_funding_pubkey))).toEqual(script);
  });

  it('builds, signs and identifies the funding transaction', () => {
    const coinbase = parseTx(fromHex(v.block1_coinbase_tx));
    expect(hex(reversed(txid(coinbase)))).toBe(v.input_txid);
    const prevout = coinbase.outputs[v.input_index]!;
    expect(prevout.value).toBe(BigInt(v.input_satoshis));

    const privkey = fromHex(v.block1_coinbase_privkey).subarray(0, 32);
    const pubkey = publicKey(privkey);
    const input = { txid: reversed(fromHex(v.input_txid)), vout: v.input_index, sequence: 0xffffffff };
    const unsigned: Transaction = {
      version: 2,
      locktime: 0,
      inputs: [{ ...input, scriptSig: new Uint8Array(0), witness: [] }],
      outputs: [
        { value: BigInt(v.funding_satoshis), script: p2wsh(script) },
        { value: BigInt(v.change_satoshis), script: p2wpkh(pubkey) },
      ].sort(compareOutputs),
    };
    expect(unsigned.outputs[v.funding_output_index]!.script).toEqual(p2wsh(script));

    const digest = legacySighashAll(unsigned, prevout.script);
    const signature = concat(compactToDer(signEcdsa(digest, privkey)), Uint8Array.of(SIGHASH_ALL));
    const scriptSig = new ScriptBuilder().data(signature).data(pubkey).build();
    const signed: Transaction = { ...unsigned, inputs: [{ ...unsigned.inputs[0]!, scriptSig }] };
    expect(hex(encodeTx(signed))).toBe(v.funding_tx);
    expect(hex(reversed(txid(signed)))).toBe(v.funding_txid_comment);

    const fee = BigInt(v.input_satoshis - v.funding_satoshis - v.change_satoshis);
    expect(fee).toBe(weightToFeeSat(v.feerate_per_kw_comment, txWeight(signed)));
  });
});
