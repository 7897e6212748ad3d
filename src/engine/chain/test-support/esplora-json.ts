/** Tests only: well-formed Esplora JSON to start from (and then break). */
export const TXID_A = 'aa'.repeat(32);
export const TXID_B = 'bb'.repeat(32);
export const BLOCK_HASH = 'cc'.repeat(32);
export const SCRIPT_IN = `0014${'11'.repeat(20)}`;
export const SCRIPT_OUT = `0014${'22'.repeat(20)}`;

export function statusJson(confirmed = true): Record<string, unknown> {
  return confirmed ? { confirmed: true, block_height: 5, block_hash: BLOCK_HASH, block_time: 1_700_000_000 } : { confirmed: false };
}

export function txJson(txid = TXID_A, confirmed = true): Record<string, unknown> {
  return {
    txid,
    version: 2,
    locktime: 0,
    vin: [
      {
        txid: TXID_B,
        vout: 0,
        prevout: { scriptpubkey: SCRIPT_IN, scriptpubkey_asm: 'OP_0 OP_PUSHBYTES_20 11..', scriptpubkey_type: 'v0_p2wpkh', value: 10_000 },
        scriptsig: '',
        scriptsig_asm: '',
        witness: [],
        is_coinbase: false,
        sequence: 0xffff_fffd,
      },
    ],
    vout: [{ scriptpubkey: SCRIPT_OUT, scriptpubkey_asm: '', scriptpubkey_type: 'v0_p2wpkh', scriptpubkey_address: 'bcrt1qexample', value: 9_000 }],
    size: 191,
    weight: 437,
    fee: 1_000,
    status: statusJson(confirmed),
  };
}

export function statsJson(chain = { funded: 1, fundedSum: 9_000, spent: 0, spentSum: 0, txs: 1 }): Record<string, unknown> {
  const stats = (s: typeof chain) => ({
    funded_txo_count: s.funded,
    funded_txo_sum: s.fundedSum,
    spent_txo_count: s.spent,
    spent_txo_sum: s.spentSum,
    tx_count: s.txs,
  });
  return { address: 'bcrt1qexample', chain_stats: stats(chain), mempool_stats: stats({ funded: 0, fundedSum: 0, spent: 0, spentSum: 0, txs: 0 }) };
}
