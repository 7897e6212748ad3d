import { expect, test, type Page } from '@playwright/test';
import { startDevnet, type RunningDevnet } from './devnet.ts';
import { createWallet, showReceiveAddress } from './onboarding.ts';

// The on-chain wallet in real Chromium against the devnet (issue 5): onboarding, receive by QR address,
// the devnet faucet pays it, the balance appears; send, mine, history; reload asks for the passphrase;
// a second tab is refused and can take over.
const PASSPHRASE = 'orange tractor sunrise 42';

let devnet: RunningDevnet;
test.beforeAll(async () => {
  devnet = await startDevnet();
});
test.afterAll(async () => {
  await devnet?.stop();
});

const sats = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));

async function syncNow(page: Page) {
  await page.getByTestId('sync-retry').click();
}

test('create, receive from the faucet, send, and come back after a reload', async ({ page, context }) => {
  await createWallet(page, PASSPHRASE);

  const address = await showReceiveAddress(page);
  const qrText = await page.getByTestId('receive-qr').getAttribute('data-qr-text');
  expect(qrText?.toLowerCase()).toContain(address);

  await devnet.command(['faucet', address, '250000']);
  await devnet.command(['mine', '1']);
  await page.getByTestId('screen-back').click();
  await syncNow(page);
  await expect(page.getByTestId('balance-confirmed')).toHaveText(/250,000/, { timeout: 20_000 });

  const payee = 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';
  await page.getByTestId('home-send').click();
  await page.getByTestId('send-destination').fill(payee);
  await page.getByTestId('send-amount').fill('60000');
  await page.getByTestId('send-review').click();
  await expect(page.getByTestId('send-preview-amount')).toHaveText(/60,000/);
  const fee = sats(await page.getByTestId('send-preview-fee').textContent());
  expect(fee).toBeGreaterThan(0);
  await page.getByTestId('send-confirm').click();
  const txid = ((await page.getByTestId('send-result-txid').textContent()) ?? '').replace(/\s/g, '');
  expect(txid).toMatch(/^[0-9a-f]{64}$/);

  await devnet.command(['mine', '1']);
  await page.getByTestId('send-done').click();
  await syncNow(page);
  await expect(page.getByTestId('balance-confirmed')).toHaveText(new RegExp((250_000 - 60_000 - fee).toLocaleString('en-US')), { timeout: 20_000 });
  await page.getByTestId('tab-activity').click();
  const latest = page.getByTestId('activity-item').first();
  await expect(latest).toContainText((60_000 + fee).toLocaleString('en-US'));
  await expect(latest).toContainText('1 confirmation');
  await latest.click();
  await expect(page.getByTestId('activity-txid').first()).toContainText(txid.slice(0, 16));

  // A reload asks for the passphrase and keeps everything.
  await page.reload();
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('passphrase').fill('not it');
  await page.getByTestId('unlock-button').click();
  await expect(page.getByTestId('unlock-error')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock-button').click();
  await page.getByTestId('tab-home').click();
  await expect(page.getByTestId('balance-confirmed')).toHaveText(new RegExp((250_000 - 60_000 - fee).toLocaleString('en-US')), { timeout: 20_000 });

  // A second tab is told the wallet is open elsewhere, and can take over; the first tab is told in turn.
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('open-elsewhere')).toBeVisible({ timeout: 20_000 });
  await second.getByTestId('take-over').click();
  await expect(second.getByTestId('lock-screen')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('open-elsewhere')).toBeVisible({ timeout: 20_000 });
});
