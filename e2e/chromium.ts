/** How browser tests launch Chromium: the system one (Playwright cannot download browsers here), quiet and off the network. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
  '--disable-sync',
];

/**
 * Launch options for a Chromium whose camera plays `video` (a y4m file, read when a page starts
 * capturing) and which grants camera access without asking.
 */
export function fakeCameraLaunchOptions(video: string) {
  return {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  };
}
