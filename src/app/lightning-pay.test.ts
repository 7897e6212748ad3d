import { describe, expect, it } from 'vitest';
import type { DecodedInvoice, PaymentInfo } from '../worker/wallet-api.ts';
import { buildPayRequest, invoiceRefusal, receivedPayment, settledOutgoing } from './lightning-pay.ts';

const NOW = 1_700_000_000_000;
const HASH = '11'.repeat(32);

const invoice = (overrides: Partial<DecodedInvoice> = {}): DecodedInvoice => ({
  bolt11: 'lnbcrt50u1x',
  amountMsat: 5_000_000,
  description: 'coffee',
  payee: '02' + 'ab'.repeat(32),
  paymentHash: HASH,
  createdAt: NOW - 60_000,
  expiresAt: NOW + 3_540_000,
  maxFeeMsat: 55_000,
  alreadyPaid: null,
  ...overrides,
});

const payment = (overrides: Partial<PaymentInfo>): PaymentInfo => ({
  paymentHash: HASH,
  direction: 'outgoing',
  status: 'pending',
  amountMsat: 5_000_000,
  feeMsat: 0,
  description: '',
  payee: '',
  bolt11: '',
  createdAt: NOW,
  ...overrides,
});

describe('invoiceRefusal', () => {
  it('refuses paid, in-flight and expired invoices, each saying what to do', () => {
    expect(invoiceRefusal(invoice({ alreadyPaid: 'succeeded' }), NOW)).toMatch(/already paid.*new invoice/);
    expect(invoiceRefusal(invoice({ alreadyPaid: 'pending' }), NOW)).toMatch(/being paid right now/);
    expect(invoiceRefusal(invoice({ expiresAt: NOW }), NOW)).toMatch(/expired/);
    expect(invoiceRefusal(invoice(), NOW)).toBeUndefined();
  });
});

describe('buildPayRequest', () => {
  it('pays an invoice with an amount as it is, leaving the fee limit to the engine unless changed', () => {
    expect(buildPayRequest(invoice(), { amount: '999', feeLimit: undefined }, NOW)).toEqual({ ok: true, request: { bolt11: 'lnbcrt50u1x' } });
    expect(buildPayRequest(invoice(), { amount: '', feeLimit: '20' }, NOW)).toEqual({ ok: true, request: { bolt11: 'lnbcrt50u1x', maxFeeMsat: 20_000 } });
    expect(buildPayRequest(invoice(), { amount: '', feeLimit: '0' }, NOW)).toEqual({ ok: true, request: { bolt11: 'lnbcrt50u1x', maxFeeMsat: 0 } });
  });

  it('asks for an amount when the invoice has none', () => {
    const open = invoice({ amountMsat: null, maxFeeMsat: null });
    expect(buildPayRequest(open, { amount: '2,500', feeLimit: undefined }, NOW)).toEqual({ ok: true, request: { bolt11: 'lnbcrt50u1x', amountMsat: 2_500_000 } });
    expect(buildPayRequest(open, { amount: '', feeLimit: undefined }, NOW)).toEqual({ ok: false, problems: { amount: 'Enter an amount in sats.' } });
  });

  it('collects every problem at once', () => {
    const check = buildPayRequest(invoice({ amountMsat: null, expiresAt: NOW - 1 }), { amount: '1.5', feeLimit: 'lots' }, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.problems).sort()).toEqual(['amount', 'feeLimit', 'invoice']);
  });
});

describe('settledOutgoing and receivedPayment', () => {
  it('pick the end of this payment out of the engine events', () => {
    const done = payment({ status: 'succeeded', preimage: '22'.repeat(32) });
    expect(settledOutgoing({ type: 'payment_changed', payment: done }, HASH)).toBe(done);
    const failed = payment({ status: 'failed', failure: 'No route' });
    expect(settledOutgoing({ type: 'payment_changed', payment: failed }, HASH)).toBe(failed);
    expect(settledOutgoing({ type: 'payment_changed', payment: payment({}) }, HASH)).toBeUndefined();
    expect(settledOutgoing({ type: 'payment_changed', payment: done }, '33'.repeat(32))).toBeUndefined();
    expect(settledOutgoing({ type: 'payment_changed', payment: { ...done, direction: 'incoming' } }, HASH)).toBeUndefined();
    expect(settledOutgoing({ type: 'channels_changed', channels: [] }, HASH)).toBeUndefined();
  });

  it('see an invoice paid only when the incoming payment succeeded', () => {
    const paid = payment({ direction: 'incoming', status: 'succeeded' });
    expect(receivedPayment({ type: 'payment_changed', payment: paid }, HASH)).toBe(paid);
    expect(receivedPayment({ type: 'payment_changed', payment: { ...paid, status: 'pending' } }, HASH)).toBeUndefined();
    expect(receivedPayment({ type: 'payment_changed', payment: { ...paid, direction: 'outgoing' } }, HASH)).toBeUndefined();
  });
});
