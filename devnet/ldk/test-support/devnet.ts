/** Test fixtures: a fresh devnet chain and temporary data dirs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDevnetChain, type Chain, type Faucet } from '../../chain/index.ts';

export interface TestChain {
  chain: Chain;
  faucet: Faucet;
  fund: (script: Uint8Array, sats: bigint) => Promise<string>;
}

export function testChain(): TestChain {
  const { chain, faucet } = openDevnetChain();
  return { chain, faucet, fund: async (script, sats) => faucet.send(script, sats) };
}

export function temporaryDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
