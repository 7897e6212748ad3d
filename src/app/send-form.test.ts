import { describe, expect, it } from 'vitest';
import { applyDestination, buildSendRequest, EMPTY_SEND_FORM } from './send-form.ts';

const ADDRESS = 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';
const RATES = { slow: 1, normal: 5, fast: 20 };

describe('applyDestination', () => {
  it('fills the amount from a BIP21 URI', () => {
    expect(applyDestination(EMPTY_SEND_FORM, `bitcoin:${ADDRESS}?amount=0.0001`)).toMatchObject({ amount: '10000', amountFromUri: true });
  });

  it('keeps an amount the person typed', () => {
    const typed = { ...EMPTY_SEND_FORM, amount: '500' };
    expect(applyDestination(typed, `bitcoin:${ADDRESS}?amount=0.0001`)).toMatchObject({ amount: '500', amountFromUri: false });
  });

  it('replaces or clears an amount that came from an earlier URI', () => {
    const fromUri = applyDestination(EMPTY_SEND_FORM, `bitcoin:${ADDRESS}?amount=0.0001`);
    expect(applyDestination(fromUri, `bitcoin:${ADDRESS}?amount=0.0002`)).toMatchObject({ amount: '20000', amountFromUri: true });
    expect(applyDestination(fromUri, ADDRESS)).toMatchObject({ destination: ADDRESS, amount: '', amountFromUri: false });
  });
});

describe('buildSendRequest', () => {
  it('builds an amount request with the chosen fee rate', () => {
    const values = { ...EMPTY_SEND_FORM, destination: ` ${ADDRESS} `, amount: '12,345', feeChoice: 'fast' as const };
    expect(buildSendRequest(values, RATES)).toEqual({ ok: true, request: { destination: ADDRESS, amountSat: 12345, feeRate: 20 } });
  });

  it('builds a send-all request without an amount', () => {
    const values = { ...EMPTY_SEND_FORM, destination: ADDRESS, amount: 'ignored', sendAll: true, feeChoice: 'custom' as const, customFeeRate: '3.5' };
    expect(buildSendRequest(values, undefined)).toEqual({ ok: true, request: { destination: ADDRESS, sendAll: true, feeRate: 3.5 } });
  });

  it('passes a BIP21 URI through for the engine to read', () => {
    const values = applyDestination(EMPTY_SEND_FORM, `bitcoin:${ADDRESS}?amount=0.001&label=Shop`);
    expect(buildSendRequest(values, RATES)).toEqual({
      ok: true,
      request: { destination: `bitcoin:${ADDRESS}?amount=0.001&label=Shop`, amountSat: 100000, feeRate: 5 },
    });
  });

  it('lists every problem at once', () => {
    const check = buildSendRequest({ ...EMPTY_SEND_FORM, amount: '1.5' }, undefined);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.problems).sort()).toEqual(['amount', 'destination', 'feeRate']);
  });
});
