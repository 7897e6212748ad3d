/**
 * The devnet's two Lightning nodes, `lsp` and `merchant`, with a public announced channel
 * lsp → merchant between them. A fresh data dir gets funded wallets and a new channel; an existing
 * one is reloaded and reconnected instead.
 */
import { join } from 'node:path';
import type { ChainSource } from '../chain/source.ts';
import { LdkNode } from './ldk-node.ts';
import type { LogLevel } from './logger.ts';
import { waitUntil } from './wait.ts';

export interface DevnetNetworkOptions {
  chain: ChainSource;
  /** Parent of the nodes' data dirs (`<dataDir>/lsp`, `<dataDir>/merchant`). */
  dataDir: string;
  /** Pays `sats` to `script` (the chain's faucet); returns the txid. */
  fund: (script: Uint8Array, sats: bigint) => Promise<string>;
  /** WebSocket ports on 127.0.0.1 (0 = any free port, the default). */
  lspPort?: number;
  merchantPort?: number;
  /** Peers whose channels the lsp accepts as zero-conf (e.g. a test wallet's node id). */
  lspTrustedPeers?: string[];
  /** Each wallet is topped up to this on a fresh start (default 0.2 BTC). */
  walletSats?: bigint;
  /** lsp → merchant channel (default 5,000,000 sat with 2,000,000 sat pushed to the merchant). */
  channelSats?: bigint;
  pushMsat?: bigint;
  logLevel?: LogLevel;
  /** Bound on each wait (connection, funding, announcement); default 20 s. */
  timeoutMs?: number;
}

/** Confirmations before a channel is announced (BOLT 7). */
export const ANNOUNCEMENT_DEPTH = 6;

const DEFAULTS = {
  walletSats: 20_000_000n,
  channelSats: 5_000_000n,
  pushMsat: 2_000_000_000n,
  timeoutMs: 20_000,
};

export class DevnetNetwork {
  private constructor(
    readonly lsp: LdkNode,
    readonly merchant: LdkNode,
    /** The public lsp → merchant channel. */
    readonly channelId: string,
  ) {}

  static async start(options: DevnetNetworkOptions): Promise<DevnetNetwork> {
    const settings = { ...DEFAULTS, ...definedOnly(options) };
    const [lsp, merchant] = await Promise.all([
      LdkNode.start({
        name: 'lsp',
        dataDir: join(options.dataDir, 'lsp'),
        chain: options.chain,
        wsPort: options.lspPort ?? 0,
        trustedPeers: options.lspTrustedPeers ?? [],
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      }),
      LdkNode.start({
        name: 'merchant',
        dataDir: join(options.dataDir, 'merchant'),
        chain: options.chain,
        wsPort: options.merchantPort ?? 0,
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      }),
    ]);
    try {
      await merchant.connect(lsp.nodeId, lsp.wsUrl, { persistent: true });
      const existing = (await lsp.channels()).find((channel) => channel.counterparty === merchant.nodeId && channel.isPublic);
      const channelId = existing ? existing.channelId : await openPublicChannel(lsp, merchant, options, settings);
      await waitUntil(async () => (await isUsable(lsp, channelId)) && (await isUsable(merchant, channelId)), settings.timeoutMs, 'the lsp–merchant channel to be usable');
      await waitUntil(async () => (await knowsChannel(lsp, channelId)) && (await knowsChannel(merchant, channelId)), settings.timeoutMs, 'both nodes to have the channel in their graph');
      await waitUntil(() => shareChannelUpdates(lsp, merchant, channelId), settings.timeoutMs, "both directions' channel_update in both graphs");
      return new DevnetNetwork(lsp, merchant, channelId);
    } catch (error) {
      await Promise.all([lsp.stop(), merchant.stop()]);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.lsp.stop(), this.merchant.stop()]);
  }
}

async function openPublicChannel(
  lsp: LdkNode,
  merchant: LdkNode,
  options: DevnetNetworkOptions,
  settings: typeof DEFAULTS,
): Promise<string> {
  for (const node of [lsp, merchant]) {
    const balance = node.wallet.balance();
    const available = BigInt(balance.confirmedSat) + BigInt(balance.unconfirmedSat);
    if (available < settings.walletSats) await options.fund(node.wallet.script, settings.walletSats - available);
  }
  options.chain.mine(1);
  const opened = await lsp.open(merchant.nodeId, settings.channelSats, { pushMsat: settings.pushMsat, public: true });
  options.chain.mine(ANNOUNCEMENT_DEPTH);
  return opened.channelId;
}

async function isUsable(node: LdkNode, channelId: string): Promise<boolean> {
  return (await node.channels()).some((channel) => channel.channelId === channelId && channel.isUsable);
}

/** The channel is announced and both directions have a channel_update, so it can route. */
/**
 * Gives each node the other's channel_update for the channel where its graph lacks it. An update that
 * arrives while its channel's announcement still awaits the UTXO check is dropped, and LDK does not
 * send it again: without this, a devnet could start with one direction unknown to the other node for good.
 * True once both graphs hold both directions.
 */
async function shareChannelUpdates(a: LdkNode, b: LdkNode, channelId: string): Promise<boolean> {
  const scid = (await a.channels()).find((candidate) => candidate.channelId === channelId)?.scid;
  if (!scid) return false;
  const [fromA, fromB] = [await a.graphChannelUpdateMessages(scid), await b.graphChannelUpdateMessages(scid)];
  if (!fromA || !fromB) return false;
  let complete = true;
  for (const direction of [0, 1] as const) {
    const [ofA, ofB] = [fromA[direction], fromB[direction]];
    if (ofA && !ofB) await b.applyGraphChannelUpdate(ofA);
    if (ofB && !ofA) await a.applyGraphChannelUpdate(ofB);
    if (!ofA || !ofB) complete = false;
  }
  return complete;
}

async function knowsChannel(node: LdkNode, channelId: string): Promise<boolean> {
  const channel = (await node.channels()).find((candidate) => candidate.channelId === channelId);
  if (!channel?.scid) return false;
  // One lookup, not a summary of the whole graph: the benchmark's lsp holds 10,000 synthetic channels.
  // The channel's presence is enough here; both directions' updates can take long on a loaded machine,
  // and what needs them (the gossip tests) waits for them itself.
  return (await node.graphChannelUpdates(channel.scid)) !== null;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
