import { hex } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';

export const toHex = (bytes: Uint8Array): string => hex.encode(bytes);
export const fromHex = (text: string): Uint8Array => hex.decode(text);

export function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse();
}

/** Bitcoin hashes (txids, block hashes) are shown reversed; LDK takes them in internal byte order. */
export const internalFromDisplay = (display: string): Uint8Array => reversed(fromHex(display));
export const displayFromInternal = (internal: Uint8Array): string => toHex(reversed(internal));

export const doubleSha256 = (data: Uint8Array): Uint8Array => sha256(sha256(data));

export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}
