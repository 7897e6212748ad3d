/**
 * The admin commands, shared by the HTTP API and the CLI. Arguments arrive as strings
 * (from argv or a JSON body) and are checked here, so both surfaces give the same errors.
 */
import { addressToScript, type Chain, type Faucet } from '../chain/index.ts';
import type { LdkNode } from '../ldk/ldk-node.ts';

export type NodeName = 'lsp' | 'merchant';

export interface AdminContext {
  chain: Chain;
  faucet: Faucet;
  nodes: Record<NodeName, LdkNode>;
  info: object;
}

/** A command the caller got wrong: answered with HTTP 400 and printed as such by the CLI. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CommandRequest {
  /** `mine`, `faucet`, `reorg`, `info`, or a node name followed by its command. */
  command: string[];
  /** `--key value` options. */
  options: Record<string, string | boolean>;
}

function positiveInteger(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`${what} must be a positive whole number`);
  return Number(value);
}

function amount(value: string | undefined, what: string): bigint {
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`${what} must be a whole number`);
  return BigInt(value);
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

const NODE_USAGE =
  'invoice <msat|any> [desc] [--expiry s] [--fail] | pay <bolt11> [--amount msat] | open <node_id> <sats> [--push msat] [--zeroconf] [--public] | ' +
  'close <channel> [--force] | channels | balance | payments | info | peers | connect <node_id> <ws_url> | trust <node_id> | graph';

export const USAGE = `commands: mine <n> [--address a] | faucet <address> <sats> | reorg <n> | info | lsp|merchant <${NODE_USAGE}>`;

export async function runCommand(ctx: AdminContext, { command, options }: CommandRequest): Promise<unknown> {
  const [name, ...args] = command;
  switch (name) {
    case 'info':
      return { ...ctx.info, height: ctx.chain.height, tip: ctx.chain.tip().hash, mempool: ctx.chain.mempoolEntries().length };
    case 'mine': {
      const blocks = ctx.chain.mine(positiveInteger(args[0], 'block count'), ...(typeof options.address === 'string' ? [addressToScript(options.address)] : []));
      return { height: ctx.chain.height, hashes: blocks.map((b) => b.hash) };
    }
    case 'faucet':
      return { txid: ctx.faucet.send(required(args[0], 'address'), amount(args[1], 'sats')) };
    case 'reorg': {
      const { disconnected, connected } = ctx.chain.reorg(positiveInteger(args[0], 'block count'));
      return { disconnected: disconnected.map((b) => b.hash), connected: connected.map((b) => b.hash), height: ctx.chain.height };
    }
    case 'lsp':
    case 'merchant':
      return runNodeCommand(ctx.nodes[name], args, options);
    default:
      throw new UsageError(name ? `unknown command "${name}"; ${USAGE}` : USAGE);
  }
}

async function runNodeCommand(node: LdkNode, [command, ...args]: string[], options: Record<string, string | boolean>): Promise<unknown> {
  switch (command) {
    case 'info':
      return node.info();
    case 'invoice': {
      const msat = args[0] === 'any' ? null : amount(args[0], 'amount in msat');
      const expiry = options.expiry === undefined ? undefined : positiveInteger(String(options.expiry), '--expiry');
      return { bolt11: await node.invoice(msat, args[1] ?? '', expiry, { rejectOnPurpose: options.fail === true }) };
    }
    case 'pay':
      return node.pay(required(args[0], 'bolt11 invoice'), typeof options.amount === 'string' ? { amountMsat: amount(options.amount, '--amount') } : {});
    case 'open':
      return node.open(required(args[0], 'node id'), amount(args[1], 'channel size in sats'), {
        ...(typeof options.push === 'string' ? { pushMsat: amount(options.push, '--push') } : {}),
        zeroconf: options.zeroconf === true,
        public: options.public === true,
      });
    case 'close':
      return node.close(required(args[0], 'channel id'), { force: options.force === true });
    case 'channels':
      return node.channels();
    case 'balance':
      return node.balance();
    case 'payments':
      return node.payments();
    case 'peers':
      return node.peers();
    case 'graph':
      return node.graph();
    case 'connect':
      return node.connect(required(args[0], 'node id'), required(args[1], 'WebSocket URL'));
    case 'trust':
      return { trusted: await node.trustPeer(required(args[0], 'node id')) };
    default:
      throw new UsageError(`unknown node command "${command ?? ''}"; node commands: ${NODE_USAGE}`);
  }
}
