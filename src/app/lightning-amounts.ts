/** Lightning amounts are millisatoshis; people read and type sats. */
import { formatSatsNumber, MAX_SATS } from './sats.ts';

export const MSAT_PER_SAT = 1000;

/** "1,234" or, when it has millisatoshis, "1,234.567" (trailing zeros dropped). */
export function formatMsatAsSats(msat: number): string {
  const sign = msat < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(msat));
  const whole = formatSatsNumber(Math.floor(abs / MSAT_PER_SAT));
  const rest = abs % MSAT_PER_SAT;
  return sign + (rest === 0 ? whole : `${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}`);
}

export type FeeLimitInput = { ok: true; msat: number } | { ok: false; problem: string };

/** A fee limit typed in sats: whole sats, zero allowed (a payment to the channel's own peer costs nothing). */
export function parseFeeLimitInput(text: string): FeeLimitInput {
  const compact = text.trim().replace(/[\s,_'\u2009\u202f]/g, '');
  if (compact === '') return { ok: false, problem: 'Enter the most you are willing to pay in fees, in sats.' };
  if (!/^\d+$/.test(compact)) return { ok: false, problem: 'Use whole sats: digits only, no decimal point.' };
  const sat = Number(compact);
  if (!Number.isSafeInteger(sat) || sat > MAX_SATS) return { ok: false, problem: 'That fee limit is more bitcoin than will ever exist.' };
  return { ok: true, msat: sat * MSAT_PER_SAT };
}

/** The fee limit as the field first shows it: the engine's default, rounded up to whole sats. */
export function feeLimitField(maxFeeMsat: number | null): string {
  return maxFeeMsat === null ? '' : String(Math.ceil(maxFeeMsat / MSAT_PER_SAT));
}
