import { EngineError } from '../engine-error.ts';

export const SATS_PER_BTC = 100_000_000n;
/** 21 million BTC: no amount can be larger. */
export const MAX_MONEY_SATS = 21_000_000n * SATS_PER_BTC;

/**
 * Parses a decimal BTC amount ("0.001", "21", ".5") into satoshis with string arithmetic, so no
 * binary-float rounding can change the value. At most 8 decimals; no sign, exponent or separators.
 */
export function parseBtcAmount(text: string): bigint {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || text === '' || text === '.') {
    throw new EngineError('invalid_amount', `"${text}" is not a BTC amount: use digits with an optional decimal point, e.g. 0.0015`);
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > 8) {
    throw new EngineError('invalid_amount', `"${text}" has more than 8 decimals: a satoshi (0.00000001 BTC) is the smallest unit`);
  }
  const sats = BigInt(whole || '0') * SATS_PER_BTC + BigInt(fraction.padEnd(8, '0'));
  if (sats > MAX_MONEY_SATS) throw new EngineError('invalid_amount', `${text} BTC is more than the 21 million bitcoin that can exist`);
  return sats;
}

/** Satoshis as a decimal BTC string without trailing zeros: 150000n → "0.0015", 100000000n → "1". */
export function formatBtcAmount(sats: bigint): string {
  if (sats < 0n) throw new RangeError(`a BTC amount cannot be negative: ${sats}`);
  const whole = sats / SATS_PER_BTC;
  const fraction = (sats % SATS_PER_BTC).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}
