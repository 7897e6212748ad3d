/** Amounts are whole satoshis; these helpers never go through floating-point BTC. */

export const SATS_PER_BTC = 100_000_000;
export const MAX_SATS = 21_000_000 * SATS_PER_BTC;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1,234,567" (a leading "−" for negative amounts). */
export function formatSatsNumber(sat: number): string {
  const sign = sat < 0 ? '−' : '';
  return sign + groupThousands(String(Math.abs(Math.trunc(sat))));
}

/** "1,234,567 sats", "1 sat". */
export function formatSats(sat: number): string {
  return `${formatSatsNumber(sat)} ${Math.abs(sat) === 1 ? 'sat' : 'sats'}`;
}

/** "0.01234567 BTC": always eight decimals, as wallets and explorers print BTC. */
export function formatBtc(sat: number): string {
  const sign = sat < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(sat));
  const whole = Math.floor(abs / SATS_PER_BTC);
  const fraction = String(abs % SATS_PER_BTC).padStart(8, '0');
  return `${sign}${groupThousands(String(whole))}.${fraction} BTC`;
}

export type SatsInput = { ok: true; sat: number } | { ok: false; problem: string };

/** A person's amount in sats: digits, optionally grouped with commas, spaces or underscores. */
export function parseSatsInput(text: string): SatsInput {
  const compact = text.trim().replace(/[\s,_'\u2009\u202f]/g, '');
  if (compact === '') return { ok: false, problem: 'Enter an amount in sats.' };
  if (!/^\d+$/.test(compact)) return { ok: false, problem: 'Use whole sats: digits only, no decimal point.' };
  const sat = Number(compact);
  if (sat === 0) return { ok: false, problem: 'The amount must be more than 0 sats.' };
  if (!Number.isSafeInteger(sat) || sat > MAX_SATS) return { ok: false, problem: 'That is more bitcoin than will ever exist.' };
  return { ok: true, sat };
}
