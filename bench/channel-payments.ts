/**
 * `npm run bench:channels`: sequential one-hop payments wallet → lsp on one devnet, our engine
 * (LightningNode with the crash-safe file store, fdatasync on every commit) against a third LDK
 * node (LDK's WebAssembly build, as the devnet runs it) in the wallet's place. Reports median and
 * p90 latency per payment, payments per second, the ratio ours / LDK (target ≤ 1.0), where our
 * time goes, and the bytes our engine persists per channel and per payment.
 *
 *   npm run bench:channels -- --payments 500 [--warmup 10] [--round 25] [--amount-sat 5000]
 *                              [--channel-sat N] [--skip-diagnostic] [--cpu-profile]
 *
 * See bench/README.md ("Channel payments") for what exactly is timed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LdkNode, type PaymentResult } from '../devnet/ldk/ldk-node.ts';
import type { NodeEvent } from '../devnet/ldk/node-events.ts';
import { channelKey } from '../src/engine/lightning/node.ts';
import { put } from '../src/engine/storage/store.ts';
import { openWalletNode, startTestDevnet, waitFor, type WalletNode } from '../src/node/test-support/lightning-harness.ts';
import { decodeInvoice } from '../src/protocol/bolt11/index.ts';
import { hex } from '../src/protocol/codec/bytes.ts';
import { toTaggedJson, type Json } from '../src/node/tagged-json.ts';
import { CATEGORIES, monotonicUs, startCpuProfiler } from './channels/cpu-profile.ts';
import { installFsyncSwitch, monitorFiles, probeAppendDatasync, storeLog } from './channels/disk.ts';
import { logRecordBytes, OursTrace, type PaymentBreakdown } from './channels/ours-trace.ts';
import { describeEnvironment, environmentRows } from './environment.ts';
import { integerFlag } from './flags.ts';
import { figure, printTable, ratio, roundAll } from './report.ts';
import { median, quantile, startStopwatch } from './timing.ts';

// ---------------------------------------------------------------- options

const { values: flags } = parseArgs({
  options: {
    payments: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '10' },
    round: { type: 'string', default: '25' },
    'amount-sat': { type: 'string', default: '5000' },
    'channel-sat': { type: 'string' },
    'skip-diagnostic': { type: 'boolean', default: false },
    'cpu-profile': { type: 'boolean', default: false },
  },
});

const PAYMENTS = integerFlag('payments', flags.payments);
const WARMUP = integerFlag('warmup', flags.warmup, true);
const ROUND = integerFlag('round', flags.round);
const AMOUNT_SAT = integerFlag('amount-sat', flags['amount-sat']);
const DIAGNOSTIC = !flags['skip-diagnostic'];
const PROFILE = flags['cpu-profile'];
/** Every payer has its own channel of this size to the lsp. */
const PAYMENTS_PER_CHANNEL = PAYMENTS + WARMUP;
const CHANNEL_SAT = flags['channel-sat'] !== undefined ? integerFlag('channel-sat', flags['channel-sat']) : Math.ceil((PAYMENTS_PER_CHANNEL * AMOUNT_SAT * 1.1 + 50_000) / 100_000) * 100_000;
if (PAYMENTS_PER_CHANNEL * AMOUNT_SAT > CHANNEL_SAT * 0.95) throw new Error(`a ${CHANNEL_SAT} sat channel cannot carry ${PAYMENTS_PER_CHANNEL} payments of ${AMOUNT_SAT} sat`);
if (CHANNEL_SAT >= 2 ** 24) throw new Error(`${CHANNEL_SAT} sat is above LDK's non-wumbo limit; lower --payments or --amount-sat`);
const AMOUNT_MSAT = AMOUNT_SAT * 1000;

// ---------------------------------------------------------------- statistics

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Prepared {
  bolt11: string;
  hash: string;
}

interface RoundResult {
  latencies: number[];
  /** From the first payment's start to the last one's outcome. */
  wallMs: number;
  /** This process's CPU time over the same span: every node of the devnet runs in it. */
  cpuMs: number;
  /** The same span in monotonic microseconds (the CPU profile's clock). */
  span: [number, number];
}

interface ContenderResult {
  latencies: number[];
  wallMs: number;
  cpuMs: number;
  roundMedians: number[];
}

type Summary = ReturnType<typeof summarise>;

function summarise(result: ContenderResult) {
  const n = result.latencies.length;
  return {
    payments: n,
    medianMs: median(result.latencies),
    p90Ms: quantile(result.latencies, 0.9),
    meanMs: sum(result.latencies) / n,
    maxMs: Math.max(...result.latencies),
    paymentsPerSecond: (n * 1000) / result.wallMs,
    cpuMsPerPayment: result.cpuMs / n,
    roundMedianMs: result.roundMedians,
  };
}

// ---------------------------------------------------------------- setup

interface OurPayer {
  handle: WalletNode;
  trace: OursTrace;
  dir: string;
  /** False for the diagnostic payer: its rounds run with fdatasync turned into a no-op. */
  fsync: boolean;
}

interface OurRound extends RoundResult {
  breakdowns: PaymentBreakdown[];
  timelines: Map<string, number>[];
  commits: number;
  bytes: number;
  /** The log file's size and generation after the round are what `bytes` predicts (file-store.ts's compaction rule replayed). */
  logChecked: boolean;
  compactions: number;
  /** Bytes of the snapshots written by those compactions (each about the snapshot's size after the round). */
  snapshotBytes: number;
}

/** file-store.ts compacts once the log is at least max(compactAfterBytes = 1 MiB, last snapshot). */
const COMPACT_AFTER_BYTES = 1 << 20;

/** Replays the appends of a round over the log as it was before: does it end as the log on disk did? */
function replayLog(before: ReturnType<typeof storeLog>, after: ReturnType<typeof storeLog>, records: number[]): boolean {
  let log = before.bytes;
  let compactions = 0;
  for (const bytes of records) {
    log += bytes;
    if (log >= Math.max(COMPACT_AFTER_BYTES, compactions === 0 ? before.snapshotBytes : after.snapshotBytes)) {
      log = 0;
      compactions++;
    }
  }
  return log === after.bytes && compactions === after.generation - before.generation;
}

interface LdkRound extends RoundResult {
  monitorVersions: number;
  monitorBytes: number;
}

const environment = describeEnvironment();
const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'bench-channels-'));
const fsyncSwitch = await installFsyncSwitch(dir);
const datasync = await probeAppendDatasync(dir, 50, 8192);

const devnetStarted = performance.now();
const devnet = await startTestDevnet(join(dir, 'devnet'));
const devnetMs = performance.now() - devnetStarted;
const lsp = devnet.network.lsp;

async function openOurPayer(name: string, fsync: boolean): Promise<OurPayer> {
  const trace = new OursTrace();
  const payerDir = join(dir, name);
  const handle = await openWalletNode({ dir: payerDir, esploraUrl: devnet.esplora.url, beforeEffect: (_key, effect) => trace.effect(effect) });
  trace.attach(handle.store, handle.node);
  return { handle, trace, dir: payerDir, fsync };
}

const ours = await openOurPayer('wallet', true);
const diagnostic = DIAGNOSTIC ? await openOurPayer('wallet-without-fdatasync', false) : undefined;
const ourPayers = diagnostic ? [ours, diagnostic] : [ours];
const bench = await LdkNode.start({ name: 'bench', dataDir: join(dir, 'ldk-bench'), chain: devnet.chain, logLevel: 'error' });
const ldkWaiters = new Map<string, (event: NodeEvent) => void>();
bench.onEvent((event) => {
  if ((event.type === 'PaymentSent' || event.type === 'PaymentFailed') && typeof event.paymentHash === 'string') {
    const waiter = ldkWaiters.get(event.paymentHash);
    ldkWaiters.delete(event.paymentHash);
    waiter?.(event);
  }
});

try {
  // Fund every payer, connect it to the lsp, open one channel each of the same size.
  for (const payer of ourPayers) devnet.faucet.send((await payer.handle.wallet.newReceiveAddress()).address, BigInt(CHANNEL_SAT) + 200_000n);
  devnet.faucet.send(bench.wallet.script, BigInt(CHANNEL_SAT) + 200_000n);
  devnet.chain.mine(1);
  for (const payer of ourPayers) {
    await payer.handle.tick();
    payer.handle.peers.connect(`${lsp.nodeId}@${lsp.wsUrl}`);
  }
  await bench.connect(lsp.nodeId, lsp.wsUrl, { persistent: true });
  await waitFor('the wallets to connect to the lsp', () => ourPayers.every((payer) => payer.handle.peers.isConnected(lsp.nodeId)));
  const [ldkOpen, ...ourOpens] = await Promise.all([bench.open(lsp.nodeId, CHANNEL_SAT), ...ourPayers.map((payer) => payer.handle.node.openChannel(lsp.nodeId, BigInt(CHANNEL_SAT)))]);
  devnet.chain.mine(3);
  const channelIds = new Map(ourPayers.map((payer, i) => [payer, ourOpens[i]!.channelId]));
  for (const payer of ourPayers) {
    await waitFor('our channel to be ready', () => payer.handle.node.channels().find((c) => c.channelId === channelIds.get(payer) && c.phase === 'normal'), { tick: () => payer.handle.tick(), timeoutMs: 60_000 });
  }
  await waitFor('the LDK bench channel to be usable', async () => (await bench.channels()).some((c) => c.channelId === ldkOpen.channelId && c.isUsable), { timeoutMs: 60_000 });
  await waitFor('the lsp to use every channel', async () => {
    const usable = new Set((await lsp.channels()).filter((c) => c.isUsable).map((c) => c.channelId));
    return usable.has(ldkOpen.channelId) && [...channelIds.values()].every((id) => usable.has(id));
  }, { timeoutMs: 60_000 });

  const ourKey = channelKey(ours.handle.node.channelState(channelIds.get(ours)!).channelIndex);
  const channelRecord = async () => {
    const value = (await ours.handle.store.get('channels', ourKey))!;
    const json = toTaggedJson(value);
    return { valueBytes: Buffer.byteLength(JSON.stringify(json)), logFrameBytes: logRecordBytes([put('channels', ourKey, value)]), largest: largestParts(json, 3) };
  };
  const latestMonitorBytes = () => [...monitorFiles(bench.dataDir)].sort(([a], [b]) => a.localeCompare(b)).at(-1)?.[1] ?? 0;
  const recordAfterOpen = await channelRecord();
  const monitorAfterOpen = latestMonitorBytes();

  const allHashes: string[] = [];
  async function prepare(count: number, label: string): Promise<Prepared[]> {
    const out: Prepared[] = [];
    for (let i = 0; i < count; i++) {
      const bolt11 = await lsp.invoice(AMOUNT_MSAT, `${label} ${i}`);
      const hash = hex(decodeInvoice(bolt11).paymentHash);
      allHashes.push(hash);
      out.push({ bolt11, hash });
    }
    // Let the lsp's coalesced payments.json write (50 ms after a change) happen before timing starts.
    await sleep(80);
    return out;
  }

  // ---------------------------------------------------------------- contenders

  async function ourRound(payer: OurPayer, invoices: Prepared[]): Promise<OurRound> {
    const { handle, trace } = payer;
    fsyncSwitch.set(payer.fsync);
    const before = storeLog(payer.dir);
    trace.clear();
    trace.recording = true;
    const windows: [number, number][] = [];
    const spanStart = monotonicUs();
    const stop = startStopwatch();
    for (const invoice of invoices) {
      const t0 = performance.now();
      const outcome = await handle.service.pay(invoice.bolt11);
      const t1 = performance.now();
      if (outcome.status !== 'succeeded') throw new Error(`our payment failed: ${outcome.failure ?? outcome.status}`);
      windows.push([t0, t1]);
    }
    const { wallMs, cpuMs } = stop();
    const span: [number, number] = [spanStart, monotonicUs()];
    // Keep recording until the last payment's commitment dance is over: its commits count too.
    const channelId = channelIds.get(payer);
    await waitFor('our channel to settle', () => handle.node.channels().find((c) => c.channelId === channelId && c.pendingHtlcs.length === 0), { timeoutMs: 30_000 });
    await sleep(100);
    trace.recording = false;
    fsyncSwitch.set(true);
    const after = storeLog(payer.dir);
    const records = trace.commits.map((c) => logRecordBytes(c.writes));
    return {
      latencies: windows.map(([t0, t1]) => t1 - t0),
      wallMs,
      cpuMs,
      span,
      breakdowns: windows.map(([t0, t1]) => trace.breakdown(t0, t1)),
      timelines: windows.map(([t0, t1]) => trace.timeline(t0, t1).set('pay resolved', t1 - t0)),
      commits: trace.commits.length,
      bytes: sum(records),
      logChecked: replayLog(before, after, records),
      compactions: after.generation - before.generation,
      snapshotBytes: (after.generation - before.generation) * after.snapshotBytes,
    };
  }

  async function ldkRound(invoices: Prepared[]): Promise<LdkRound> {
    const before = monitorFiles(bench.dataDir);
    const returned: Promise<PaymentResult>[] = [];
    const latencies: number[] = [];
    const spanStart = monotonicUs();
    const stop = startStopwatch();
    for (const invoice of invoices) {
      const known = new Promise<NodeEvent>((resolve) => ldkWaiters.set(invoice.hash, resolve));
      const t0 = performance.now();
      const result = bench.pay(invoice.bolt11);
      returned.push(result);
      const first = await Promise.race([known, result]);
      const t1 = performance.now();
      const ok = 'type' in first ? first.type === 'PaymentSent' : first.status === 'succeeded';
      if (!ok) throw new Error(`LDK payment failed: ${JSON.stringify(first)}`);
      latencies.push(t1 - t0);
    }
    const { wallMs, cpuMs } = stop();
    const span: [number, number] = [spanStart, monotonicUs()];
    // pay() itself returns once the HTLC is gone from the channel (polled every 10 ms): the dance is over.
    for (const result of await Promise.all(returned)) if (result.status !== 'succeeded') throw new Error(`LDK payment ${result.paymentHash} ${result.status}`);
    await sleep(100);
    const added = [...monitorFiles(bench.dataDir)].filter(([path]) => !before.has(path));
    return { latencies, wallMs, cpuMs, span, monitorVersions: added.length, monitorBytes: sum(added.map(([, size]) => size)) };
  }

  // ---------------------------------------------------------------- warm-up and interleaved rounds

  if (WARMUP > 0) {
    for (const payer of ourPayers) await ourRound(payer, await prepare(WARMUP, 'warm-up ours'));
    await ldkRound(await prepare(WARMUP, 'warm-up ldk'));
  }

  const ourRounds: OurRound[] = [];
  const diagnosticRounds: OurRound[] = [];
  const ldkRounds: LdkRound[] = [];
  const profiler = PROFILE ? await startCpuProfiler() : undefined;
  for (let done = 0, round = 1; done < PAYMENTS; done += ROUND, round++) {
    const count = Math.min(ROUND, PAYMENTS - done);
    ourRounds.push(await ourRound(ours, await prepare(count, `ours r${round}`)));
    if (diagnostic) diagnosticRounds.push(await ourRound(diagnostic, await prepare(count, `diagnostic r${round}`)));
    ldkRounds.push(await ldkRound(await prepare(count, `ldk r${round}`)));
    const last = (rounds: RoundResult[]) => figure(median(rounds.at(-1)!.latencies));
    console.error(`round ${round}: ${done + count}/${PAYMENTS} payments each; median ms ours ${last(ourRounds)}${diagnostic ? `, ours without fdatasync ${last(diagnosticRounds)}` : ''}, LDK ${last(ldkRounds)}`);
  }

  /** Per payer: CPU ms per payment by category, from the samples inside its rounds. */
  let cpuByPart: { ours: Map<string, number>; ldk: Map<string, number>; diagnostic: Map<string, number> | undefined } | undefined;
  if (profiler) {
    const perPayer = [ourRounds, ldkRounds, diagnosticRounds];
    const spans = await profiler.stop(perPayer.flat().map((r) => r.span));
    let at = 0;
    const [o, l, d] = perPayer.map((rounds) => {
      const total = new Map<string, number>();
      for (const _ of rounds) for (const [name, ms] of spans[at++]!) total.set(name, (total.get(name) ?? 0) + ms / PAYMENTS);
      return total;
    });
    cpuByPart = { ours: o!, ldk: l!, diagnostic: diagnostic ? d : undefined };
  }

  // Every invoice the lsp issued was paid.
  const paid = await waitFor('the lsp to record every payment as claimed', async () => {
    const records = new Map((await lsp.payments()).filter((p) => p.direction === 'inbound').map((p) => [p.paymentHash, p.status]));
    return allHashes.every((hash) => records.get(hash) === 'succeeded') && allHashes.length;
  });

  const recordAfterRun = await channelRecord();
  const monitorAfterRun = latestMonitorBytes();
  const managerBytes = statSync(join(bench.dataDir, 'manager.bin')).size;

  // ---------------------------------------------------------------- report

  const merge = (rounds: RoundResult[]) => ({
    latencies: rounds.flatMap((r) => r.latencies),
    wallMs: sum(rounds.map((r) => r.wallMs)),
    cpuMs: sum(rounds.map((r) => r.cpuMs)),
    roundMedians: rounds.map((r) => median(r.latencies)),
  });
  const oursSummary = summarise(merge(ourRounds));
  const ldkSummary = summarise(merge(ldkRounds));
  const diagnosticSummary = diagnostic ? summarise(merge(diagnosticRounds)) : undefined;
  const medianRatio = oursSummary.medianMs / ldkSummary.medianMs;
  const throughputRatio = oursSummary.paymentsPerSecond / ldkSummary.paymentsPerSecond;

  printTable('Environment', ['', ''], [
    ...environmentRows(environment, describeEnvironment().loadAverage1m),
    ['Disk: 8 KiB append + fdatasync (median of 50)', `${figure(median(datasync))} ms (p90 ${figure(quantile(datasync, 0.9))} ms)`],
    ['Devnet start (chain, Esplora, lsp, merchant)', `${figure(devnetMs)} ms`],
  ]);

  const row = (label: string, s: Summary) => [label, figure(s.medianMs), figure(s.p90Ms), figure(s.meanMs), figure(s.paymentsPerSecond), figure(s.cpuMsPerPayment)];
  printTable(
    `${PAYMENTS} sequential one-hop payments wallet → lsp of ${AMOUNT_SAT.toLocaleString('en-US')} sat each, ${CHANNEL_SAT.toLocaleString('en-US')} sat channels, interleaved in rounds of ${ROUND} after ${WARMUP} warm-up payments each`,
    ['payer', 'median ms', 'p90 ms', 'mean ms', 'payments/s', 'process CPU ms/payment'],
    [
      row('ours (LightningNode, file store with fdatasync)', oursSummary),
      row('LDK 0.1 WASM node (devnet LdkNode)', ldkSummary),
      ...(diagnosticSummary ? [row('diagnostic: ours with fdatasync skipped', diagnosticSummary)] : []),
    ],
  );
  printTable('Ratios', ['', 'value', 'target'], [
    ['median latency ours / LDK', ratio(medianRatio), '≤ 1.00x'],
    ['payments per second ours / LDK', ratio(throughputRatio), '≥ 1.00x'],
    ...(diagnosticSummary ? [['diagnostic: median latency ours without fdatasync / LDK', ratio(diagnosticSummary.medianMs / ldkSummary.medianMs), '']] : []),
  ]);

  const split = (rounds: OurRound[]) => {
    const items = rounds.flatMap((r) => r.breakdowns);
    return {
      busyMs: median(items.map((b) => b.busyMs)),
      persistMs: median(items.map((b) => b.persistMs)),
      commits: median(items.map((b) => b.commits)),
      waitingMs: median(items.map((b) => b.waitingMs)),
    };
  };
  const persistByRound = (rounds: OurRound[]) => rounds.map((r) => median(r.breakdowns.map((b) => b.persistMs)));
  const firstLast = (rounds: OurRound[]) => `${figure(persistByRound(rounds)[0]!)} / ${figure(persistByRound(rounds).at(-1)!)}`;
  const oursSplit = split(ourRounds);
  const diagnosticSplit = diagnostic ? split(diagnosticRounds) : undefined;
  const both = (a: string, b: string | undefined) => (b === undefined ? [a] : [a, b]);
  printTable('Where our payment time goes (medians per payment, up to the outcome)', ['', ...both('ours', diagnostic ? 'ours without fdatasync' : undefined)], [
    ['latency', ...both(figure(oursSummary.medianMs), diagnosticSummary && figure(diagnosticSummary.medianMs))],
    ['our engine busy (pay command + handling each lsp message)', ...both(figure(oursSplit.busyMs), diagnosticSplit && figure(diagnosticSplit.busyMs))],
    ['  of which in store commits (encode, append, fdatasync)', ...both(figure(oursSplit.persistMs), diagnosticSplit && figure(diagnosticSplit.persistMs))],
    ['  in store commits, first round / last round (the record grows)', ...both(firstLast(ourRounds), diagnostic && firstLast(diagnosticRounds))],
    ['  store commits started', ...both(String(oursSplit.commits), diagnosticSplit && String(diagnosticSplit.commits))],
    ['waiting for the lsp (same thread) and the sockets', ...both(figure(oursSplit.waitingMs), diagnosticSplit && figure(diagnosticSplit.waitingMs))],
  ]);

  if (cpuByPart) {
    const { ours: o, ldk: l, diagnostic: d } = cpuByPart;
    const cell = (map: Map<string, number>, name: string) => figure(map.get(name) ?? 0);
    const total = (map: Map<string, number>) => sum([...map.values()]);
    printTable('CPU per payment in this process during the rounds, by code (--cpu-profile; the lsp runs in every row)', ['ms', 'ours', 'LDK', ...(d ? ['ours without fdatasync'] : [])], [
      ...CATEGORIES.map((name) => [name, cell(o, name), cell(l, name), ...(d ? [cell(d, name)] : [])]),
      ['total (idle excluded)', figure(total(o)), figure(total(l)), ...(d ? [figure(total(d))] : [])],
    ]);
  }

  const timeline = medianTimeline(ourRounds.flatMap((r) => r.timelines));
  printTable('Our median timeline of one payment (ms after pay was called; recv = message entered the node, done = handled)', ['event', 'ms', '% of payments'], timeline.map((t) => [t.label, figure(t.ms), String(t.share)]));

  const commits = sum(ourRounds.map((r) => r.commits));
  const bytes = sum(ourRounds.map((r) => r.bytes));
  const matched = ourRounds.filter((r) => r.logChecked).length;
  const compactions = sum(ourRounds.map((r) => r.compactions));
  const compactionBytes = sum(ourRounds.map((r) => r.snapshotBytes));
  const snapshotBytes = storeLog(ours.dir).snapshotBytes;
  const monitorVersions = sum(ldkRounds.map((r) => r.monitorVersions));
  const monitorBytes = sum(ldkRounds.map((r) => r.monitorBytes));
  const growth = (after: number, before: number) => figure((after - before) / PAYMENTS_PER_CHANNEL);
  printTable(`Persisted bytes (our channel record is what every persist writes; ${PAYMENTS_PER_CHANNEL} payments on each channel)`, ['', 'ours', 'LDK (devnet node)'], [
    ['channel record after open (tagged JSON / ChannelMonitor)', figure(recordAfterOpen.valueBytes), figure(monitorAfterOpen)],
    ['channel record after the run', figure(recordAfterRun.valueBytes), figure(monitorAfterRun)],
    ['  growth per payment', growth(recordAfterRun.valueBytes, recordAfterOpen.valueBytes), growth(monitorAfterRun, monitorAfterOpen)],
    ...recordAfterRun.largest.map(([path, size]) => [`  largest part: ${path}`, figure(size), '']),
    ['  as one log frame (one persist of the channel)', figure(recordAfterRun.logFrameBytes), ''],
    ['ChannelManager (manager.bin, all channels, rewritten at most every 50 ms)', '', figure(managerBytes)],
    ['writes per payment (store commits / monitor versions)', figure(commits / PAYMENTS), figure(monitorVersions / PAYMENTS)],
    ['bytes written per payment, whole run (log appends / monitor files)', figure(bytes / PAYMENTS), figure(monitorBytes / PAYMENTS)],
    ['  in the first round / the last round', `${figure(ourRounds[0]!.bytes / ourRounds[0]!.latencies.length)} / ${figure(ourRounds.at(-1)!.bytes / ourRounds.at(-1)!.latencies.length)}`, `${figure(ldkRounds[0]!.monitorBytes / ldkRounds[0]!.latencies.length)} / ${figure(ldkRounds.at(-1)!.monitorBytes / ldkRounds.at(-1)!.latencies.length)}`],
    ['  checked against the log file on disk', `${matched}/${ourRounds.length} rounds match`, ''],
    [`  + snapshot rewrites (${compactions} compactions, snapshot now ${figure(snapshotBytes)} B)`, figure(compactionBytes / PAYMENTS), ''],
  ]);
  if (matched !== ourRounds.length) console.warn(`warning: the log on disk differs from the counted appends in ${ourRounds.length - matched} round(s)`);

  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\nTotal bench time ${figure(totalSeconds)} s; ${paid} invoices paid and claimed by the lsp. See bench/README.md for what is timed.\n`);
  console.log(
    JSON.stringify(
      roundAll({
        environment,
        options: { payments: PAYMENTS, warmup: WARMUP, round: ROUND, amountSat: AMOUNT_SAT, channelSat: CHANNEL_SAT },
        datasyncMs: { median: median(datasync), p90: quantile(datasync, 0.9) },
        ours: oursSummary,
        ldk: ldkSummary,
        ...(diagnosticSummary ? { oursWithoutFdatasync: diagnosticSummary } : {}),
        ratios: { medianLatencyOursOverLdk: medianRatio, paymentsPerSecondOursOverLdk: throughputRatio },
        oursBreakdownMs: { ...oursSplit, persistMsByRound: persistByRound(ourRounds) },
        ...(diagnosticSplit ? { oursWithoutFdatasyncBreakdownMs: { ...diagnosticSplit, persistMsByRound: persistByRound(diagnosticRounds) } } : {}),
        ...(cpuByPart ? { cpuMsPerPaymentByPart: { ours: Object.fromEntries(cpuByPart.ours), ldk: Object.fromEntries(cpuByPart.ldk), ...(cpuByPart.diagnostic ? { oursWithoutFdatasync: Object.fromEntries(cpuByPart.diagnostic) } : {}) } } : {}),
        oursTimelineMs: Object.fromEntries(timeline.map((t) => [t.label, t.ms])),
        persisted: {
          ours: {
            channelRecordAfterOpenBytes: recordAfterOpen.valueBytes,
            channelRecordAfterRunBytes: recordAfterRun.valueBytes,
            channelRecordLargestParts: Object.fromEntries(recordAfterRun.largest),
            channelLogFrameBytes: recordAfterRun.logFrameBytes,
            commitsPerPayment: commits / PAYMENTS,
            bytesPerPayment: bytes / PAYMENTS,
            bytesPerPaymentByRound: ourRounds.map((r) => r.bytes / r.latencies.length),
            roundsCheckedAgainstLog: `${matched}/${ourRounds.length}`,
            compactions,
            snapshotBytesPerPayment: compactionBytes / PAYMENTS,
            snapshotBytes,
          },
          ldk: {
            monitorAfterOpenBytes: monitorAfterOpen,
            monitorAfterRunBytes: monitorAfterRun,
            managerBytes,
            monitorVersionsPerPayment: monitorVersions / PAYMENTS,
            monitorBytesPerPayment: monitorBytes / PAYMENTS,
          },
        },
        totalSeconds,
      }),
    ),
  );
} finally {
  for (const payer of ourPayers) await payer.handle.close();
  await bench.stop();
  await devnet.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Labels that occur in at least half of the payments, by median offset. */
function medianTimeline(timelines: Map<string, number>[]): { label: string; ms: number; share: number }[] {
  const offsets = new Map<string, number[]>();
  for (const timeline of timelines) for (const [label, ms] of timeline) offsets.set(label, [...(offsets.get(label) ?? []), ms]);
  return [...offsets]
    .filter(([, list]) => list.length * 2 >= timelines.length)
    .map(([label, list]) => ({ label, ms: median(list), share: Math.round((100 * list.length) / timelines.length) }))
    .sort((a, b) => a.ms - b.ms);
}

/** The `count` largest subtrees of a JSON value two levels down (`commitments.revokedHtlcs`), by encoded size. */
function largestParts(json: Json, count: number): [string, number][] {
  const parts: [string, number][] = [];
  const visit = (value: Json, path: string, depth: number) => {
    if (depth === 2 || value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (path) parts.push([path, Buffer.byteLength(JSON.stringify(value))]);
      return;
    }
    for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key, depth + 1);
  };
  visit(json, '', 0);
  return parts.sort((a, b) => b[1] - a[1]).slice(0, count);
}
