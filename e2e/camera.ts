import { chromium, test, type Page } from '@playwright/test';
import { fakeCameraLaunchOptions } from './chromium.ts';

/**
 * Runs `use` with a page in a Chromium of its own whose camera plays `video` (see writeQrVideo), on
 * the app's origin and allowed to use the camera. (Playwright traces it like its own pages.)
 */
export async function withCameraPage(video: string, use: (page: Page) => Promise<void>): Promise<void> {
  const browser = await chromium.launch(fakeCameraLaunchOptions(video));
  try {
    const { baseURL, viewport } = test.info().project.use;
    const context = await browser.newContext({ baseURL, viewport: viewport ?? null, permissions: ['camera'] });
    await use(await context.newPage());
  } finally {
    await browser.close();
  }
}
