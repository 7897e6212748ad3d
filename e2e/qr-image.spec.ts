import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import encodeQR from 'qr';
import { withCameraPage } from './camera.ts';
import { decodeQrPng, decodeQrY4m, pngToRgba, writeQrVideo } from './harness/qr-image.ts';

// The QR tools the Lightning browser tests stand on, checked against real Chromium: a QR code read back
// from a screenshot, and a QR code shown by Chromium's fake camera from a video made with ffmpeg.
const INVOICE_LIKE = `LIGHTNING:LNBCRT25U1P${'Q'.repeat(280)}`;

test('a QR code on screen reads back from its screenshot', async ({ page }) => {
  await page.setContent(`<div data-testid="qr" style="width:320px;padding:16px;background:#fff">${encodeQR(INVOICE_LIKE, 'svg')}</div>`);
  const png = await page.getByTestId('qr').screenshot();
  expect(decodeQrPng(png)).toBe(INVOICE_LIKE);
  // Blank pixels are no QR code: the decoder says so rather than returning something.
  await page.setContent('<div data-testid="blank" style="width:320px;height:320px;background:#fff"></div>');
  const blank = await page.getByTestId('blank').screenshot();
  expect(pngToRgba(blank)).toMatchObject({ width: 320, height: 320 });
  expect(() => decodeQrPng(blank)).toThrow();
  expect(() => pngToRgba(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow('not a PNG image');
});

test("Chromium's fake camera shows the QR code of the video made for it", async () => {
  const video = writeQrVideo(INVOICE_LIKE, test.info().outputDir);
  expect(decodeQrY4m(readFileSync(video))).toBe(INVOICE_LIKE);

  await withCameraPage(video, async (page) => {
    await page.route('/camera-check', (route) => route.fulfill({ contentType: 'text/html', body: '<video autoplay muted playsinline></video>' }));
    await page.goto('/camera-check');
    const size = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      const element = document.querySelector('video')!;
      element.srcObject = stream;
      await element.play();
      return { width: element.videoWidth, height: element.videoHeight };
    });
    expect(size).toEqual({ width: 640, height: 480 });
    expect(decodeQrPng(await page.locator('video').screenshot())).toBe(INVOICE_LIKE);
  });
});
