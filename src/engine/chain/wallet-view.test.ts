import { describe, expect, it } from 'vitest';
import { emptySyncState, type SyncState, type WalletTx } from './sync-state.ts';
import { nextUnusedIndex, walletBalance, walletHistory, walletUtxos } from './wallet-view.ts';

const id = (n: number): string => n.toString(16).padStart(64, '0');
const block = (height: number) => ({ height, hash: id(1000 + height), time: 1_600_000_000 + height });

function tx(n: number, fields: Partial<WalletTx>): WalletTx {
  return { txid: id(n), block: null, fee: 200, firstSeen: 1_700_000_000 + n, received: [], spent: [], ...fields };
}

/** Tip at 110. Confirmed: +50k (h100), +20k (h105), a payment of 30k spending the 50k with 19.8k change (h108).
 *  Unconfirmed: +7k incoming, and a payment spending the 20k coin with 5k change. */
function sampleState(): SyncState {
  const state = emptySyncState();
  state.tip = { hash: id(999), height: 110 };
  state.addresses = [
    [0, 1, 2].map((i) => ({ address: `bcrt1receive${i}`, script: `00${i}`, stats: null })),
    [0, 1].map((i) => ({ address: `bcrt1change${i}`, script: `01${i}`, stats: null })),
  ];
  const txs = [
    tx(1, { block: block(100), received: [{ vout: 0, value: 50_000, chain: 0, index: 0 }] }),
    tx(2, { block: block(105), received: [{ vout: 1, value: 20_000, chain: 0, index: 1 }] }),
    tx(3, { block: block(108), spent: [{ txid: id(1), vout: 0, value: 50_000, chain: 0, index: 0 }], received: [{ vout: 1, value: 19_800, chain: 1, index: 0 }] }),
    tx(4, { received: [{ vout: 0, value: 7_000, chain: 0, index: 2 }] }),
    tx(5, { spent: [{ txid: id(2), vout: 1, value: 20_000, chain: 0, index: 1 }], received: [{ vout: 0, value: 5_000, chain: 1, index: 1 }] }),
  ];
  for (const t of txs) state.txs[t.txid] = t;
  return state;
}

describe('wallet view', () => {
  it('splits the balance into confirmed, incoming and outgoing, and the total equals the UTXOs', () => {
    const state = sampleState();
    const balance = walletBalance(state);
    expect(balance).toEqual({ confirmed: 39_800, unconfirmedIncoming: 7_000, unconfirmedOutgoing: 15_000, total: 31_800 });
    expect(walletUtxos(state).reduce((sum, utxo) => sum + utxo.value, 0)).toBe(balance.total);
  });

  it('lists unspent outputs only, oldest first, with heights and confirmations', () => {
    expect(walletUtxos(sampleState())).toEqual([
      { txid: id(3), vout: 1, value: 19_800, chain: 1, index: 0, address: 'bcrt1change0', height: 108, confirmations: 3 },
      { txid: id(4), vout: 0, value: 7_000, chain: 0, index: 2, address: 'bcrt1receive2', height: null, confirmations: 0 },
      { txid: id(5), vout: 0, value: 5_000, chain: 1, index: 1, address: 'bcrt1change1', height: null, confirmations: 0 },
    ]);
  });

  it('lists history newest first with net amounts, fees and times', () => {
    expect(walletHistory(sampleState())).toEqual([
      { txid: id(5), net: -15_000, fee: 200, height: null, confirmations: 0, time: 1_700_000_005 },
      { txid: id(4), net: 7_000, fee: 200, height: null, confirmations: 0, time: 1_700_000_004 },
      { txid: id(3), net: -30_200, fee: 200, height: 108, confirmations: 3, time: 1_600_000_108 },
      { txid: id(2), net: 20_000, fee: 200, height: 105, confirmations: 6, time: 1_600_000_105 },
      { txid: id(1), net: 50_000, fee: 200, height: 100, confirmations: 11, time: 1_600_000_100 },
    ]);
  });

  it('never reports fewer than one confirmation for a transaction above the synced tip', () => {
    const state = sampleState();
    state.tip = { hash: id(999), height: 104 };
    expect(walletHistory(state).find((entry) => entry.txid === id(3))?.confirmations).toBe(1);
  });

  it('gives the index after the last used address', () => {
    const state = sampleState();
    const used = { txCount: 1, fundedCount: 1, fundedSum: 1, spentCount: 0, spentSum: 0 };
    const unused = { txCount: 0, fundedCount: 0, fundedSum: 0, spentCount: 0, spentSum: 0 };
    state.addresses[0][1]!.stats = { chain: used, mempool: unused };
    state.addresses[0][2]!.stats = { chain: unused, mempool: unused };
    expect(nextUnusedIndex(state, 0)).toBe(2);
    expect(nextUnusedIndex(state, 1)).toBe(0);
  });
});
