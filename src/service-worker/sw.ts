// The app's service worker. The build compiles this file on its own (no bundling) into a classic
// script, sw.js, with the precache manifest injected in place of __PRECACHE_MANIFEST__: keep it free
// of runtime imports.
import type { PrecacheManifest } from './precache-manifest.ts';

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE_MANIFEST__: PrecacheManifest;

const { version, navigationFallback, entries } = __PRECACHE_MANIFEST__;

const CACHE_PREFIX = 'wallet-precache-';
const CACHE_NAME = `${CACHE_PREFIX}${version}`;
// Left by the workbox-generated worker that earlier builds served from this same URL.
const LEGACY_CACHE_PREFIX = 'workbox-precache-';

const toUrl = (path: string) => new URL(path, self.location.href).href;
const INTEGRITY = new Map(entries.map(({ url, revision }) => [toUrl(url), revision]));
const FALLBACK_URL = toUrl(navigationFallback);

self.addEventListener('install', (event) => {
  // No skipWaiting here: an update waits until the person chooses to reload (see the message handler).
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteOutdatedCaches().then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING') {
    event.waitUntil(self.skipWaiting());
  }
});

self.addEventListener('fetch', (event) => {
  const cacheKey = precachedKeyFor(event.request);
  // Anything else (the Esplora API, other origins, non-GET) is left to the network untouched.
  if (cacheKey) event.respondWith(fromPrecache(cacheKey, event.request));
});

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  await Promise.all(
    [...INTEGRITY].map(async ([url, integrity]) => {
      // 'no-cache' revalidates with the server, so unhashed files (index.html, the manifest) are never
      // taken stale from the HTTP cache; the integrity check fails the install rather than cache bytes
      // of another build (e.g. when a deploy lands while this worker installs).
      const response = await fetch(url, { cache: 'no-cache', integrity });
      if (!response.ok) throw new Error(`precaching ${url} failed: HTTP ${response.status}`);
      await cache.put(url, response.redirected ? await withoutRedirect(response) : response);
    }),
  );
}

/** Browsers refuse a redirected response as the answer to a navigation, so keep only its content. */
async function withoutRedirect(response: Response): Promise<Response> {
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

async function deleteOutdatedCaches(): Promise<void> {
  const outdated = (name: string) =>
    (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) || name.startsWith(LEGACY_CACHE_PREFIX);
  const names = await caches.keys();
  await Promise.all(names.filter(outdated).map((name) => caches.delete(name)));
}

function precachedKeyFor(request: Request): string | undefined {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return undefined;
  if (url.search === '' && INTEGRITY.has(url.href)) return url.href;
  // Every navigation in scope, query string included (e.g. a payment link), opens the app shell.
  return request.mode === 'navigate' ? FALLBACK_URL : undefined;
}

async function fromPrecache(cacheKey: string, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE_NAME);
  return (await cache.match(cacheKey)) ?? fetch(request);
}
