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

/** "+1,234 sats" for money in, "−1,234 sats" for money out. */
export function formatSignedSats(sat: number): string {
  return sat > 0 ? `+${formatSats(sat)}` : formatSats(sat);
}

/** "0.01234567 BTC": always eight decimals, as wallets and explorers print BTC. */
export function formatBtc(sat: number): string {
  const sign = sat < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(sat));
  const whole = Math.floor(abs / SATS_PER_BTC);
  const fraction = String(abs % SATS_PER_BTC).padStart(8, '0');
  return `${sign}${groupThousands(String(whole))}.${fraction} BTC`;
}

/** The shortest decimal BTC string for an amount, as BIP21's `amount` wants it: 100000 → "0.001". */
export function satsToBtcDecimal(sat: number): string {
  const whole = Math.floor(sat / SATS_PER_BTC);
  const fraction = String(sat % SATS_PER_BTC)
    .padStart(8, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Reads a decimal BTC amount exactly ("0.001" → 100000); undefined if it is not one. */
export function btcDecimalToSats(text: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{0,8}))?$/.exec(text.trim());
  if (!match) return undefined;
  const sat = Number(match[1]) * SATS_PER_BTC + Number((match[2] ?? '').padEnd(8, '0'));
  return Number.isSafeInteger(sat) && sat <= MAX_SATS ? sat : undefined;
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
