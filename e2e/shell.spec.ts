import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
}

/** Reads width and height from a PNG's IHDR chunk, failing if the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(0, 8).equals(signature), 'PNG signature').toBe(true);
  expect(bytes.readUInt32BE(8), 'IHDR length').toBe(13);
  expect(bytes.subarray(12, 16).toString('ascii'), 'first chunk').toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function expectEngineAnswers(page: Page) {
  await expect(page.getByTestId('engine-version')).toHaveText(version);
  await expect(page.getByTestId('engine-network')).toHaveText('regtest');
  await expect(page.getByTestId('engine-status')).toHaveText('ready');
}

/** Waits, within bounds, for the service worker to control the page; reloads if the first load stayed uncontrolled. */
async function waitForServiceWorkerControl(page: Page) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const controlled = await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (controlled) return;
    await page.reload();
  }
  throw new Error('the service worker never took control of the page');
}

async function checkManifest(page: Page, request: APIRequestContext) {
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href, 'manifest link').toBeTruthy();
  const manifestUrl = new URL(href!, page.url());
  const response = await request.get(manifestUrl.href);
  expect(response.ok()).toBe(true);
  const manifest = JSON.parse(await response.text()) as {
    name?: string;
    short_name?: string;
    start_url?: string;
    display?: string;
    icons?: ManifestIcon[];
  };
  expect(manifest.name).toBe('Lightning Wallet');
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');

  const icons = manifest.icons ?? [];
  const purposes = (icon: ManifestIcon) => (icon.purpose ?? 'any').split(/\s+/);
  const wanted = [
    { sizes: '192x192', purpose: 'any' },
    { sizes: '512x512', purpose: 'any' },
    { sizes: '512x512', purpose: 'maskable' },
  ];
  for (const { sizes, purpose } of wanted) {
    const icon = icons.find((i) => i.sizes === sizes && purposes(i).includes(purpose));
    expect(icon, `${purpose} icon ${sizes}`).toBeDefined();
    expect(icon!.type).toBe('image/png');
    const png = await request.get(new URL(icon!.src, manifestUrl).href);
    expect(png.ok(), `${icon!.src} is served`).toBe(true);
    const [width, height] = sizes.split('x').map(Number);
    expect(pngSize(await png.body()), `${icon!.src} dimensions`).toEqual({ width, height });
  }

  // Chromium's own verdict on installability. Playwright's browser contexts are incognito-like,
  // which Chromium always reports; anything else is a real problem with the app.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  await cdp.detach();
}

test('the app shell loads, installs, and works offline', async ({ page, context, request }) => {
  await page.goto('/');
  await expectEngineAnswers(page);

  await waitForServiceWorkerControl(page);
  await checkManifest(page, request);

  await context.setOffline(true);
  try {
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker(), 'the offline page comes from the service worker').toBe(true);
    await expectEngineAnswers(page);
    // The network really is gone: a request the service worker does not cache fails. (Debian's
    // Chromium 150 keeps navigator.onLine true on a page reloaded from the service worker.)
    const probe = await page.evaluate(() => fetch(`/offline-probe-${Date.now()}`, { cache: 'no-store' }).then(() => 'answered', () => 'failed'));
    expect(probe).toBe('failed');
  } finally {
    await context.setOffline(false);
  }
});

test('a worker that fails to start shows an error with a way out', async ({ browser }) => {
  // No service worker here, so the route below sees the worker script request.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await context.route('**/assets/engine.worker-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto('/');
    const error = page.getByTestId('engine-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText('didn’t start');
    await expect(page.getByTestId('engine-error-detail')).toContainText('worker_failed');

    await context.unrouteAll();
    await page.getByTestId('engine-retry').click();
    await expectEngineAnswers(page);
  } finally {
    await context.close();
  }
});

// Found during the visit that installed the service worker, or on a later visit that it already controls.
for (const visit of ['first', 'later'] as const) {
  test(`a new version found on a ${visit} visit waits for the person to press Reload`, async ({ page }) => {
    await page.goto('/');
    await expectEngineAnswers(page);
    await waitForServiceWorkerControl(page);
    if (visit === 'later') {
      await page.reload();
      await expectEngineAnswers(page);
    }

    // "Deploy" a new version: vite preview reads dist/ on every request, and Playwright cannot route
    // the browser's own service worker update check, so the built sw.js is changed and then restored.
    const swPath = new URL('../dist/sw.js', import.meta.url);
    const original = readFileSync(swPath, 'utf8');
    writeFileSync(swPath, `${original}\n// next version\n`);
    try {
      await page.evaluate(() => {
        (window as unknown as { marker?: string }).marker = 'same page';
      });
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration?.update();
      });

      const banner = page.getByTestId('update-banner');
      await expect(banner).toContainText('A new version is available');
      // A waiting version must not take over by itself: the page stays as it was.
      await page.waitForTimeout(1_000);
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
      expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);

      await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), page.getByTestId('update-reload').click()]);
      await expectEngineAnswers(page);
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
      await expect(banner).toHaveCount(0);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      await waitForServiceWorkerControl(page);
    } finally {
      writeFileSync(swPath, original);
    }
  });
}
