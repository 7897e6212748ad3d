/**
 * `npm run bench:payments`: issue 7's speed figures in one run, on one in-process devnet whose lsp
 * also serves a synthetic public graph of 10,000 signed channels (bench/gossip/):
 *   1. graph sync, as the wallet does it (engine PeerManager over WebSocket + BOLT 8, GossipSync,
 *      GraphStore on the file store): the devnet graph (from the merchant) and the synthetic graph
 *      (from the lsp), each fresh and warm; time and bytes;
 *   2. route searches over the synced synthetic graph (findRoute, and splitPayment for MPP);
 *      target under 50 ms;
 *   3. two-hop payments wallet → lsp → merchant, ours (LightningApi.pay) against an LDK node in the
 *      wallet's place, interleaved rounds; median / p90 latency and the ratio (target ≤ 1.0).
 *
 *   npm run bench:payments -- [--payments 100] [--warmup 10] [--round 25] [--amount-sat 5000]
 *                              [--channels 10000] [--nodes 2500] [--links 12] [--seed 1]
 *                              [--searches 200] [--cache-dir <dir>] [--skip-payments]
 *
 * Prints tables, then one JSON line with every figure as the last line. See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { GraphStore } from '../src/engine/gossip/graph-store.ts';
import { parseScid } from '../src/engine/routing/index.ts';
import { openFileStore } from '../src/node/file-store.ts';
import { startTestDevnet, waitFor } from '../src/node/test-support/lightning-harness.ts';
import { decodeInvoice } from '../src/protocol/bolt11/index.ts';
import { hex } from '../src/protocol/codec/bytes.ts';
import { scidToBigInt } from '../src/protocol/codec/codec.ts';
import { describeEnvironment, environmentRows } from './environment.ts';
import { integerFlag } from './flags.ts';
import { syncGraph, type SyncExpectation, type SyncResult } from './gossip/graph-sync.ts';
import { runRouteSearches, type SearchBatch } from './gossip/route-searches.ts';
import { prepareServingLsp } from './gossip/serving-lsp.ts';
import { openLdkPayer, openOurPayer, oursCanPay, type Payer } from './payments/payers.ts';
import { figure, printTable, ratio, roundAll } from './report.ts';
import { median, quantile, startStopwatch } from './timing.ts';

const { values: flags } = parseArgs({
  options: {
    payments: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
    round: { type: 'string', default: '25' },
    'amount-sat': { type: 'string', default: '5000' },
    channels: { type: 'string', default: '10000' },
    nodes: { type: 'string', default: '2500' },
    links: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    searches: { type: 'string', default: '200' },
    'cache-dir': { type: 'string', default: join(tmpdir(), 'bench-synthetic-gossip') },
    'skip-payments': { type: 'boolean', default: false },
  },
});

const PAYMENTS = integerFlag('payments', flags.payments);
const WARMUP = integerFlag('warmup', flags.warmup, true);
const ROUND = integerFlag('round', flags.round);
const AMOUNT_SAT = integerFlag('amount-sat', flags['amount-sat']);
const CHANNELS = integerFlag('channels', flags.channels);
const NODES = integerFlag('nodes', flags.nodes);
const LINKS = integerFlag('links', flags.links);
const SEED = integerFlag('seed', flags.seed);
const SEARCHES = integerFlag('searches', flags.searches);
const TARGET_SEARCH_MS = 50;
const SYNC_TIMEOUT_MS = 600_000;
/** Each payer's channel to the lsp carries all its payments; the lsp's side of lsp–merchant (3M sat) carries both payers'. */
const CHANNEL_SAT = Math.ceil(((PAYMENTS + WARMUP) * AMOUNT_SAT * 1.1 + 50_000) / 100_000) * 100_000;
if (2 * (PAYMENTS + WARMUP) * AMOUNT_SAT > 2_500_000) throw new Error('the lsp–merchant channel cannot carry that many payments: lower --payments or --amount-sat');

const environment = describeEnvironment();
const started = performance.now();
printTable('Environment', ['', ''], environmentRows(environment));
const dir = mkdtempSync(join(tmpdir(), 'bench-payments-'));
const devnetDir = join(dir, 'devnet');

const scidOf = (text: string) => scidToBigInt(parseScid(text));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the devnet, its lsp serving the synthetic graph

const serving = await prepareServingLsp({ lspDir: join(devnetDir, 'nodes', 'lsp'), cacheRoot: flags['cache-dir'], channels: CHANNELS, nodes: NODES, seed: SEED, servingLinks: LINKS });
console.error(`synthetic gossip: ${serving.gossip.messages.length} messages ${serving.fromCache ? 'from the cache' : `signed in ${figure(serving.generateMs / 1000)} s`}, LDK graph file ${figure(serving.graphFileBytes / 1e6)} MB`);
const devnetStarted = performance.now();
const devnet = await startTestDevnet(devnetDir);
const devnetMs = performance.now() - devnetStarted;
const { lsp, merchant } = devnet.network;

try {
  if (lsp.nodeId !== serving.lspNodeId) throw new Error(`the lsp is ${lsp.nodeId}, the synthetic gossip was signed for ${serving.lspNodeId}`);
  const realChannel = (await lsp.channels()).find((c) => c.isPublic && c.counterparty === merchant.nodeId);
  if (!realChannel?.scid) throw new Error('no public lsp–merchant channel');
  const realScid = scidOf(realChannel.scid);
  // Both nodes' announcements and both updates of the real channel are in both graphs before anyone syncs.
  for (const node of [lsp, merchant]) {
    await waitFor(`the ${node.name}'s graph to settle`, async () => {
      const summary = await node.graph();
      const real = summary.channels.find((c) => scidOf(c.scid) === realScid);
      const aliases = new Set(summary.nodes.map((n) => n.alias));
      return real?.updates.every(Boolean) && aliases.has('lsp') && aliases.has('merchant');
    }, { timeoutMs: 60_000 });
  }
  const lspGraph = await lsp.graph();
  const merchantGraph = await merchant.graph();
  console.error(`devnet up in ${figure(devnetMs / 1000)} s; lsp graph ${lspGraph.channels.length} channels, merchant graph ${merchantGraph.channels.length}`);

  // ---------------------------------------------------------------- 1. graph sync

  const walletSecret = secp256k1.utils.randomSecretKey();
  const walletId = hex(secp256k1.getPublicKey(walletSecret, true));
  const devnetExpect: SyncExpectation = { scids: [realScid], updates: 2, announcedNodes: [lsp.nodeId, merchant.nodeId] };
  const syntheticExpect: SyncExpectation = {
    scids: [...serving.gossip.scids, realScid],
    updates: serving.gossip.updates + 2,
    announcedNodes: [...serving.gossip.nodeIds, lsp.nodeId, merchant.nodeId],
  };
  const syncs: Record<string, SyncResult> = {};
  for (const [label, peer, expect] of [
    ['devnet graph (from merchant)', merchant, devnetExpect],
    ['synthetic graph (from lsp)', lsp, syntheticExpect],
  ] as const) {
    const store = await openFileStore(join(dir, `graph-${peer.name}`));
    try {
      for (const pass of ['fresh', 'warm'] as const) {
        const result = await syncGraph({ store, nodeSecret: walletSecret, peer: { nodeId: peer.nodeId, wsUrl: peer.wsUrl }, expect, timeoutMs: SYNC_TIMEOUT_MS });
        syncs[`${label}, ${pass}`] = result;
        console.error(`${label}, ${pass}: complete in ${figure(result.completeMs)} ms, ${result.channels} channels`);
      }
    } finally {
      await store.close();
    }
  }
  printTable('Graph sync: the engine (PeerManager + GossipSync + GraphStore on the file store) from a devnet LDK node over WebSocket', [
    '',
    'channels',
    'nodes',
    'load ms',
    'synced ms',
    'complete ms',
    'stored ms',
    'quiet ms',
    'CPU ms',
    'gossip in',
    'gossip bytes in',
    'gossip bytes out',
    'wire bytes in',
    'stored bytes',
  ], Object.entries(syncs).map(([label, r]) => [
    label,
    String(r.channels),
    `${r.nodes} (${r.announcedNodes} ann.)`,
    figure(r.loadMs),
    figure(r.syncedMs),
    figure(r.completeMs),
    figure(r.flushedMs),
    figure(r.quietMs),
    figure(r.cpuMs),
    String(r.progress.messagesReceived),
    figure(r.progress.bytesReceived),
    figure(r.progress.bytesSent),
    figure(r.wireBytesIn),
    figure(r.bytesStored),
  ]));
  for (const [label, r] of Object.entries(syncs)) {
    if (r.progress.invalidSignatures > 0 || r.progress.malformed > 0) throw new Error(`${label}: ${r.progress.invalidSignatures} invalid signatures, ${r.progress.malformed} malformed`);
  }
  const syntheticFresh = syncs['synthetic graph (from lsp), fresh']!;
  console.log(
    `\nSynthetic graph checked: ${syntheticFresh.checked.channels}/${syntheticExpect.scids.length} channels, ${syntheticFresh.checked.updates}/${syntheticExpect.updates} updates, ` +
      `${syntheticFresh.checked.announcedNodes}/${syntheticExpect.announcedNodes.length} node announcements; fresh sync: ${syntheticFresh.progress.queries} queries, ` +
      `${syntheticFresh.progress.channelsAdded} channels added, ${syntheticFresh.progress.ignored} messages ignored (duplicates: LDK streams its whole graph after any gossip_timestamp_filter).`,
  );

  // ---------------------------------------------------------------- 2. route searches over the synced graph

  const graphStore = await openFileStore(join(dir, `graph-${lsp.name}`));
  const graph = await GraphStore.open(graphStore);
  const searches = runRouteSearches({
    graph,
    payer: walletId,
    lsp: lsp.nodeId,
    payees: serving.gossip.nodeIds,
    searches: SEARCHES,
    warmup: 30,
    seed: SEED * 7919,
    // A large first hop, so that the lsp's links into the graph (2–20M sat) are what limits a split.
    firstHopMsat: 40_000_000_000n,
    singleSat: [1_000, 1_000_000],
    splitSat: [8_000_000, 30_000_000],
  });
  await graph.close();
  await graphStore.close();
  const searchRow = (label: string, batch: SearchBatch, size: string) => [
    label,
    `${batch.found}/${batch.count}`,
    figure(batch.medianMs),
    figure(batch.p90Ms),
    figure(batch.maxMs),
    `${batch.medianSize} ${size} (max ${batch.maxSize})`,
    batch.p90Ms < TARGET_SEARCH_MS ? 'yes (p90)' : 'NO',
  ];
  printTable(`Route searches over the synced graph (${searches.channels} channels, ${searches.nodes} nodes; index built in ${figure(searches.indexBuildMs)} ms), wallet → lsp → random synthetic node`, [
    '',
    'found',
    'median ms',
    'p90 ms',
    'max ms',
    'size',
    `< ${TARGET_SEARCH_MS} ms`,
  ], [
    searchRow('findRoute, 1k–1M sat', searches.single, 'hops'),
    searchRow('splitPayment (MPP), 8–30M sat', searches.split, 'parts'),
  ]);
  if (searches.channels < CHANNELS) throw new Error(`the search index has ${searches.channels} channels, fewer than ${CHANNELS}`);
  if (searches.single.found === 0) throw new Error('no route found to any synthetic node');

  // ---------------------------------------------------------------- 3. two-hop payments

  let payments: Record<string, unknown> | undefined;
  if (!flags['skip-payments']) payments = await twoHopPayments();

  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\nTotal bench time ${figure(totalSeconds)} s. See bench/README.md ("Payments and graph") for what is timed.\n`);
  console.log(
    JSON.stringify(
      roundAll({
        environment,
        options: { payments: PAYMENTS, warmup: WARMUP, round: ROUND, amountSat: AMOUNT_SAT, channels: CHANNELS, nodes: NODES, links: LINKS, seed: SEED, searches: SEARCHES },
        syntheticGossip: { messages: serving.gossip.messages.length, fromCache: serving.fromCache, signMs: serving.generateMs, ldkGraphBuildMs: serving.graphBuildMs, ldkGraphFileBytes: serving.graphFileBytes },
        devnetStartMs: devnetMs,
        graphSync: Object.fromEntries(
          Object.entries(syncs).map(([label, r]) => [
            label,
            { ...r, progress: { messagesReceived: r.progress.messagesReceived, bytesReceived: r.progress.bytesReceived, messagesSent: r.progress.messagesSent, bytesSent: r.progress.bytesSent, queries: r.progress.queries, channelsAdded: r.progress.channelsAdded, updatesApplied: r.progress.updatesApplied, nodesApplied: r.progress.nodesApplied, ignored: r.progress.ignored } },
          ]),
        ),
        routeSearches: { ...searches, targetMs: TARGET_SEARCH_MS },
        ...(payments ? { twoHopPayments: payments } : {}),
        totalSeconds,
      }),
    ),
  );

  async function twoHopPayments(): Promise<Record<string, unknown>> {
    const payers: Payer[] = [await openLdkPayer(devnet, dir, CHANNEL_SAT)];
    const ours = await openOurPayer(devnet, join(dir, 'wallet'), CHANNEL_SAT, syntheticExpect.scids.length);
    if (oursCanPay(ours.handle)) payers.unshift(ours);
    else {
      console.log('\nours: the engine has no multi-hop pay (LightningApi.pay) yet; only LDK is measured.');
      await ours.close();
    }
    try {
      const paid: string[] = [];
      const prepare = async (count: number, label: string) => {
        const out: { bolt11: string; hash: string }[] = [];
        for (let i = 0; i < count; i++) {
          const bolt11 = await merchant.invoice(AMOUNT_SAT * 1000, `${label} ${i}`);
          out.push({ bolt11, hash: hex(decodeInvoice(bolt11).paymentHash) });
        }
        await sleep(80);
        return out;
      };
      const round = async (payer: Payer, invoices: { bolt11: string; hash: string }[]) => {
        const latencies: number[] = [];
        const fees: number[] = [];
        const stop = startStopwatch();
        for (const invoice of invoices) {
          const t0 = performance.now();
          const outcome = await payer.pay(invoice.bolt11, invoice.hash);
          latencies.push(performance.now() - t0);
          if (!outcome.ok) throw new Error(`${payer.name}: payment ${invoice.hash} failed: ${outcome.detail}`);
          if (outcome.feeMsat !== undefined) fees.push(outcome.feeMsat);
          paid.push(invoice.hash);
        }
        const elapsed = stop();
        await payer.settle();
        return { latencies, fees, ...elapsed };
      };
      // The first payment of each may wait for its graph (ours syncs it from the lsp after connecting): untimed warm-up.
      for (const payer of payers) await round(payer, await prepare(Math.max(1, WARMUP), `warm-up ${payer.name}`));
      const results = new Map(payers.map((payer) => [payer.name, { latencies: [] as number[], fees: [] as number[], wallMs: 0, cpuMs: 0, roundMedians: [] as number[] }]));
      for (let done = 0, n = 1; done < PAYMENTS; done += ROUND, n++) {
        const count = Math.min(ROUND, PAYMENTS - done);
        for (const payer of payers) {
          const r = await round(payer, await prepare(count, `${payer.name} r${n}`));
          const total = results.get(payer.name)!;
          total.latencies.push(...r.latencies);
          total.fees.push(...r.fees);
          total.wallMs += r.wallMs;
          total.cpuMs += r.cpuMs;
          total.roundMedians.push(median(r.latencies));
        }
        console.error(`round ${n}: ${done + count}/${PAYMENTS}; median ms ${payers.map((p) => `${p.name} ${figure(results.get(p.name)!.roundMedians.at(-1)!)}`).join(', ')}`);
      }
      // Every invoice paid must be claimed by the merchant: a broken run cannot print good figures.
      const claimed = new Set((await merchant.payments()).filter((p) => p.direction === 'inbound' && p.status === 'succeeded').map((p) => p.paymentHash));
      const unclaimed = paid.filter((hash) => !claimed.has(hash));
      if (unclaimed.length > 0) throw new Error(`${unclaimed.length} payments reported paid were not claimed by the merchant`);

      const summary = Object.fromEntries(
        [...results].map(([name, r]) => [
          name,
          {
            payments: r.latencies.length,
            medianMs: median(r.latencies),
            p90Ms: quantile(r.latencies, 0.9),
            maxMs: Math.max(...r.latencies),
            paymentsPerSecond: (r.latencies.length * 1000) / r.wallMs,
            cpuMsPerPayment: r.cpuMs / r.latencies.length,
            medianFeeMsat: r.fees.length > 0 ? median(r.fees) : null,
            roundMedianMs: r.roundMedians,
          },
        ]),
      );
      const names = [...results.keys()];
      printTable(`Two-hop payments wallet → lsp → merchant, ${PAYMENTS} each of ${AMOUNT_SAT} sat (after ${Math.max(1, WARMUP)} warm-up), rounds of ${ROUND}, interleaved`, ['', ...names], [
        ['median latency ms', ...names.map((n) => figure(summary[n]!.medianMs))],
        ['p90 latency ms', ...names.map((n) => figure(summary[n]!.p90Ms))],
        ['max latency ms', ...names.map((n) => figure(summary[n]!.maxMs))],
        ['payments per second', ...names.map((n) => figure(summary[n]!.paymentsPerSecond))],
        ['process CPU ms per payment (devnet included)', ...names.map((n) => figure(summary[n]!.cpuMsPerPayment))],
        ['median fee msat', ...names.map((n) => String(summary[n]!.medianFeeMsat ?? '–'))],
        ['round medians ms', ...names.map((n) => summary[n]!.roundMedianMs.map(figure).join(' / '))],
      ]);
      const medianRatio = summary.ours && summary.LDK ? summary.ours.medianMs / summary.LDK.medianMs : null;
      if (medianRatio !== null) {
        printTable('Ratio (target ≤ 1.0)', ['', ''], [
          ['median latency ours / LDK', `${ratio(medianRatio)} ${medianRatio <= 1 ? '(target met)' : '(target NOT met)'}`],
          ['p90 latency ours / LDK', ratio(summary.ours!.p90Ms / summary.LDK!.p90Ms)],
        ]);
      }
      console.log(`All ${paid.length} payments (warm-up included) were claimed by the merchant.`);
      return { ...summary, medianRatioOursOverLdk: medianRatio, claimedByMerchant: paid.length };
    } finally {
      for (const payer of payers) await payer.close();
    }
  }
} finally {
  await devnet.stop();
  rmSync(dir, { recursive: true, force: true });
}
