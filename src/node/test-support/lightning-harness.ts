/**
 * The wallet with its LightningService (the assembly the worker and the CLI run), in this process,
 * against a devnet chain and its Esplora server on 127.0.0.1, with or without the devnet's LDK
 * nodes: what the interop tests, the hostile-peer tests and the channel bench drive. Storage is the
 * crash-safe file store, so a "restart" is a new wallet and service over the same directory.
 */
import { join } from 'node:path';
import WebSocket from 'ws';
import { openDevnetChain, type Chain, type Faucet } from '../../../devnet/chain/index.ts';
import { startEsploraServer, type EsploraServer } from '../../../devnet/esplora/server.ts';
import { DevnetNetwork } from '../../../devnet/ldk/network.ts';
import type { ChannelPolicy } from '../../engine/channel/policy.ts';
import type { ChannelState, Effect } from '../../engine/channel/state.ts';
import type { ScryptCost } from '../../engine/keys/kdf.ts';
import type { LightningNode } from '../../engine/lightning/node.ts';
import { LightningService } from '../../engine/lightning/service.ts';
import type { PeerManager } from '../../engine/peer/index.ts';
import { parsePeerUri } from '../../engine/peer-uri.ts';
import type { Store } from '../../engine/storage/store.ts';
import type { WebSocketLike } from '../../engine/transport/index.ts';
import { Wallet } from '../../engine/wallet/wallet.ts';
import { openFileStore } from '../file-store.ts';

/** A passphrase KDF cost cheap enough for tests (real wallets calibrate theirs). */
export const TINY_COST: ScryptCost = { log2N: 4, r: 8, p: 1 };
const PASS = 'test passphrase';

/** The devnet chain in this process and its Esplora server. */
export interface TestChain {
  chain: Chain;
  faucet: Faucet;
  esplora: EsploraServer;
  stop(): Promise<void>;
}

/** Starts the chain (kept in `dataDir`, or in memory without one) and its Esplora server on a free port. */
export async function startTestChain(dataDir?: string): Promise<TestChain> {
  const { chain, faucet } = openDevnetChain(dataDir ? { dataDir } : {});
  const esplora = await startEsploraServer({ chain, port: 0 });
  return {
    chain,
    faucet,
    esplora,
    stop: async () => {
      await esplora.close();
      chain.close();
    },
  };
}

/** The chain with the devnet's LDK nodes on it (`network.lsp`, `network.merchant`). */
export interface Devnet extends TestChain {
  network: DevnetNetwork;
}

export async function startTestDevnet(dataDir: string): Promise<Devnet> {
  const chain = await startTestChain(join(dataDir, 'chain'));
  const network = await DevnetNetwork.start({
    chain: chain.chain,
    dataDir: join(dataDir, 'nodes'),
    fund: async (script, sats) => chain.faucet.send(script, sats),
    logLevel: 'error',
  });
  return {
    ...chain,
    network,
    stop: async () => {
      await network.stop();
      await chain.stop();
    },
  };
}

export interface WalletNode {
  wallet: Wallet;
  service: LightningService;
  node: LightningNode;
  peers: PeerManager;
  store: Store;
  nodeId: string;
  /** Everything the node logged, timestamped. */
  logs: string[];
  /** Test hook: return true to drop the peer connections right after this effect runs. */
  dropConnectionAfter?: ((effect: Effect) => boolean) | undefined;
  /** Polls the chain and syncs the on-chain wallet once. */
  tick(): Promise<void>;
  /** Connects to a peer (remembered, so a restart reconnects it) and waits until the connection is up. */
  connect(uri: string): Promise<void>;
  channelState(channelId: string): ChannelState;
  close(): Promise<void>;
}

export interface WalletNodeOptions {
  dir: string;
  esploraUrl: string;
  policy?: Partial<ChannelPolicy>;
  beforeEffect?: (channelKey: string, effect: Effect, index: number) => void;
  /**
   * How often the service polls the chain by itself. By default rarely: the tests move the chain
   * with `tick()`. The hostile-peer tests let the wallet notice the chain on its own.
   */
  pollIntervalMs?: number;
}

/** Creates the wallet in `dir` (or reopens the one there) and starts its Lightning service. */
export async function openWalletNode(options: WalletNodeOptions): Promise<WalletNode> {
  const store = await openFileStore(options.dir);
  const wallet = await Wallet.open({ store, network: 'regtest', defaultEsploraUrl: options.esploraUrl, vaultCost: TINY_COST });
  if (wallet.walletState().state === 'none') await wallet.finishCreate(wallet.generateMnemonic(), PASS);
  else await wallet.unlock(PASS);
  const logs: string[] = [];
  /** Set below, once the service exists: the hook reads the test's dropConnectionAfter from it. */
  const ref: { handle?: WalletNode } = {};
  const service = await LightningService.start({
    wallet,
    store,
    network: 'regtest',
    esploraUrl: options.esploraUrl,
    createSocket: (url) => new WebSocket(url, { perMessageDeflate: false }) as unknown as WebSocketLike,
    ...(options.policy ? { policy: options.policy } : {}),
    pollIntervalMs: options.pollIntervalMs ?? 60_000,
    backoff: { initialMs: 100, maxMs: 1_000 },
    feeratePerKw: async () => 1000,
    beforeEffect: (key, effect, index) => {
      options.beforeEffect?.(key, effect, index);
      if (ref.handle?.dropConnectionAfter?.(effect)) {
        // After this effect: let it run, then cut the sockets as a network failure would.
        const peers = service.peers;
        queueMicrotask(() => {
          for (const status of peers.peers()) peers.session(status.nodeId)?.close();
        });
      }
    },
    log: (m) => logs.push(`${new Date().toISOString()} ${m}`),
  });
  ref.handle = {
    wallet,
    service,
    node: service.node,
    peers: service.peers,
    store,
    nodeId: service.node.nodeId,
    logs,
    tick: async () => {
      await service.node.pollChain();
      await wallet.sync({ force: true });
    },
    connect: async (uri) => {
      await service.peerConnect(uri);
      await service.waitConnected(parsePeerUri(uri).nodeId);
    },
    channelState: (channelId) => service.node.channelState(channelId),
    close: async () => {
      await service.stop();
      await store.close();
    },
  };
  return ref.handle;
}

/** Polls `check` (after `tick`, if given) until it returns something, or fails after the timeout (20 s by default). */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, options: { timeoutMs?: number; tick?: () => Promise<void> } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    await options.tick?.();
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Mines `blocksPerStep` blocks at a time, letting the wallet see each step, until every channel
 * given is closed (its closing transaction and every claim confirmed). Returns the closed states, in order.
 */
export async function mineUntilClosed(
  w: WalletNode,
  chain: Chain,
  channelIds: readonly string[],
  options: { blocksPerStep?: number; maxBlocks?: number } = {},
): Promise<(ChannelState & { phase: 'closed' })[]> {
  const { blocksPerStep = 1, maxBlocks = 200 } = options;
  for (let mined = 0; mined <= maxBlocks; mined += blocksPerStep) {
    // Two looks a moment apart: what the first one sets going (a claim published) the second one sees.
    await w.tick();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await w.tick();
    const states = channelIds.map((id) => w.channelState(id));
    if (states.every((s) => s.phase === 'closed')) return states as (ChannelState & { phase: 'closed' })[];
    chain.mine(blocksPerStep);
  }
  const open = channelIds.filter((id) => w.channelState(id).phase !== 'closed');
  throw new Error(`still not closed after ${maxBlocks} blocks: ${JSON.stringify(open.map((id) => w.node.channels().find((c) => c.channelId === id)))}`);
}
