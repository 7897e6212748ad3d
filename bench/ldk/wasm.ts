/**
 * Loads LDK's WebAssembly binary once (as the devnet PoC's `initLdk` does) and reports how long
 * reading, compiling and instantiating it took.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ldk from 'lightningdevkit';

export interface LdkWasmInit {
  milliseconds: number;
  wasmBytes: number;
}

let initialisation: Promise<LdkWasmInit> | undefined;

export function initLdk(): Promise<LdkWasmInit> {
  initialisation ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('lightningdevkit/liblightningjs.wasm');
    const started = performance.now();
    const binary = readFileSync(wasmPath);
    await ldk.initializeWasmFromBinary(binary);
    return { milliseconds: performance.now() - started, wasmBytes: binary.length };
  })();
  return initialisation;
}
