import { formatMsatAsSats } from './lightning-amounts.ts';
import { formatBtc, formatSatsNumber } from './sats.ts';

/** An amount in sats with thousands separators, the unit a little quieter. */
export function Sats({ value, signed = false, testId }: { value: number; signed?: boolean; testId?: string }) {
  const sign = signed && value > 0 ? '+' : '';
  return (
    <span className="amount" data-testid={testId} data-sat={value}>
      {sign}
      {formatSatsNumber(value)}
      <span className="amount-unit"> {Math.abs(value) === 1 ? 'sat' : 'sats'}</span>
    </span>
  );
}

export function Btc({ value, testId }: { value: number; testId?: string }) {
  return (
    <span className="amount amount-btc" data-testid={testId}>
      {formatBtc(value)}
    </span>
  );
}

/** A Lightning amount, shown in sats (with millisatoshis only when there are some). */
export function Msat({ value, signed = false, testId }: { value: number; signed?: boolean; testId?: string }) {
  const sign = signed && value > 0 ? '+' : '';
  return (
    <span className="amount" data-testid={testId} data-msat={value}>
      {sign}
      {formatMsatAsSats(value)}
      <span className="amount-unit"> {Math.abs(value) === 1000 ? 'sat' : 'sats'}</span>
    </span>
  );
}
