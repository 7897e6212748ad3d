import type { FeeRates } from '../worker/wallet-api.ts';

export type FeeChoice = keyof FeeRates | 'custom';

export const FEE_CHOICES: readonly (keyof FeeRates)[] = ['slow', 'normal', 'fast'];

export const MAX_FEE_RATE = 10_000;

/** "12 sat/vB", "1.5 sat/vB". */
export function formatFeeRate(rate: number): string {
  return `${Number(rate.toFixed(2))} sat/vB`;
}

export type FeeRateInput = { ok: true; rate: number } | { ok: false; problem: string };

/** A custom fee rate a person typed, in sat/vB; a decimal comma is accepted. */
export function parseFeeRateInput(text: string): FeeRateInput {
  const compact = text.trim().replace(',', '.');
  if (compact === '') return { ok: false, problem: 'Enter a fee rate in sat/vB.' };
  if (!/^\d+(\.\d{1,3})?$/.test(compact)) return { ok: false, problem: 'Use a number like 5 or 2.5.' };
  const rate = Number(compact);
  if (rate < 1) return { ok: false, problem: 'Use at least 1 sat/vB, or the network will not relay the transaction.' };
  if (rate > MAX_FEE_RATE) return { ok: false, problem: `That is more than ${MAX_FEE_RATE.toLocaleString('en-US')} sat/vB: check for a typing mistake.` };
  return { ok: true, rate };
}

/** The fee rate a choice stands for, or the problem with the custom one. */
export function resolveFeeRate(choice: FeeChoice, rates: FeeRates | undefined, custom: string): FeeRateInput {
  if (choice === 'custom') return parseFeeRateInput(custom);
  if (!rates) return { ok: false, problem: 'Fee estimates are not available yet: wait a moment, or enter a custom fee rate.' };
  return { ok: true, rate: rates[choice] };
}

/** Without estimates (they failed to load) only a custom rate is possible; while they load, the choice stands. */
export function effectiveFeeChoice(choice: FeeChoice, estimates: 'loaded' | 'loading' | 'failed'): FeeChoice {
  return estimates === 'failed' ? 'custom' : choice;
}
