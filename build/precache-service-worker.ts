import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Script } from 'node:vm';
import { transformWithOxc, type Plugin, type ResolvedConfig } from 'vite';
import type { PrecacheEntry, PrecacheManifest } from '../src/service-worker/precache-manifest.ts';

export interface PrecacheServiceWorkerOptions {
  /** The service worker's TypeScript source, relative to the project root. */
  source: string;
  /** Where the compiled worker is written in the output directory (and so its URL under `base`). */
  fileName: string;
}

const NAVIGATION_FALLBACK = 'index.html';
const MANIFEST_PLACEHOLDER = '__PRECACHE_MANIFEST__';

/**
 * At build time, compiles the service worker source into `fileName` with a precache manifest of every
 * other output file (bundle and public/) injected, so each build whose files differ yields a different
 * worker script: that byte change is how browsers notice a new version. Nothing happens in dev.
 */
export function precacheServiceWorker(options: PrecacheServiceWorkerOptions): Plugin {
  let config: ResolvedConfig;
  let sourcePath: string;

  return {
    name: 'precache-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
      sourcePath = resolve(resolved.root, options.source);
    },
    buildStart() {
      this.addWatchFile(sourcePath);
    },
    generateBundle: {
      // Last, so that every other plugin's output (index.html, CSS, worker bundles) is in the bundle.
      order: 'post',
      async handler(_outputOptions, bundle) {
        const files = new Map<string, string | Uint8Array>(await readPublicDir(config));
        for (const output of Object.values(bundle)) {
          files.set(output.fileName, output.type === 'chunk' ? output.code : output.source);
        }
        files.delete(options.fileName);

        const source = await readFile(sourcePath, 'utf8');
        const manifest = precacheManifest(config.base, files, source);
        this.emitFile({ type: 'asset', fileName: options.fileName, source: await compileWorker(source, sourcePath, manifest) });
      },
    },
  };
}

function precacheManifest(base: string, files: Map<string, string | Uint8Array>, workerSource: string): PrecacheManifest {
  const entries: PrecacheEntry[] = [...files]
    .filter(([fileName]) => isPrecached(fileName))
    .map(([fileName, bytes]) => ({ url: base + fileName, revision: `sha256-${sha256(bytes).digest('base64')}` }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  if (!entries.some((entry) => entry.url === base + NAVIGATION_FALLBACK)) {
    throw new Error(`precache-service-worker: the build has no ${NAVIGATION_FALLBACK} to serve offline`);
  }
  const version = sha256(JSON.stringify(entries) + workerSource).digest('hex').slice(0, 16);
  return { version, navigationFallback: base + NAVIGATION_FALLBACK, entries };
}

/** Source maps and dotfiles (e.g. .vite/manifest.json) are build by-products, not part of the app. */
function isPrecached(fileName: string): boolean {
  return !fileName.endsWith('.map') && !fileName.split('/').some((part) => part.startsWith('.'));
}

function sha256(data: string | Uint8Array) {
  return createHash('sha256').update(data);
}

/** The public/ files Vite copies verbatim into the output, keyed by their output path. */
async function readPublicDir(config: ResolvedConfig): Promise<[string, Uint8Array][]> {
  const dir = config.publicDir;
  if (!dir || !config.build.copyPublicDir) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry): Promise<[string, Uint8Array]> => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path).split(sep).join('/'), await readFile(path)];
      }),
  );
}

async function compileWorker(source: string, filename: string, manifest: PrecacheManifest): Promise<string> {
  const { code } = await transformWithOxc(source, filename, {
    lang: 'ts',
    define: { [MANIFEST_PLACEHOLDER]: JSON.stringify(manifest) },
  });
  // The source is a module only for the type checker (it imports types, which compile away); the
  // compiler still marks it with `export {}`, which a classic worker script cannot contain.
  const script = code.replace(/^export \{\};$/m, '').trimEnd() + '\n';
  try {
    // Service workers are registered as classic scripts (module workers are not supported everywhere).
    new Script(script, { filename });
  } catch (err) {
    throw new Error(`precache-service-worker: ${filename} did not compile to a classic script (runtime imports?)`, { cause: err });
  }
  if (!script.includes(manifest.version)) {
    throw new Error(`precache-service-worker: ${filename} never reads ${MANIFEST_PLACEHOLDER}, so nothing was injected`);
  }
  return script;
}
