import { expect, type Page } from '@playwright/test';
import type { RunningDevnet } from './devnet.ts';

/** Creates a wallet the way a person does: reads the words off the screen, confirms the ones asked for, sets the passphrase. */
export async function createWallet(page: Page, passphrase: string): Promise<string[]> {
  await page.goto('/');
  await page.getByTestId('onboarding-create').click();
  const words: string[] = [];
  for (let i = 1; i <= 12; i++) words.push(((await page.getByTestId(`mnemonic-word-${i}`).textContent()) ?? '').replace(/^\s*\d+\.?\s*/, '').trim());
  expect(words.every((w) => /^[a-z]+$/.test(w)), `words shown: ${words.join(' ')}`).toBe(true);
  await page.getByTestId('words-written').click();
  const asked = await page.getByTestId('confirm-word-input').all();
  expect(asked.length).toBeGreaterThan(0);
  for (const input of asked) {
    await input.fill(words[Number(await input.getAttribute('data-position')) - 1]!);
  }
  await page.getByTestId('confirm-words').click();
  await page.getByTestId('passphrase').fill(passphrase);
  await page.getByTestId('passphrase-repeat').fill(passphrase);
  await page.getByTestId('create-finish').click();
  await expect(page.getByTestId('home')).toBeVisible({ timeout: 30_000 });
  return words;
}

/** Opens the receive screen from home and returns the address it shows (the screen stays open). */
export async function showReceiveAddress(page: Page): Promise<string> {
  await page.getByTestId('home-receive').click();
  const address = ((await page.getByTestId('receive-address').textContent()) ?? '').replace(/\s/g, '');
  expect(address).toMatch(/^bcrt1q[0-9a-z]{38}$/);
  return address;
}

/** Sends `sats` from the devnet's faucet to the wallet, confirms them, and waits until home shows them. */
export async function fundWallet(page: Page, devnet: RunningDevnet, sats: number): Promise<void> {
  const address = await showReceiveAddress(page);
  await devnet.command(['faucet', address, String(sats)]);
  await devnet.command(['mine', '1']);
  await page.getByTestId('screen-back').click();
  await page.getByTestId('sync-retry').click();
  await expect(page.getByTestId('balance-confirmed')).toHaveText(new RegExp(sats.toLocaleString('en-US')), { timeout: 20_000 });
}
