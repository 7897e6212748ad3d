import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the shared BOLT test vectors live: $SHARED_DIR/spec/vectors, else ../shared beside the clone. */
export function vectorsDir(): string {
  const shared = process.env.SHARED_DIR ?? resolve(repoRoot, '../shared');
  const dir = resolve(shared, 'spec/vectors');
  if (!existsSync(dir)) throw new Error(`BOLT test vectors not found at ${dir}: set SHARED_DIR to the shared/ folder`);
  return dir;
}

/** Reads a vector file as it is; conformance tests never retype vectors. */
export function loadVectors<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(resolve(vectorsDir(), file), 'utf8')) as T;
}
