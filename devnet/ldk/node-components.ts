/**
 * Builds one node's LDK objects, fresh or from its data directory. The restart order follows
 * LDK's: ChannelMonitors are read first, then the ChannelManager (given the monitors), then the
 * monitors are handed to the ChainMonitor; chain sync to the tip happens afterwards (ChainFollower).
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { displayToHash, hashToDisplay } from '../chain/bytes.ts';
import type { ChainSource } from '../chain/source.ts';
import type { StoredBestBlock } from './chain-follower.ts';
import { makeGossipSync, loadNetworkGraph } from './gossip.ts';
import { ShortChannelIdQueries } from './gossip-queries.ts';
import { makeKvStore } from './kv-store.ts';
import { ldk } from './ldk.ts';
import type { NodeLogger } from './logger.ts';
import { makeMonitorPersister } from './monitor-persister.ts';
import type { NodeStore } from './node-store.ts';
import { WatchedChainData } from './watched-chain-data.ts';

export const MANAGER_FILE = 'manager.bin';
/** Where LDK's OutputSweeper keeps its state in a KVStore (empty namespaces, this key). */
const SWEEPER_KEY = 'output_sweeper';

export interface NodeComponents {
  keys: ldk.KeysManager;
  chainMonitor: ldk.ChainMonitor;
  channelManager: ldk.ChannelManager;
  graph: ldk.NetworkGraph;
  peerManager: ldk.PeerManager;
  sweeper: ldk.OutputSweeper;
  watched: WatchedChainData;
  feeEstimator: ldk.FeeEstimator;
  /** Best blocks of everything loaded from disk, for the chain catch-up. */
  storedBestBlocks: StoredBestBlock[];
}

export interface ComponentInputs {
  store: NodeStore;
  seed: Uint8Array;
  chain: ChainSource;
  logger: NodeLogger;
  feeEstimator: ldk.FeeEstimator;
  broadcaster: ldk.BroadcasterInterface;
  config: ldk.UserConfig;
  /** The sweeper's destination: the on-chain wallet. */
  changeScript: Uint8Array;
}

export function buildComponents(inputs: ComponentInputs): NodeComponents {
  const { store, chain, feeEstimator, broadcaster, config } = inputs;
  const logger = inputs.logger.ldkLogger;
  const now = Date.now();
  const nowSecs = Math.floor(now / 1000);
  const keys = ldk.KeysManager.constructor_new(inputs.seed, BigInt(nowSecs), (now % 1000) * 1_000_000);
  const entropy = keys.as_EntropySource();
  const watched = new WatchedChainData();
  const chainMonitor = ldk.ChainMonitor.constructor_new(
    ldk.Option_FilterZ.constructor_some(watched.filter),
    broadcaster,
    logger,
    feeEstimator,
    makeMonitorPersister(store, (message) => inputs.logger.warn(message)),
  );

  const graph = loadNetworkGraph(store, logger);
  const scorer = ldk.ProbabilisticScorer.constructor_new(ldk.ProbabilisticScoringDecayParameters.constructor_default(), graph, logger);
  const router = ldk.DefaultRouter.constructor_new(
    graph,
    logger,
    entropy,
    ldk.MultiThreadedLockableScore.constructor_new(scorer.as_Score()).as_LockableScore(),
    ldk.ProbabilisticScoringFeeParameters.constructor_default(),
  );
  const messageRouter = ldk.DefaultMessageRouter.constructor_new(graph, entropy);

  const monitors = store.latestMonitors().map((stored) => {
    const read = ldk.UtilMethods.constructor_C2Tuple_ThirtyTwoBytesChannelMonitorZ_read(stored.bytes, entropy, keys.as_SignerProvider());
    if (!(read instanceof ldk.Result_C2Tuple_ThirtyTwoBytesChannelMonitorZDecodeErrorZ_OK)) {
      throw new Error(`${store.dir}: cannot read monitor ${stored.key} version ${stored.updateId}`);
    }
    return read.res.get_b();
  });

  const managerBytes = store.read(MANAGER_FILE);
  let channelManager: ldk.ChannelManager;
  if (managerBytes) {
    const read = ldk.UtilMethods.constructor_C2Tuple_ThirtyTwoBytesChannelManagerZ_read(
      managerBytes,
      entropy,
      keys.as_NodeSigner(),
      keys.as_SignerProvider(),
      feeEstimator,
      chainMonitor.as_Watch(),
      broadcaster,
      router.as_Router(),
      messageRouter.as_MessageRouter(),
      logger,
      config,
      monitors,
    );
    if (!(read instanceof ldk.Result_C2Tuple_ThirtyTwoBytesChannelManagerZDecodeErrorZ_OK)) {
      throw new Error(`${store.dir}: cannot read ${MANAGER_FILE}`);
    }
    channelManager = read.res.get_b();
  } else {
    if (monitors.length > 0) throw new Error(`${store.dir}: channel monitors exist but ${MANAGER_FILE} is missing`);
    channelManager = ldk.ChannelManager.constructor_new(
      feeEstimator,
      chainMonitor.as_Watch(),
      broadcaster,
      router.as_Router(),
      messageRouter.as_MessageRouter(),
      logger,
      entropy,
      keys.as_NodeSigner(),
      keys.as_SignerProvider(),
      config,
      ldk.ChainParameters.constructor_new(ldk.Network.LDKNetwork_Regtest, bestBlockAtTip(chain)),
      nowSecs,
    );
  }

  for (const monitor of monitors) {
    const watching = chainMonitor.as_Watch().watch_channel(monitor.get_funding_txo().get_a(), monitor);
    if (!(watching instanceof ldk.Result_ChannelMonitorUpdateStatusNoneZ_OK)) {
      throw new Error(`${store.dir}: ChainMonitor refused monitor ${hashToDisplay(monitor.get_funding_txo().get_a().get_txid())}`);
    }
  }

  const sweeper = loadSweeper(inputs, keys, watched);
  const ignoring = ldk.IgnoringMessageHandler.constructor_new();
  const queries = new ShortChannelIdQueries(graph);
  const peerManager = ldk.PeerManager.constructor_new(
    channelManager.as_ChannelMessageHandler(),
    queries.wrap(makeGossipSync(graph, chain, logger)),
    ignoring.as_OnionMessageHandler(),
    queries.customMessageHandler,
    nowSecs,
    randomBytes(32),
    logger,
    keys.as_NodeSigner(),
  );

  const storedBestBlocks = managerBytes
    ? [channelManager.current_best_block(), sweeper.current_best_block(), ...monitors.map((monitor) => monitor.current_best_block())].map(
        (best) => ({ height: best.get_height(), hash: hashToDisplay(best.get_block_hash()) }),
      )
    : [];
  return { keys, chainMonitor, channelManager, graph, peerManager, sweeper, watched, feeEstimator, storedBestBlocks };
}

function loadSweeper(inputs: ComponentInputs, keys: ldk.KeysManager, watched: WatchedChainData): ldk.OutputSweeper {
  const kvStore = makeKvStore(`${inputs.store.dir}/kv`);
  const changeDestination = ldk.ChangeDestinationSource.new_impl({
    get_change_destination_script: () => ldk.Result_CVec_u8ZNoneZ.constructor_ok(inputs.changeScript),
  });
  const filter = ldk.Option_FilterZ.constructor_some(watched.filter);
  // What the sweeper works with, whether read back or new.
  const parts = [inputs.broadcaster, inputs.feeEstimator, filter, keys.as_OutputSpender(), changeDestination, kvStore, inputs.logger.ldkLogger] as const;
  const saved = kvStore.read('', '', SWEEPER_KEY);
  if (!(saved instanceof ldk.Result_CVec_u8ZIOErrorZ_OK)) return ldk.OutputSweeper.constructor_new(bestBlockAtTip(inputs.chain), ...parts);
  const read = ldk.OutputSweeper.constructor_read(saved.res, ...parts);
  if (!(read instanceof ldk.Result_OutputSweeperDecodeErrorZ_OK)) throw new Error(`${inputs.store.dir}: cannot read the output sweeper`);
  return read.res;
}

function bestBlockAtTip(chain: ChainSource): ldk.BestBlock {
  const tip = chain.tip();
  return ldk.BestBlock.constructor_new(displayToHash(tip.hash), tip.height);
}
