/**
 * The CLI's Lightning commands. Each one starts the node over the wallet's data dir, gives the
 * remembered peers `--wait` seconds (default 5) to connect and reestablish their channels, acts,
 * waits for the effect (at most `--timeout` seconds, default 60) and stops the node cleanly.
 *   peer connect <id>@ws://host:port | peers
 *   channel open <peer> <sats> [--push <msat>] | channel close <id> [--force]
 *   channel watch [--for <sec>] [--invoice <bolt11>] | channels
 *   invoice <msat|any> [description] [--expiry <sec>] | pay <bolt11> [--amount <msat>] [--max-fee <msat>]
 *   decode <bolt11> | payments | graph
 */
import { EngineError } from '../engine/engine-error.ts';
import { parseInvoice } from '../engine/lightning/direct-payments.ts';
import type { ChannelInfo } from '../engine/lightning/types.ts';
import { parsePeerUri } from '../engine/peer-uri.ts';
import type { Store } from '../engine/storage/store.ts';
import type { Wallet } from '../engine/wallet/wallet.ts';
import { decodeInvoice } from '../protocol/bolt11/index.ts';
import { hex } from '../protocol/codec/bytes.ts';
import type { NetworkName } from '../protocol/networks.ts';
import { CliError, LightningSession, until } from './cli-lightning-session.ts';

export { CliError } from './cli-lightning-session.ts';

export const LIGHTNING_VALUE_FLAGS = ['--push', '--amount', '--max-fee', '--expiry', '--wait', '--timeout', '--for', '--invoice'];

export const LIGHTNING_USAGE =
  'peer connect <id>@ws://host:port | peers | channel open <peer> <sats> [--push msat] | channel close <id> [--force] | channel watch [--for sec] [--invoice bolt11] | channels | invoice <msat|any> [description] [--expiry sec] | pay <bolt11> [--amount msat] [--max-fee msat] | decode <bolt11> | payments | graph; with [--wait sec] [--timeout sec] [--verbose]';

const COMMANDS = new Set(['peer', 'peers', 'channel', 'channels', 'invoice', 'pay', 'decode', 'payments', 'graph']);
/** Commands that read the stored wallet only: they do not wait for peers. */
const OFFLINE = new Set(['invoice', 'decode', 'payments']);

export function isLightningCommand(name: string | undefined): boolean {
  return name !== undefined && COMMANDS.has(name);
}

export interface LightningCommand {
  wallet: Wallet;
  store: Store;
  network: NetworkName;
  command: string[];
  flags: Record<string, string | true>;
  /** Where the node's log goes with --verbose. */
  log: (message: string) => void;
}

function whole(value: string | true | undefined, what: string): bigint {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new CliError('invalid_arguments', `${what} must be a whole number`);
  return BigInt(value);
}

function seconds(flags: LightningCommand['flags'], name: string, fallback: number): number {
  const value = flags[name];
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) throw new CliError('invalid_arguments', `--${name} takes a number of seconds`);
  return Number(value) * 1000;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CliError('timeout', `gave up waiting for ${what} after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runLightningCommand(c: LightningCommand): Promise<unknown> {
  const [name, sub, ...args] = c.command;
  const verb = name === 'peer' || name === 'channel' ? `${name} ${sub ?? ''}`.trim() : name!;
  const rest = name === 'peer' || name === 'channel' ? args : [sub, ...args].filter((a): a is string => a !== undefined);
  const waitMs = seconds(c.flags, 'wait', 5);
  const timeoutMs = seconds(c.flags, 'timeout', 60);
  const handler = HANDLERS[verb];
  if (!handler) throw new CliError('invalid_arguments', `Lightning commands: ${LIGHTNING_USAGE}`);
  // An invoice needs no peer: it does not wait for them.
  const session = await LightningSession.start({
    wallet: c.wallet,
    store: c.store,
    network: c.network,
    waitMs: OFFLINE.has(verb) ? 0 : waitMs,
    ...(c.flags.verbose ? { log: c.log } : {}),
  });
  try {
    return await handler({ ...c, session, rest, waitMs, timeoutMs });
  } finally {
    await session.stop();
  }
}

interface Context extends LightningCommand {
  session: LightningSession;
  rest: string[];
  waitMs: number;
  timeoutMs: number;
}

const HANDLERS: Record<string, (c: Context) => Promise<unknown>> = {
  'peer connect': async ({ session, rest, waitMs }) => {
    if (!rest[0]) throw new CliError('invalid_arguments', 'usage: peer connect <node id>@ws://host:port');
    const { nodeId } = await session.service.peerConnect(rest[0]);
    await session.reconnect(waitMs);
    return session.service.peerInfo(nodeId);
  },

  peers: async ({ session }) => session.service.peersInfo(),

  'channel open': async ({ session, wallet, rest, flags, waitMs, timeoutMs }) => {
    const peer = rest[0];
    if (!peer) throw new CliError('invalid_arguments', 'usage: channel open <node id | id@ws://host:port> <sats> [--push <msat>]');
    const sats = whole(rest[1], 'the channel size in sats');
    const pushMsat = flags.push === undefined ? 0n : whole(flags.push, '--push (msat)');
    let nodeId = peer.trim().toLowerCase();
    if (peer.includes('@')) {
      nodeId = parsePeerUri(peer).nodeId;
      await session.service.peerConnect(peer);
      await session.reconnect(waitMs);
    }
    const known = session.service.peerInfo(nodeId);
    if (!known) throw new EngineError('peer_unavailable', 'Connect to this peer first (peer connect), or give its full address, <node id>@ws://host:port.');
    if (!known.connected) throw new EngineError('peer_unavailable', `The peer is not connected${known.lastError ? `: ${known.lastError}` : ''}.`);
    await wallet.sync();
    // Resolves once the funding transaction is published.
    return withTimeout(session.service.channelOpen(nodeId, sats, pushMsat), timeoutMs, 'the channel open');
  },

  'channel close': async ({ session, wallet, rest, flags, timeoutMs }) => {
    const id = rest[0];
    if (!id) throw new CliError('invalid_arguments', 'usage: channel close <channel id> [--force]');
    await wallet.sync();
    const info = await session.service.channelClose(id, flags.force === true);
    if (!info.peerConnected) return info;
    // A cooperative close is done here once the closing transaction is agreed and published.
    const done = (c: ChannelInfo | undefined): boolean => c !== undefined && (c.closingTxid !== undefined || c.phase === 'closing' || c.phase === 'closed');
    await until(() => done(session.channel(id)), timeoutMs);
    return session.channel(id) ?? info;
  },

  channels: async ({ session }) => {
    // Two polls: a closing transaction seen in the first, its sweeps' confirmations in the second.
    await session.pollChain();
    await session.pollChain();
    return session.service.channels();
  },

  'channel watch': async ({ session, network, flags }) => {
    const forMs = seconds(flags, 'for', 30);
    const hash = typeof flags.invoice === 'string' ? hex(parseInvoice(flags.invoice, network, 0).paymentHash) : undefined;
    const settled = (): boolean => hash !== undefined && ['received', 'failed'].includes(session.incoming.status(hash).status);
    await until(settled, forMs, 100);
    await session.pollChain();
    return { ...(hash ? { invoice: session.incoming.status(hash) } : {}), channels: session.service.channels() };
  },

  invoice: async ({ session, rest, flags }) => {
    const [amount, ...words] = rest;
    if (amount === undefined) throw new CliError('invalid_arguments', 'usage: invoice <msat|any> [description] [--expiry <sec>]');
    const amountMsat = amount === 'any' ? null : whole(amount, 'the amount in msat (or "any")');
    const expirySec = flags.expiry === undefined ? undefined : Number(whole(flags.expiry, '--expiry (seconds)'));
    const info = await session.service.invoiceCreate(amountMsat, words.join(' '), expirySec);
    // How many of our channels the payer is told to reach us through.
    return { ...info, routeHints: decodeInvoice(info.bolt11).routeHints.length };
  },

  pay: async ({ session, rest, flags, timeoutMs }) => {
    const bolt11 = rest[0];
    if (!bolt11) throw new CliError('invalid_arguments', 'usage: pay <bolt11> [--amount <msat>] [--max-fee <msat>]');
    const amountMsat = flags.amount === undefined ? undefined : whole(flags.amount, '--amount (msat)');
    const maxFeeMsat = flags['max-fee'] === undefined ? undefined : whole(flags['max-fee'], '--max-fee (msat)');
    const paymentHash = session.service.invoiceDecode(bolt11).paymentHash;
    try {
      return await withTimeout(session.service.pay(bolt11, amountMsat, maxFeeMsat), timeoutMs, 'the payment');
    } catch (e) {
      if (!(e instanceof CliError && e.code === 'timeout')) throw e;
      // Its HTLCs are committed: they resolve with the peers the next time the node runs (see `payments`).
      const record = session.service.payments().find((p) => p.direction === 'outgoing' && p.paymentHash === paymentHash);
      return { ...record, note: 'the payment is still in flight; run `payments` later to see how it ended' };
    }
  },

  decode: async ({ session, rest, flags }) => {
    if (!rest[0]) throw new CliError('invalid_arguments', 'usage: decode <bolt11> [--amount <msat>]');
    const amountMsat = flags.amount === undefined ? undefined : whole(flags.amount, '--amount (msat)');
    return session.service.invoiceDecode(rest[0], amountMsat);
  },

  payments: async ({ session }) => session.service.payments(),

  graph: async ({ session, waitMs }) => {
    // What the connected peers' gossip brings in while we wait is reported too.
    await until(() => !session.service.graph().syncing, waitMs, 100);
    return session.service.graph();
  },
};
