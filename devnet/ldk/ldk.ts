/** The LDK WebAssembly bindings, initialised once per process (or worker thread). */
import * as ldk from 'lightningdevkit';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

let initialised: Promise<void> | undefined;

export function loadLdk(): Promise<void> {
  initialised ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('lightningdevkit/liblightningjs.wasm');
    await ldk.initializeWasmFromBinary(await readFile(wasmPath));
  })();
  return initialised;
}

export { ldk };
