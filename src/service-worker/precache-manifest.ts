/** What the build injects into the service worker: the files that make up one version of the app. */
export interface PrecacheManifest {
  /** Changes whenever any precached file or the worker's own source changes; names this version's cache. */
  version: string;
  /** The app shell (index.html) that every navigation is answered with, so the app opens offline. */
  navigationFallback: string;
  entries: PrecacheEntry[];
}

export interface PrecacheEntry {
  /** Relative to the service worker's own URL, e.g. `/assets/index-abc123.js`. */
  url: string;
  /** The file's subresource-integrity hash (`sha256-…`), checked by the browser when precaching. */
  revision: string;
}
