import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningDevnet } from './devnet.ts';

/**
 * Opens a channel with the devnet's `lsp` from the Channels screen, giving `pushSats` to the lsp so
 * the wallet can also receive, mines it to usable and returns its list item (Channels screen left
 * open). The wallet must hold enough confirmed on-chain funds.
 */
export async function openLspChannel(page: Page, devnet: RunningDevnet, { sats, pushSats }: { sats: number; pushSats: number }): Promise<Locator> {
  const lsp = devnet.nodes.lsp;
  await page.getByTestId('tab-channels').click();
  const form = page.getByTestId('channel-open-form');
  await form.getByTestId('channel-open-peer').fill(`${lsp.id}@${lsp.ws}`);
  await form.getByTestId('channel-open-sats').fill(String(sats));
  await form.getByTestId('channel-open-advanced').click();
  await form.getByTestId('channel-open-push').fill(String(pushSats));
  await form.getByTestId('channel-open-submit').click();
  await expect(page.getByTestId('channel-open-error')).toHaveCount(0);
  await expect(page.getByTestId('channel-open-result')).toBeVisible({ timeout: 30_000 });

  const item = page.getByTestId('channel-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-phase', 'awaiting_confirmation', { timeout: 20_000 });
  await devnet.command(['mine', '3']);
  await expect(item).toHaveAttribute('data-phase', 'normal', { timeout: 30_000 });
  await expect(item.getByTestId('channel-peer-connected')).toHaveAttribute('data-connected', 'true');
  await expect(item.getByTestId('channel-remote')).toHaveAttribute('data-sat', String(pushSats));
  return item;
}

/** What the channels screen shows as our side of the channel, in sats. */
export async function localSats(item: Locator): Promise<number> {
  return Number(await item.getByTestId('channel-local').getAttribute('data-sat'));
}
