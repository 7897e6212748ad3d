import { expect, test } from '@playwright/test';
import { startDevnet, type RunningDevnet } from './devnet.ts';
import { createWallet, fundWallet } from './onboarding.ts';

// A Lightning channel in real Chromium against the devnet: the worker runs the node once the wallet is
// unlocked, opens a channel with the devnet's lsp (what `npm start` makes the default peer; this build
// has none, so its address is typed in), sees it confirm and become usable, then closes it together
// with the peer.
const PASSPHRASE = 'violet harbour lantern 7';
const CHANNEL_SATS = 200_000;

let devnet: RunningDevnet;
test.beforeAll(async () => {
  devnet = await startDevnet();
});
test.afterAll(async () => {
  await devnet?.stop();
});

/** The lsp's view of one channel (devnet/ldk/channel-summary.ts), through the devnet's admin API. */
async function lspChannel(channelId: string): Promise<{ channelId: string; isUsable: boolean; capacitySat: number } | undefined> {
  const answer = (await devnet.command(['lsp', 'channels'])) as unknown;
  // Not a list would make "the lsp no longer has it" pass by itself: fail instead.
  if (!Array.isArray(answer)) throw new Error(`the admin API answered lsp channels with ${JSON.stringify(answer)}`);
  return (answer as { channelId: string; isUsable: boolean; capacitySat: number }[]).find((c) => c.channelId === channelId);
}

test('open a channel with the lsp, see it confirm, and close it', async ({ page }) => {
  test.setTimeout(180_000);
  const lsp = devnet.nodes.lsp;
  await createWallet(page, PASSPHRASE);
  await fundWallet(page, devnet, 500_000);

  await page.getByTestId('tab-channels').click();
  await expect(page.getByTestId('channels-screen')).toBeVisible();
  await expect(page.getByTestId('channels-empty')).toBeVisible({ timeout: 20_000 });

  const form = page.getByTestId('channel-open-form');
  await form.getByTestId('channel-open-peer').fill(`${lsp.id}@${lsp.ws}`);
  await form.getByTestId('channel-open-sats').fill(String(CHANNEL_SATS));
  await form.getByTestId('channel-open-submit').click();
  await expect(page.getByTestId('channel-open-error')).toHaveCount(0);
  await expect(page.getByTestId('channel-open-result')).toBeVisible({ timeout: 60_000 });

  // Opening connected the peer, and the node reports it.
  const peer = page.locator(`[data-testid="peer-item"][data-node-id="${lsp.id}"]`);
  await expect(peer).toHaveAttribute('data-connected', 'true', { timeout: 20_000 });

  const item = page.getByTestId('channel-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-phase', 'awaiting_confirmation', { timeout: 20_000 });
  await expect(item.getByTestId('channel-capacity')).toHaveText(new RegExp(CHANNEL_SATS.toLocaleString('en-US')));
  await expect(item.getByTestId('channel-funding-tx')).toBeVisible();

  await devnet.command(['mine', '3']);
  await expect(item).toHaveAttribute('data-phase', 'normal', { timeout: 60_000 });
  await expect(item.getByTestId('channel-balance-bar')).toBeVisible();
  await expect(item.getByTestId('channel-peer-connected')).toHaveAttribute('data-connected', 'true');
  await expect(item.getByTestId('channel-name')).toHaveText(/\d+x\d+x\d+/);
  expect(Number(await item.getByTestId('channel-balance-bar').getAttribute('data-local'))).toBeGreaterThan(90);
  await expect(page.getByTestId('channels-can-send')).toBeVisible();
  // The lsp agrees: the same channel, usable on its side too.
  const channelId = (await item.getAttribute('data-channel-id')) ?? '';
  expect(channelId).toMatch(/^[0-9a-f]{64}$/);
  await expect.poll(async () => (await lspChannel(channelId))?.isUsable, { timeout: 20_000 }).toBe(true);
  expect((await lspChannel(channelId))?.capacitySat).toBe(CHANNEL_SATS);

  // Close together with the peer: the closing transaction goes out, and one block later it is done.
  await item.getByTestId('channel-close').click();
  await expect(page.getByTestId('close-dialog')).toBeVisible();
  await page.getByTestId('confirm-close').click();
  await expect(page.getByTestId('close-dialog')).toHaveCount(0, { timeout: 30_000 });
  await expect(item).toHaveAttribute('data-phase', 'closing', { timeout: 30_000 });
  await expect(item.getByTestId('channel-closing-tx')).toBeVisible();

  await devnet.command(['mine', '1']);
  await expect(page.getByTestId('channel-list')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('channels-empty')).toBeVisible();
  await page.getByTestId('closed-channels-toggle').click();
  const closed = page.getByTestId('closed-channels').getByTestId('channel-item');
  await expect(closed).toHaveCount(1);
  await expect(closed).toHaveAttribute('data-phase', 'closed');
  await expect(closed).toHaveAttribute('data-channel-id', channelId);
  await expect(closed.getByTestId('channel-close')).toHaveCount(0);
  await expect.poll(async () => lspChannel(channelId), { timeout: 20_000 }).toBeUndefined();
});
