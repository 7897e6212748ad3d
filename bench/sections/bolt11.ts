/** Section 1: BOLT 11 decodes per second, ours against npm bolt11 and LDK. */
import { decodingProblem, loadValidInvoices } from '../bolt11/invoices.ts';
import type { Bolt11Contender } from '../bolt11/contender.ts';
import { ldkBolt11 } from '../bolt11/ldk.ts';
import { npmBolt11Browser, npmBolt11Native } from '../bolt11/npm.ts';
import { oursBolt11 } from '../bolt11/ours.ts';
import { recoverWithNoble, recoveryInputs } from '../bolt11/recovery-baseline.ts';
import { figure, printTable, ratio, rounded } from '../report.ts';
import { measureRates, type Batch, type Rate, type RateOptions } from '../timing.ts';

const SUBJECTS = ['ours', 'npmBolt11Native', 'npmBolt11Browser', 'ldk', 'nobleRecoveryAlone'] as const;
type Subject = (typeof SUBJECTS)[number];

export interface Bolt11Figures {
  invoicesDecodedPerBatch: number;
  excluded: { title: string; problems: Record<string, string> }[];
  /** Median decodes per wall-clock second. */
  opsPerSecond: Record<Subject, number>;
  /** Median decodes per CPU second of this process. */
  opsPerCpuSecond: Record<Subject, number>;
  runsOpsPerSecond: Record<Subject, number[]>;
  /** ours ÷ other, on decodes per second (≥ 2 over bolt11 is the target). */
  ratios: { oursOverNpmBolt11Native: number; oursOverNpmBolt11Browser: number; oursOverLdk: number };
  cpuRatios: { oursOverNpmBolt11Native: number; oursOverNpmBolt11Browser: number; oursOverLdk: number };
}

/** One batch = every invoice of the common set decoded once; a checksum keeps the results alive. */
function decodeAll(contender: Bolt11Contender, invoices: readonly string[]): Batch {
  return () => {
    let checksum = 0;
    for (const invoice of invoices) checksum += contender.decode(invoice);
    if (checksum < 0) throw new Error('impossible checksum');
    return invoices.length;
  };
}

export function runBolt11Section(options: RateOptions): Bolt11Figures {
  const contenders = { ours: oursBolt11, npmBolt11Native: npmBolt11Native(), npmBolt11Browser: npmBolt11Browser(), ldk: ldkBolt11 };
  const names = Object.keys(contenders) as (keyof typeof contenders)[];

  // Only invoices that every decoder decodes correctly (checked field by field) are timed.
  const common: string[] = [];
  const excluded: Bolt11Figures['excluded'] = [];
  for (const invoice of loadValidInvoices()) {
    const problems: Record<string, string> = {};
    for (const name of names) {
      const problem = decodingProblem(contenders[name], invoice);
      if (problem !== undefined) problems[contenders[name].name] = problem;
    }
    if (Object.keys(problems).length === 0) common.push(invoice.invoice);
    else excluded.push({ title: invoice.title, problems });
  }
  if (common.length === 0) throw new Error('no invoice is decoded correctly by every decoder');

  const recovery = recoveryInputs(common);
  const batches: Record<Subject, Batch> = {
    ours: decodeAll(contenders.ours, common),
    npmBolt11Native: decodeAll(contenders.npmBolt11Native, common),
    npmBolt11Browser: decodeAll(contenders.npmBolt11Browser, common),
    ldk: decodeAll(contenders.ldk, common),
    nobleRecoveryAlone: () => {
      let checksum = 0;
      for (const input of recovery) checksum += recoverWithNoble(input);
      if (checksum < 0) throw new Error('impossible checksum');
      return recovery.length;
    },
  };
  const measured = measureRates(
    SUBJECTS.map((subject) => batches[subject]),
    options,
  );
  const bySubject = <T>(pick: (rate: Rate) => T): Record<Subject, T> =>
    Object.fromEntries(SUBJECTS.map((subject, index) => [subject, pick(measured[index]!)])) as Record<Subject, T>;
  const opsPerSecond = bySubject((rate) => rate.opsPerSecond);
  const opsPerCpuSecond = bySubject((rate) => rate.opsPerCpuSecond);
  const ratiosOf = (ops: Record<Subject, number>): Bolt11Figures['ratios'] => ({
    oursOverNpmBolt11Native: ops.ours / ops.npmBolt11Native,
    oursOverNpmBolt11Browser: ops.ours / ops.npmBolt11Browser,
    oursOverLdk: ops.ours / ops.ldk,
  });
  const figures: Bolt11Figures = {
    invoicesDecodedPerBatch: common.length,
    excluded,
    opsPerSecond,
    opsPerCpuSecond,
    runsOpsPerSecond: bySubject((rate) => rate.runs.map(rounded)),
    ratios: ratiosOf(opsPerSecond),
    cpuRatios: ratiosOf(opsPerCpuSecond),
  };
  printBolt11(figures, [...names.map((name) => contenders[name].name), '(reference) noble key recovery alone']);
  return figures;
}

function printBolt11(figures: Bolt11Figures, labels: string[]): void {
  const { opsPerSecond: wall, opsPerCpuSecond: cpu } = figures;
  const rows = SUBJECTS.map((subject, index) => [
    labels[index]!,
    figure(wall[subject]),
    figure(1e6 / wall[subject]),
    subject === 'nobleRecoveryAlone' ? '' : ratio(wall.ours / wall[subject]),
    figure(cpu[subject]),
    subject === 'nobleRecoveryAlone' ? '' : ratio(cpu.ours / cpu[subject]),
  ]);
  printTable(
    `1. BOLT 11 decode incl. signature check: ${figures.invoicesDecodedPerBatch} spec invoices every decoder gets right (medians of interleaved runs)`,
    ['decoder', 'decodes/s', 'µs/decode', 'ours ÷ this', 'decodes/CPU-s', 'ours ÷ this (CPU)'],
    rows,
  );
  for (const { title, problems } of figures.excluded) {
    console.log(`   not timed: "${title}": ${Object.entries(problems).map(([name, problem]) => `${name} ${problem}`).join('; ')}`);
  }
}
