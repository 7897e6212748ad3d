/** Regtest addresses: bcrt1 (P2WPKH, P2WSH, P2TR, other witness programs) and base58 m/n (P2PKH) and 2 (P2SH). */
import * as btc from '@scure/btc-signer';
import { bech32m } from '@scure/base';
import { classifyScript, witnessProgram } from './script.ts';

export const REGTEST_NETWORK = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef } as const;

const regtest = btc.Address(REGTEST_NETWORK);
const otherNetworks = [btc.Address(btc.NETWORK), btc.Address(btc.TEST_NETWORK)];

export class AddressError extends Error {
  override readonly name = 'AddressError';
}

export function addressToScript(address: string): Uint8Array {
  try {
    return btc.OutScript.encode(regtest.decode(address));
  } catch (error) {
    if (otherNetworks.some((coder) => decodes(coder, address))) throw new AddressError('Address on invalid network');
    throw new AddressError(`Invalid address: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function decodes(coder: ReturnType<typeof btc.Address>, address: string): boolean {
  try {
    coder.decode(address);
    return true;
  } catch {
    return false;
  }
}

/** The regtest address of an output script, or undefined for scripts without one (P2PK, OP_RETURN, …). */
export function scriptToAddress(script: Uint8Array): string | undefined {
  const kind = classifyScript(script);
  if (kind === 'p2pkh' || kind === 'p2sh' || kind === 'v0_p2wpkh' || kind === 'v0_p2wsh' || kind === 'v1_p2tr' || kind === 'anchor') {
    return regtest.encode(btc.OutScript.decode(script));
  }
  const program = witnessProgram(script);
  if (kind === 'witness_unknown' && program && program.program.length >= 2) {
    return bech32m.encode(REGTEST_NETWORK.bech32, [program.version, ...bech32m.toWords(program.program)], false);
  }
  return undefined;
}
