import { describe, expect, it } from 'vitest';
import { applyPaymentLink, buildSendRequest, EMPTY_SEND_FORM, lightningInvoiceToPay, type SendFormValues } from './send-form.ts';

const ADDRESS = 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';
const RATES = { slow: 1, normal: 5, fast: 20 };

const LINK = `bitcoin:${ADDRESS}?amount=0.0001`;
const withDestination = (values: SendFormValues, destination: string): SendFormValues => ({ ...values, destination });

describe('applyPaymentLink', () => {
  it('fills the amount from the link and keeps what it asks for', () => {
    const values = applyPaymentLink(withDestination(EMPTY_SEND_FORM, LINK), LINK, { address: ADDRESS, amountSat: 10_000, label: 'Shop' });
    expect(values).toMatchObject({ amount: '10000', amountFromUri: true, link: { label: 'Shop' } });
  });

  it('keeps an amount the person typed', () => {
    const typed = withDestination({ ...EMPTY_SEND_FORM, amount: '500' }, LINK);
    expect(applyPaymentLink(typed, LINK, { address: ADDRESS, amountSat: 10_000 })).toMatchObject({ amount: '500', amountFromUri: false });
  });

  it('replaces or clears an amount that came from an earlier link', () => {
    const fromLink = applyPaymentLink(withDestination(EMPTY_SEND_FORM, LINK), LINK, { address: ADDRESS, amountSat: 10_000 });
    const other = `bitcoin:${ADDRESS}?amount=0.0002`;
    expect(applyPaymentLink(withDestination(fromLink, other), other, { address: ADDRESS, amountSat: 20_000 })).toMatchObject({ amount: '20000', amountFromUri: true });
    const cleared = applyPaymentLink(withDestination(fromLink, ADDRESS), ADDRESS, undefined);
    expect(cleared).toMatchObject({ destination: ADDRESS, amount: '', amountFromUri: false });
    expect(cleared.link).toBeUndefined();
  });

  it('ignores what was read for a destination the person has changed since', () => {
    const changed = withDestination(EMPTY_SEND_FORM, `${LINK}&label=x`);
    expect(applyPaymentLink(changed, LINK, { address: ADDRESS, amountSat: 10_000 })).toBe(changed);
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
    const destination = `bitcoin:${ADDRESS}?amount=0.001&label=Shop`;
    const values = applyPaymentLink(withDestination(EMPTY_SEND_FORM, destination), destination, { address: ADDRESS, amountSat: 100_000, label: 'Shop' });
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

describe('lightningInvoiceToPay', () => {
  it('pays an invoice by Lightning, and a link offering both by Lightning unless on-chain was chosen', () => {
    expect(lightningInvoiceToPay({ lightning: 'lnbcrt1x' }, undefined)).toBe('lnbcrt1x');
    expect(lightningInvoiceToPay({ lightning: 'lnbcrt1x' }, 'onchain')).toBe('lnbcrt1x');
    expect(lightningInvoiceToPay({ address: ADDRESS, lightning: 'lnbcrt1x' }, undefined)).toBe('lnbcrt1x');
    expect(lightningInvoiceToPay({ address: ADDRESS, lightning: 'lnbcrt1x' }, 'lightning')).toBe('lnbcrt1x');
    expect(lightningInvoiceToPay({ address: ADDRESS, lightning: 'lnbcrt1x' }, 'onchain')).toBeUndefined();
    expect(lightningInvoiceToPay({ address: ADDRESS }, undefined)).toBeUndefined();
    expect(lightningInvoiceToPay(undefined, undefined)).toBeUndefined();
  });
});
