/** Section 2: BOLT 8 handshake and 1,000 encrypted 1 KiB messages, ours against two LDK PeerManagers. */
import { LdkNoiseContender } from '../noise/ldk-peers.ts';
import { OursNoiseContender } from '../noise/ours-peers.ts';
import { MESSAGE_COUNT, PAYLOAD_LENGTH, type NoiseContender, type NoiseRound } from '../noise/scenario.ts';
import { figure, printTable, ratio, rounded } from '../report.ts';
import { median, type Elapsed } from '../timing.ts';

export interface NoiseOptions {
  handshakeWarmup: number;
  handshakeSamples: number;
  roundWarmup: number;
  roundSamples: number;
}

/** Medians in milliseconds, of wall time or of this process's CPU time. */
interface PhaseMedians {
  /** Over handshake-only samples: three acts plus the init exchange. */
  handshakeMs: number;
  /** Over full rounds: encrypt, deliver, decrypt and check MESSAGE_COUNT messages. */
  messagesMs: number;
  /** Over full rounds: handshake + messages. */
  roundMs: number;
}

interface ContenderFigures {
  wall: PhaseMedians;
  cpu: PhaseMedians;
  handshakeSamplesWallMs: number[];
  roundsWallMs: { handshakeMs: number; messagesMs: number }[];
}

export interface NoiseFigures {
  messages: number;
  payloadBytes: number;
  ours: ContenderFigures;
  ldk: ContenderFigures;
  /** ours time ÷ LDK time (≤ 2 is the target). */
  timeRatios: PhaseMedians;
  cpuTimeRatios: PhaseMedians;
  ldkLogRecordsPerRound: number;
}

/** Runs `sample` on each contender in turn, `count` times, after `warmup` unrecorded turns. */
function interleave<T>(contenders: readonly NoiseContender[], sample: (contender: NoiseContender) => T, warmup: number, count: number): T[][] {
  const results: T[][] = contenders.map(() => []);
  for (let turn = 0; turn < warmup + count; turn++) {
    contenders.forEach((contender, index) => {
      const result = sample(contender);
      if (turn >= warmup) results[index]!.push(result);
    });
  }
  return results;
}

function medians(handshakes: Elapsed[], rounds: NoiseRound[], clock: keyof Elapsed): PhaseMedians {
  return {
    handshakeMs: median(handshakes.map((handshake) => handshake[clock])),
    messagesMs: median(rounds.map((round) => round.messages[clock])),
    roundMs: median(rounds.map((round) => round.handshake[clock] + round.messages[clock])),
  };
}

function summarise(handshakes: Elapsed[], rounds: NoiseRound[]): ContenderFigures {
  return {
    wall: medians(handshakes, rounds, 'wallMs'),
    cpu: medians(handshakes, rounds, 'cpuMs'),
    handshakeSamplesWallMs: handshakes.map((handshake) => rounded(handshake.wallMs)),
    roundsWallMs: rounds.map((round) => ({ handshakeMs: rounded(round.handshake.wallMs), messagesMs: rounded(round.messages.wallMs) })),
  };
}

function ratios(ours: PhaseMedians, ldk: PhaseMedians): PhaseMedians {
  return {
    handshakeMs: ours.handshakeMs / ldk.handshakeMs,
    messagesMs: ours.messagesMs / ldk.messagesMs,
    roundMs: ours.roundMs / ldk.roundMs,
  };
}

export function runNoiseSection(options: NoiseOptions): NoiseFigures {
  const ours = new OursNoiseContender();
  const ldk = new LdkNoiseContender();
  const contenders = [ours, ldk];
  for (const contender of contenders) contender.verifyOnce();

  const handshakes = interleave(contenders, (contender) => contender.runHandshake(), options.handshakeWarmup, options.handshakeSamples);
  const logRecordsBefore = ldk.logRecords;
  const rounds = interleave(contenders, (contender) => contender.runRound(), options.roundWarmup, options.roundSamples);
  const ldkLogRecordsPerRound = (ldk.logRecords - logRecordsBefore) / (options.roundWarmup + options.roundSamples);

  const oursFigures = summarise(handshakes[0]!, rounds[0]!);
  const ldkFigures = summarise(handshakes[1]!, rounds[1]!);
  const figures: NoiseFigures = {
    messages: MESSAGE_COUNT,
    payloadBytes: PAYLOAD_LENGTH,
    ours: oursFigures,
    ldk: ldkFigures,
    timeRatios: ratios(oursFigures.wall, ldkFigures.wall),
    cpuTimeRatios: ratios(oursFigures.cpu, ldkFigures.cpu),
    ldkLogRecordsPerRound,
  };
  printNoise(figures, [ours.name, ldk.name], options);
  return figures;
}

function printNoise(figures: NoiseFigures, labels: [string, string], options: NoiseOptions): void {
  const row = (label: string, m: PhaseMedians): string[] => [
    label,
    figure(m.handshakeMs),
    figure(m.messagesMs),
    figure((figures.messages * 1000) / m.messagesMs),
    figure(m.roundMs),
  ];
  const ratioRow = (label: string, r: PhaseMedians): string[] => [label, ratio(r.handshakeMs), ratio(r.messagesMs), '', ratio(r.roundMs)];
  printTable(
    `2. BOLT 8: handshake (+ init exchange), then ${figures.messages} messages with ${figures.payloadBytes}-byte payloads ` +
      `(medians of ${options.handshakeSamples} handshakes and ${options.roundSamples} rounds, interleaved)`,
    ['implementation', 'handshake ms', `${figures.messages} msgs ms`, 'msgs/s', 'handshake+msgs ms'],
    [
      row(`${labels[0]}, wall`, figures.ours.wall),
      row(`${labels[1]}, wall`, figures.ldk.wall),
      ratioRow('ours ÷ LDK, wall (target ≤ 2)', figures.timeRatios),
      row(`${labels[0]}, CPU`, figures.ours.cpu),
      row(`${labels[1]}, CPU`, figures.ldk.cpu),
      ratioRow('ours ÷ LDK, CPU (target ≤ 2)', figures.cpuTimeRatios),
    ],
  );
  console.log(`   LDK logged ${figure(figures.ldkLogRecordsPerRound)} records per round to a no-op logger (its trace logging is compiled in).`);
}
