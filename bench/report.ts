/** Plain-text tables and number formatting for the console report. */

export type Row = readonly string[];

export function printTable(title: string, header: Row, rows: readonly Row[]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: Row): string => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** A figure with three significant digits, thousands separated. */
export function figure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** Rounds a number for the JSON line (three significant decimals is plenty for timings). */
export function rounded(value: number): number {
  return Number(value.toPrecision(4));
}

/** Rounds every non-integer number in a JSON-able value for the JSON line; NaN and infinities become null. */
export function roundAll(value: unknown): unknown {
  if (typeof value === 'number') return !Number.isFinite(value) ? null : Number.isInteger(value) ? value : rounded(value);
  if (Array.isArray(value)) return value.map(roundAll);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, roundAll(inner)]));
  return value;
}
