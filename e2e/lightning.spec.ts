import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { withCameraPage } from './camera.ts';
import { localSats, openLspChannel } from './channel-setup.ts';
import { startDevnet, type RunningDevnet } from './devnet.ts';
import { decodeQrPng, decodeQrY4m, writeQrVideo } from './harness/qr-image.ts';
import { createWallet, fundWallet } from './onboarding.ts';

// Lightning payments the way a person makes them, in real Chromium against the devnet: each test has
// its own wallet with a channel to `lsp`, and the devnet's `merchant` sits one hop further
// (wallet <-> lsp <-> merchant). Invoices travel only as pictures: the receive test reads the QR code
// off the screen, and the pay test holds a QR code up to Chromium's fake camera.
const PASSPHRASE = 'copper meadow signal 42';
const CHANNEL = { sats: 200_000, pushSats: 50_000 };

let devnet: RunningDevnet;
test.beforeAll(async () => {
  devnet = await startDevnet();
});
test.afterAll(async () => {
  await devnet?.stop();
});

/** A fresh wallet with on-chain funds and a usable channel to the lsp; returns the channel's list item. */
async function walletWithChannel(page: Page) {
  await createWallet(page, PASSPHRASE);
  await fundWallet(page, devnet, 300_000);
  return openLspChannel(page, devnet, CHANNEL);
}

interface MerchantPayment {
  paymentHash: string;
  direction: 'inbound' | 'outbound';
  status: string;
  amountMsat: string | null;
  bolt11?: string;
  preimage?: string;
}

async function merchantPayments(): Promise<MerchantPayment[]> {
  const answer = (await devnet.command(['merchant', 'payments'])) as unknown;
  if (!Array.isArray(answer)) throw new Error(`the admin API answered merchant payments with ${JSON.stringify(answer)}`);
  return answer as MerchantPayment[];
}

/** The amount a BOLT 11 invoice's human-readable part states, in msat (BOLT 11 multipliers). */
function invoiceAmountMsat(invoice: string): number {
  const [, digits, multiplier] = /^LNBCRT(\d+)([MUNP]?)1/i.exec(invoice) ?? [];
  if (!digits) throw new Error(`no amount in ${invoice}`);
  const unit = multiplier!.toUpperCase();
  // Pico-bitcoin is a tenth of a msat: divide rather than multiply by 0.1, to stay exact.
  if (unit === 'P') return Number(digits) / 10;
  return Number(digits) * { '': 1e11, M: 1e8, U: 1e5, N: 100 }[unit]!;
}

test('receive by QR code: merchant pays the invoice read off the screen', async ({ page }) => {
  const AMOUNT_SATS = 12_345;
  const channel = await walletWithChannel(page);
  const before = await localSats(channel);

  await page.getByTestId('tab-home').click();
  await page.getByTestId('home-receive').click();
  // With a channel that can take it, Receive opens on Lightning.
  await expect(page.getByTestId('receive')).toHaveAttribute('data-mode', 'lightning');
  await page.getByTestId('invoice-amount').fill(String(AMOUNT_SATS));
  await page.getByTestId('invoice-description').fill('Coffee beans');
  await page.getByTestId('invoice-create').click();

  const qr = page.getByTestId('invoice-qr');
  await expect(qr).toBeVisible({ timeout: 20_000 });
  const scanned = decodeQrPng(await qr.screenshot());
  // Upper case for the denser alphanumeric QR mode; a BOLT 11 invoice for regtest, for the amount asked.
  const invoice = scanned.replace(/^LIGHTNING:/, '');
  expect(invoice).toMatch(/^LNBCRT\d+[MUNP]?1[02-9AC-HJ-NP-Z]+$/);
  expect(invoiceAmountMsat(invoice)).toBe(AMOUNT_SATS * 1000);
  // The same invoice as the one printed under the code.
  expect(invoice).toBe(((await page.getByTestId('invoice-text').textContent()) ?? '').trim().toUpperCase());

  const paid = devnet.command(['merchant', 'pay', invoice]);
  const received = page.getByTestId('payment-received');
  await expect(received).toBeVisible({ timeout: 30_000 });
  await expect(received.getByTestId('received-amount')).toHaveAttribute('data-msat', String(AMOUNT_SATS * 1000));
  await expect(received).toContainText('12,345');
  expect(await paid).toMatchObject({ status: 'succeeded', amountMsat: AMOUNT_SATS * 1000 });

  await received.getByTestId('receive-done').click();
  await page.getByTestId('tab-channels').click();
  await expect.poll(async () => localSats(channel), { timeout: 10_000 }).toBe(before + AMOUNT_SATS);
});

test('pay by camera: scan a merchant invoice, pay it, and the balance drops by amount plus fee', async () => {
  const AMOUNT_SATS = 25_000;
  const { bolt11 } = (await devnet.command(['merchant', 'invoice', String(AMOUNT_SATS * 1000), 'Two concert tickets'])) as { bolt11: string };
  // The picture on the merchant's screen, as wallets show theirs: an upper-case lightning: link.
  const shown = `LIGHTNING:${bolt11.toUpperCase()}`;
  const video = writeQrVideo(shown, test.info().outputDir);
  expect(decodeQrY4m(readFileSync(video))).toBe(shown);

  await withCameraPage(video, async (page) => {
    const channel = await walletWithChannel(page);
    const before = await localSats(channel);

    await page.getByTestId('tab-home').click();
    await page.getByTestId('home-send').click();
    await page.getByTestId('scan-button').click();
    // What the camera saw, read back by the wallet: the merchant's invoice.
    const review = page.getByTestId('lightning-review');
    await expect(review).toBeVisible({ timeout: 20_000 });
    await expect(review.getByTestId('lightning-amount')).toHaveAttribute('data-msat', String(AMOUNT_SATS * 1000));
    await expect(review.getByTestId('lightning-description')).toHaveText('Two concert tickets');
    await expect(review.getByTestId('lightning-payee')).toHaveAttribute('title', devnet.nodes.merchant.id);
    await review.getByTestId('lightning-pay').click();

    const success = page.getByTestId('payment-success');
    await expect(success).toBeVisible({ timeout: 30_000 });
    await expect(success.getByTestId('payment-amount')).toHaveAttribute('data-msat', String(AMOUNT_SATS * 1000));
    // Through the lsp, which charges for forwarding: the fee shown is what the payment cost on top.
    const feeMsat = Number(await success.getByTestId('payment-fee').getAttribute('data-msat'));
    expect(feeMsat).toBeGreaterThan(0);
    await expect(success.getByTestId('payment-total')).toHaveAttribute('data-msat', String(AMOUNT_SATS * 1000 + feeMsat));

    // The merchant was paid, and the proof shown is the merchant's preimage.
    const paid = (await merchantPayments()).find((p) => p.bolt11 === bolt11);
    expect(paid).toMatchObject({ direction: 'inbound', status: 'succeeded', amountMsat: String(AMOUNT_SATS * 1000) });
    await expect(success.getByTestId('payment-preimage')).toHaveText(paid!.preimage!);

    await success.getByTestId('payment-done').click();
    await page.getByTestId('tab-channels').click();
    // Whole sats before (every earlier move was whole sats), so the drop is exact down to the msat.
    const spentMsat = AMOUNT_SATS * 1000 + feeMsat;
    await expect.poll(async () => localSats(channel), { timeout: 10_000 }).toBe(Math.floor((before * 1000 - spentMsat) / 1000));
  });
});
