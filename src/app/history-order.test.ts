import { describe, expect, it } from 'vitest';
import type { HistoryItem } from '../worker/wallet-api.ts';
import { sortHistory } from './history-order.ts';

const item = (txid: string, confirmations: number, blockHeight?: number, time?: number): HistoryItem => ({
  txid,
  netSat: 1000,
  confirmations,
  canBumpFee: false,
  ...(blockHeight === undefined ? {} : { blockHeight }),
  ...(time === undefined ? {} : { time }),
});

describe('sortHistory', () => {
  it('puts unconfirmed first, then newest blocks', () => {
    const sorted = sortHistory([item('old', 10, 100, 1), item('pending-old', 0, undefined, 5), item('new', 2, 108, 9), item('pending-new', 0, undefined, 7)]);
    expect(sorted.map((i) => i.txid)).toEqual(['pending-new', 'pending-old', 'new', 'old']);
  });

  it('orders within a block by time, and is stable without times', () => {
    const sorted = sortHistory([item('b', 3, 100), item('a', 3, 100), item('c', 3, 100, 50)]);
    expect(sorted.map((i) => i.txid)).toEqual(['c', 'a', 'b']);
  });

  it('does not change its input', () => {
    const input = [item('a', 1, 1), item('b', 0)];
    sortHistory(input);
    expect(input.map((i) => i.txid)).toEqual(['a', 'b']);
  });
});
