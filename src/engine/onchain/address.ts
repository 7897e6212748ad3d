/**
 * Destination addresses: bech32 (segwit v0, BIP173), bech32m (segwit v1+, BIP350, incl. P2TR)
 * and base58check P2PKH / P2SH, each turned into the scriptPubKey an output pays to.
 */
import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '../../protocol/crypto/index.ts';
import { NETWORKS, type NetworkName } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';

export type AddressType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'witness_unknown';

export interface ParsedAddress {
  /** The address as it should be shown: bech32 in lower case, base58 unchanged. */
  address: string;
  type: AddressType;
  /** The scriptPubKey of an output paying this address. */
  script: Uint8Array;
}

const base58check = createBase58check(sha256);
const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_MAX_LENGTH = 90;
const BASE58_CHARS = /^[1-9A-HJ-NP-Za-km-z]+$/;

const BASE58_VERSIONS = {
  main: { pubKeyHash: 0x00, scriptHash: 0x05 },
  test: { pubKeyHash: 0x6f, scriptHash: 0xc4 },
} as const;

/** What a person calls the network an address prefix belongs to, for error messages. */
const BECH32_NETWORK_LABELS: Record<string, string> = {
  bc: 'a mainnet',
  tb: 'a testnet or signet',
  bcrt: 'a regtest',
};

function base58VersionsOf(network: NetworkName): { pubKeyHash: number; scriptHash: number } {
  return BASE58_VERSIONS[network === 'mainnet' ? 'main' : 'test'];
}

function invalid(message: string): EngineError {
  return new EngineError('invalid_address', message);
}

function typo(): EngineError {
  return invalid('This address has a typo: its checksum does not match. Copy it again from the source.');
}

function wrongNetwork(label: string, network: NetworkName): EngineError {
  return invalid(`This is ${label} address, but this wallet is on ${network}. Ask for a ${network} address.`);
}

/** Parses a destination address for `network`; anything else is an EngineError('invalid_address'). */
export function parseAddress(text: string, network: NetworkName): ParsedAddress {
  const trimmed = text.trim();
  if (trimmed === '') throw invalid('Enter a Bitcoin address.');
  const lower = trimmed.toLowerCase();
  if (lower.startsWith('bitcoin:')) throw invalid('This is a payment link (bitcoin:…), not a bare address.');
  if (/^ln(bc|tb|bcrt|tbs)[0-9]/.test(lower)) throw invalid('This is a Lightning invoice, not a Bitcoin address.');
  const hrp = /^(bc|tb|bcrt)1/.exec(lower)?.[1];
  if (hrp !== undefined) return parseSegwitAddress(trimmed, hrp, network);
  if (BASE58_CHARS.test(trimmed)) return parseBase58Address(trimmed, network);
  throw invalid('This is not a Bitcoin address: it should start with bc1, tb1, bcrt1, 1, 3, m, n or 2.');
}

function parseSegwitAddress(text: string, hrp: string, network: NetworkName): ParsedAddress {
  if (text.length > BECH32_MAX_LENGTH) throw invalid(`This address is too long (${text.length} characters): check it was copied completely and only once.`);
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) {
    throw invalid('This address mixes upper- and lower-case letters, which a valid address never does. Copy it again from the source.');
  }
  const lower = text.toLowerCase();
  const data = lower.slice(hrp.length + 1);
  const stray = [...data].find((char) => !BECH32_CHARSET.includes(char));
  if (stray !== undefined) throw invalid(`This address contains "${stray}", a character that never appears in such addresses (1, b, i and o are excluded). Check for a typo.`);

  let words: number[];
  let isBech32m: boolean;
  try {
    words = bech32.decode(lower as `${string}1${string}`, BECH32_MAX_LENGTH).words;
    isBech32m = false;
  } catch {
    try {
      words = bech32m.decode(lower as `${string}1${string}`, BECH32_MAX_LENGTH).words;
      isBech32m = true;
    } catch {
      throw typo();
    }
  }
  const [version, ...programWords] = words;
  if (version === undefined) throw invalid('This address is incomplete: it carries no data.');
  if (version > 16) throw invalid(`This address uses witness version ${version}, which does not exist (0 to 16).`);
  // BIP350: version 0 uses the bech32 checksum, later versions bech32m; the other one is a corrupted address.
  if (isBech32m !== version > 0) throw typo();
  let program: Uint8Array;
  try {
    program = bech32.fromWords(programWords);
  } catch {
    throw invalid('This address is malformed (its data has invalid padding). Copy it again from the source.');
  }
  if (program.length < 2 || program.length > 40) throw invalid(`This address is malformed: a witness program of ${program.length} bytes is not allowed (2 to 40).`);
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    throw invalid(`This address is malformed: a version 0 witness program must be 20 or 32 bytes, not ${program.length}.`);
  }
  if (hrp !== NETWORKS[network].bech32) throw wrongNetwork(BECH32_NETWORK_LABELS[hrp] ?? 'another network’s', network);

  const type: AddressType =
    version === 0 ? (program.length === 20 ? 'p2wpkh' : 'p2wsh') : version === 1 && program.length === 32 ? 'p2tr' : 'witness_unknown';
  return { address: lower, type, script: witnessScript(version, program) };
}

function parseBase58Address(text: string, network: NetworkName): ParsedAddress {
  let payload: Uint8Array;
  try {
    payload = base58check.decode(text);
  } catch {
    throw typo();
  }
  const version = payload[0];
  if ((payload.length === 33 || payload.length === 34) && (version === 0x80 || version === 0xef)) {
    throw invalid('This is a private key (WIF), not an address. Never share it: anyone who has it can take the coins.');
  }
  if (payload.length !== 21) throw invalid('This is not a Bitcoin address (wrong length for a base58 address).');
  const hash = payload.subarray(1);
  const ours = base58VersionsOf(network);
  if (version === ours.pubKeyHash) return { address: text, type: 'p2pkh', script: p2pkhScript(hash) };
  if (version === ours.scriptHash) return { address: text, type: 'p2sh', script: p2shScript(hash) };
  const other = network === 'mainnet' ? BASE58_VERSIONS.test : BASE58_VERSIONS.main;
  if (version === other.pubKeyHash || version === other.scriptHash) {
    throw wrongNetwork(network === 'mainnet' ? 'a test-network' : 'a mainnet', network);
  }
  throw invalid(`This is not a Bitcoin address (unknown base58 version byte ${version}).`);
}

function witnessScript(version: number, program: Uint8Array): Uint8Array {
  return Uint8Array.of(version === 0 ? 0x00 : 0x50 + version, program.length, ...program);
}

function p2pkhScript(hash: Uint8Array): Uint8Array {
  return Uint8Array.of(0x76, 0xa9, 0x14, ...hash, 0x88, 0xac);
}

function p2shScript(hash: Uint8Array): Uint8Array {
  return Uint8Array.of(0xa9, 0x14, ...hash, 0x87);
}

/** The address an output script pays on `network`, or undefined for scripts without one (OP_RETURN, bare multisig, …). */
export function addressFromScript(script: Uint8Array, network: NetworkName): string | undefined {
  const versions = base58VersionsOf(network);
  if (script.length === 25 && script[0] === 0x76 && script[1] === 0xa9 && script[2] === 0x14 && script[23] === 0x88 && script[24] === 0xac) {
    return base58check.encode(Uint8Array.of(versions.pubKeyHash, ...script.subarray(3, 23)));
  }
  if (script.length === 23 && script[0] === 0xa9 && script[1] === 0x14 && script[22] === 0x87) {
    return base58check.encode(Uint8Array.of(versions.scriptHash, ...script.subarray(2, 22)));
  }
  const opcode = script[0];
  const length = script[1];
  if (opcode === undefined || length === undefined || script.length !== length + 2 || length < 2 || length > 40) return undefined;
  if (opcode !== 0x00 && (opcode < 0x51 || opcode > 0x60)) return undefined;
  const version = opcode === 0x00 ? 0 : opcode - 0x50;
  if (version === 0 && length !== 20 && length !== 32) return undefined;
  const words = [version, ...bech32.toWords(script.subarray(2))];
  return version === 0 ? bech32.encode(NETWORKS[network].bech32, words) : bech32m.encode(NETWORKS[network].bech32, words);
}
