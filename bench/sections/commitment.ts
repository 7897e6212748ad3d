/** Section 3: build and sign a commitment transaction with 10 HTLCs (ours only). */
import { buildAndSignCommitment, commitmentFixture, HTLC_COUNT, verifyCommitmentWork } from '../commitment/ours.ts';
import { figure, printTable, rounded } from '../report.ts';
import { measureRates, type Rate, type RateOptions } from '../timing.ts';

interface WorkloadFigures {
  opsPerSecond: number;
  opsPerCpuSecond: number;
  runsOpsPerSecond: number[];
}

export interface CommitmentFigures {
  htlcs: number;
  signaturesPerOp: number;
  keysGiven: WorkloadFigures;
  withKeyDerivation: WorkloadFigures;
}

function workloadFigures(rate: Rate): WorkloadFigures {
  return { opsPerSecond: rate.opsPerSecond, opsPerCpuSecond: rate.opsPerCpuSecond, runsOpsPerSecond: rate.runs.map(rounded) };
}

export function runCommitmentSection(options: RateOptions): CommitmentFigures {
  const fixture = commitmentFixture();
  verifyCommitmentWork(fixture);
  const batch = (deriveKeys: boolean) => (): number => {
    const signed = buildAndSignCommitment(fixture, deriveKeys);
    if (signed.htlcSignatures.length !== HTLC_COUNT) throw new Error('missing HTLC signatures');
    return 1;
  };
  const [keysGiven, withKeyDerivation] = measureRates([batch(false), batch(true)], options);
  const figures: CommitmentFigures = {
    htlcs: HTLC_COUNT,
    signaturesPerOp: HTLC_COUNT + 1,
    keysGiven: workloadFigures(keysGiven!),
    withKeyDerivation: workloadFigures(withKeyDerivation!),
  };
  const row = (label: string, w: WorkloadFigures): string[] => [label, figure(w.opsPerSecond), figure(1000 / w.opsPerSecond), figure(w.opsPerCpuSecond)];
  printTable(
    `3. BOLT 3: anchors commitment with ${HTLC_COUNT} HTLCs + its ${HTLC_COUNT} HTLC txs, built and signed (${HTLC_COUNT + 1} signatures), ours only`,
    ['workload', 'ops/s', 'ms/op', 'ops/CPU-s'],
    [
      row('ours: per-commitment keys given', figures.keysGiven),
      row('ours: incl. per-commitment key derivation', figures.withKeyDerivation),
    ],
  );
  return figures;
}
