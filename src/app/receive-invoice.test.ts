import { describe, expect, it } from 'vitest';
import type { ChannelInfo } from '../worker/wallet-api.ts';
import { qrSvgData } from './qr-code.ts';
import { canReceiveOverLightning, invoiceQrText, receivableMsat } from './receive-invoice.ts';

const channel = (phase: ChannelInfo['phase'], canReceiveMsat: number): ChannelInfo => ({
  channelId: 'c',
  peer: '02',
  peerConnected: true,
  phase,
  status: '',
  weOpened: true,
  capacitySat: 100_000,
  localMsat: 0,
  remoteMsat: 0,
  localReserveSat: 1000,
  remoteReserveSat: 1000,
  canSendMsat: 0,
  canReceiveMsat,
  pendingHtlcs: [],
});

describe('canReceiveOverLightning and receivableMsat', () => {
  it('count only open channels with room to receive', () => {
    expect(canReceiveOverLightning([])).toBe(false);
    expect(canReceiveOverLightning([channel('normal', 0), channel('awaiting_confirmation', 5_000)])).toBe(false);
    expect(canReceiveOverLightning([channel('closing', 9_000), channel('normal', 1)])).toBe(true);
    expect(receivableMsat([channel('normal', 3_000), channel('normal', 4_000), channel('opening', 9_000)])).toBe(7_000);
  });
});

describe('invoiceQrText', () => {
  const invoice =
    'lnbcrt10u1pj7example0pp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpusp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9qrsgq';
  it('is the upper-case lightning: link, which makes a smaller QR code', () => {
    expect(invoiceQrText(invoice)).toBe(`LIGHTNING:${invoice.toUpperCase()}`);
    expect(qrSvgData(invoiceQrText(invoice)).size).toBeLessThan(qrSvgData(`lightning:${invoice}`).size);
  });
});
