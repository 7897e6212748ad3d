import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '../crypto/index.ts';
import type { Network } from '../networks.ts';

/** On-chain fallback addresses (`f` fields). */

/** Field versions 0-16 are witness versions; 17 and 18 are BOLT 11's codes for P2PKH and P2SH. */
export const P2PKH_VERSION = 17;
export const P2SH_VERSION = 18;
export const MAX_KNOWN_FALLBACK_VERSION = P2SH_VERSION;

export interface FallbackProgram {
  version: number;
  /** Witness program, or the 20-byte hash for P2PKH / P2SH. */
  program: Uint8Array;
}

export interface FallbackAddress extends FallbackProgram {
  /** The address on the invoice's network. */
  address: string;
}

const base58check = createBase58check(sha256);

/** Why a known version's program is not valid (BIP 141 program sizes), or undefined if it is. */
export function fallbackProblem({ version, program }: FallbackProgram): string | undefined {
  if (!Number.isInteger(version) || version < 0 || version > MAX_KNOWN_FALLBACK_VERSION) return `unknown fallback version ${version}`;
  const n = program.length;
  if (version === P2PKH_VERSION || version === P2SH_VERSION) {
    return n === 20 ? undefined : `fallback ${version === P2PKH_VERSION ? 'P2PKH' : 'P2SH'} hash must be 20 bytes, not ${n}`;
  }
  if (version === 0) return n === 20 || n === 32 ? undefined : `fallback witness v0 program must be 20 or 32 bytes, not ${n}`;
  return n >= 2 && n <= 40 ? undefined : `fallback witness v${version} program must be 2 to 40 bytes, not ${n}`;
}

/** The address string of a valid fallback (check it with fallbackProblem first). */
export function fallbackAddress(network: Network, fallback: FallbackProgram): FallbackAddress {
  const { version, program } = fallback;
  let address: string;
  if (version === P2PKH_VERSION || version === P2SH_VERSION) {
    const mainnet = network.name === 'mainnet';
    const prefix = version === P2PKH_VERSION ? (mainnet ? 0x00 : 0x6f) : mainnet ? 0x05 : 0xc4;
    const payload = new Uint8Array(21);
    payload[0] = prefix;
    payload.set(program, 1);
    address = base58check.encode(payload);
  } else {
    const words = [version, ...bech32.toWords(program)];
    address = version === 0 ? bech32.encode(network.bech32, words) : bech32m.encode(network.bech32, words);
  }
  return { version, program, address };
}
