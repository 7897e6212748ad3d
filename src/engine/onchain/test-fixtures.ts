/** Wallet coins and scripts for the on-chain tests. */
import { p2wpkh } from '../../protocol/bitcoin/index.ts';
import { fromHex, hex } from '../../protocol/codec/bytes.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import type { WalletUtxo } from './wallet-utxo.ts';

export const OUR_SCRIPT = p2wpkh(fromHex('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'));
export const CHANGE_SCRIPT = p2wpkh(fromHex('02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5'));
export const DESTINATIONS = {
  p2wpkh: fromHex('0014' + '11'.repeat(20)),
  p2tr: fromHex('5120' + '22'.repeat(32)),
  p2wsh: fromHex('0020' + '33'.repeat(32)),
  p2pkh: fromHex('76a914' + '44'.repeat(20) + '88ac'),
  p2sh: fromHex('a914' + '55'.repeat(20) + '87'),
} as const;

export function coin(value: bigint, n: number, overrides: Partial<WalletUtxo> = {}): WalletUtxo {
  return {
    txid: hex(sha256(Uint8Array.of(n & 0xff, n >> 8))),
    vout: n % 3,
    value,
    script: OUR_SCRIPT,
    height: 100,
    keyPath: { chain: 'receive', index: n },
    ...overrides,
  };
}
