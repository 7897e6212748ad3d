/**
 * `npm run cli -- <command>`: the wallet engine headless, on the file store, JSON output.
 *   create | restore "<words>" | address | balance | send <address> <sats> [--feerate n] [--all] | history | sync
 *   and the Lightning commands of cli-lightning.ts (peer connect, peers, channel open|close|watch, channels, invoice, pay).
 * Flags: --network (default regtest), --esplora <url>, --datadir <dir> (default ./.wallet-<network>).
 * The passphrase comes from $WALLET_PASSPHRASE, so it never sits in shell history.
 * One JSON document goes to stdout; an error goes to stderr as JSON, with exit code 1.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultEsploraUrl } from '../engine/chain/index.ts';
import { EngineError } from '../engine/engine-error.ts';
import type { ScryptCost } from '../engine/keys/kdf.ts';
import { NETWORKS, type NetworkName } from '../protocol/networks.ts';
import { Wallet } from '../engine/wallet/wallet.ts';
import { CliError, isLightningCommand, LIGHTNING_USAGE, LIGHTNING_VALUE_FLAGS, runLightningCommand } from './cli-lightning.ts';
import type { Store } from '../engine/storage/store.ts';
import { openFileStore } from './file-store.ts';

/** Where the CLI writes and what it reads besides its arguments; a test passes its own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Test hook: the passphrase KDF cost of a wallet created or restored here (default: the engine's). */
  vaultCost?: ScryptCost;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** On regtest, a devnet started with `npm run devnet` is found through the file it writes while it runs. */
function defaultEsplora(network: NetworkName): string {
  if (network === 'regtest') {
    try {
      return (JSON.parse(readFileSync(join(tmpdir(), 'lightning-wallet-devnet.json'), 'utf8')) as { esplora: string }).esplora;
    } catch {
      // no devnet running: fall through to the conventional local port
    }
  }
  return defaultEsploraUrl(network);
}

interface Args {
  command: string[];
  flags: Record<string, string | true>;
}

const VALUE_FLAGS = ['--network', '--esplora', '--datadir', '--feerate', ...LIGHTNING_VALUE_FLAGS];

function parseArgs(argv: string[]): Args {
  const command: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) command.push(arg);
    else if (VALUE_FLAGS.includes(arg) && argv[i + 1] !== undefined) flags[arg.slice(2)] = argv[++i]!;
    else flags[arg.slice(2)] = true;
  }
  return { command, flags };
}

function passphrase(io: CliIo): string {
  const value = io.env.WALLET_PASSPHRASE;
  if (!value) throw new EngineError('invalid_passphrase', 'set WALLET_PASSPHRASE to the wallet passphrase');
  return value;
}

function whole(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new EngineError('invalid_amount', `${what} must be a whole number`);
  return Number(value);
}

async function run(args: Args, io: CliIo): Promise<unknown> {
  const { flags } = args;
  const network = (typeof flags.network === 'string' ? flags.network : 'regtest') as NetworkName;
  if (!(network in NETWORKS)) throw new EngineError('invalid_config', `unknown network ${network}; expected one of ${Object.keys(NETWORKS).join(', ')}`);
  const store = await openFileStore(resolve(typeof flags.datadir === 'string' ? flags.datadir : `.wallet-${network}`));
  try {
    // Awaited here, so the store closes only once the command is done with it.
    return await command(store, network, args, io);
  } finally {
    await store.close();
  }
}

async function command(store: Store, network: NetworkName, { command: [name, ...rest], flags }: Args, io: CliIo): Promise<unknown> {
  const wallet = await Wallet.open({ store, network, defaultEsploraUrl: io.env.ESPLORA_URL ?? defaultEsplora(network), ...(io.vaultCost ? { vaultCost: io.vaultCost } : {}) });
  // A URL given once is remembered for this data dir.
  if (typeof flags.esplora === 'string') await wallet.setEsploraUrl(flags.esplora);
  switch (name) {
    case 'create': {
      const words = wallet.generateMnemonic();
      await wallet.finishCreate(words, passphrase(io));
      return { words, note: 'write these words down; they are the only way to restore the wallet' };
    }
    case 'restore':
      await wallet.restore(rest.join(' '), passphrase(io));
      return { ...(await wallet.sync({ force: true })), balance: wallet.balance() };
  }
  if (wallet.walletState().state === 'none') throw new EngineError('no_wallet', 'no wallet in this data dir: run `create` or `restore` first');
  await wallet.unlock(passphrase(io));
  switch (name) {
    case 'address':
      return wallet.newReceiveAddress();
    case 'sync':
      return wallet.sync({ force: flags.force === true });
    case 'balance':
      await wallet.sync();
      return wallet.balance();
    case 'history':
      await wallet.sync();
      return wallet.history();
    case 'send': {
      await wallet.sync();
      const feeRate = typeof flags.feerate === 'string' ? Number(flags.feerate) : (await wallet.feeRates()).normal;
      const request = { destination: rest[0] ?? '', feeRate, ...(flags.all ? { sendAll: true } : { amountSat: whole(rest[1], 'amount in sats') }) };
      const preview = await wallet.previewSend(request);
      return { ...(await wallet.send(request)), ...preview };
    }
    case 'bump':
      await wallet.sync();
      return wallet.bumpFee(rest[0] ?? '', Number(flags.feerate ?? NaN));
    default:
      if (isLightningCommand(name)) return runLightningCommand({ wallet, store, network, command: [name!, ...rest], flags, log: (m) => io.stderr(`${m}\n`) });
      throw new EngineError('invalid_config', `commands: create | restore "<words>" | address | balance | send <address> <sats> [--feerate n] [--all] | bump <txid> --feerate n | history | sync | ${LIGHTNING_USAGE}`);
  }
}

/** Runs one command; resolves with the exit code once everything it opened is closed. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const result = await run(parseArgs(argv), io);
    io.stdout(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
    return 0;
  } catch (error) {
    const body =
      error instanceof EngineError || error instanceof CliError
        ? { error: error.code, message: error.message }
        : { error: 'failed', message: error instanceof Error ? error.message : String(error) };
    io.stderr(`${JSON.stringify(body)}\n`);
    return 1;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
