import { fail } from '../codec/errors.ts';
import { NETWORKS, type Network } from '../networks.ts';
import { quote } from './bech32.ts';

/** The human-readable part: "ln", the currency prefix, then an optional amount with a multiplier. */

const MAX_MSAT = (1n << 64n) - 1n;
/** More digits than this cannot be an amount below 2^64 msat, whatever the multiplier. */
const MAX_AMOUNT_DIGITS = 21;

/** Millisatoshis per unit: 1 BTC = 10^11 msat. Pico is a tenth of a msat, handled separately. */
const MSAT_PER_UNIT = new Map<string, bigint>([
  ['', 100_000_000_000n],
  ['m', 100_000_000n],
  ['u', 100_000n],
  ['n', 100n],
]);

/** Testnet and testnet4 share "tb": such invoices read as testnet. */
const NETWORK_BY_PREFIX = new Map<string, Network>();
for (const network of Object.values(NETWORKS)) {
  if (!NETWORK_BY_PREFIX.has(network.bolt11)) NETWORK_BY_PREFIX.set(network.bolt11, network);
}

export interface InvoicePrefix {
  network: Network;
  amountMsat: bigint | undefined;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export function parseHrp(hrp: string): InvoicePrefix {
  if (!hrp.startsWith('ln')) fail('invalid_encoding', `human-readable part ${quote(hrp)} does not start with "ln"`);
  let amountStart = 2;
  while (amountStart < hrp.length && !isDigit(hrp.charCodeAt(amountStart))) amountStart++;
  const prefix = hrp.slice(2, amountStart);
  const network = NETWORK_BY_PREFIX.get(prefix);
  if (!network) fail('invalid_value', `unknown currency prefix ${quote(prefix)}`);
  const amountMsat = amountStart === hrp.length ? undefined : parseAmount(hrp.slice(amountStart));
  return { network, amountMsat };
}

/** An amount as written after the currency prefix (it starts with a digit), in millisatoshis. */
function parseAmount(text: string): bigint {
  const last = text.charCodeAt(text.length - 1);
  const multiplier = isDigit(last) ? '' : text[text.length - 1]!;
  const digits = multiplier ? text.slice(0, -1) : text;
  for (let i = 0; i < digits.length; i++) {
    if (!isDigit(digits.charCodeAt(i))) fail('invalid_value', `amount ${quote(text)} has a non-digit before its multiplier`);
  }
  if (multiplier !== 'p' && !MSAT_PER_UNIT.has(multiplier)) fail('invalid_value', `invalid amount multiplier ${quote(multiplier)}`);
  if (digits === '0') fail('invalid_value', 'amount is zero');
  if (digits[0] === '0') fail('invalid_value', `amount ${quote(text)} has a leading zero`);
  if (digits.length > MAX_AMOUNT_DIGITS) fail('invalid_value', 'amount overflows 64 bits of millisatoshis');
  let msat: bigint;
  if (multiplier === 'p') {
    if (digits[digits.length - 1] !== '0') fail('invalid_value', 'pico amount has sub-millisatoshi precision (last digit is not 0)');
    msat = BigInt(digits) / 10n;
  } else {
    msat = BigInt(digits) * MSAT_PER_UNIT.get(multiplier)!;
  }
  if (msat > MAX_MSAT) fail('invalid_value', 'amount overflows 64 bits of millisatoshis');
  return msat;
}

/** The human-readable part for an amount, in its shortest form (largest exact multiplier). */
export function formatHrp(network: Network, amountMsat: bigint | undefined): string {
  const prefix = `ln${network.bolt11}`;
  if (amountMsat === undefined) return prefix;
  if (amountMsat <= 0n || amountMsat > MAX_MSAT) throw new RangeError(`invoice amount out of range: ${amountMsat} msat`);
  for (const [multiplier, msatPerUnit] of MSAT_PER_UNIT) {
    if (amountMsat % msatPerUnit === 0n) return `${prefix}${amountMsat / msatPerUnit}${multiplier}`;
  }
  return `${prefix}${amountMsat * 10n}p`;
}
