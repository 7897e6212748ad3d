/**
 * `npm run cli -- <command>`: the wallet engine headless, on the file store, JSON output.
 *   create | restore "<words>" | address | balance | send <address> <sats> [--feerate n] [--all] | history | sync
 * Flags: --network (default regtest), --esplora <url>, --datadir <dir> (default ./.wallet-<network>).
 * The passphrase comes from $WALLET_PASSPHRASE, so it never sits in shell history.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultEsploraUrl } from '../engine/chain/index.ts';
import { EngineError } from '../engine/engine-error.ts';
import { NETWORKS, type NetworkName } from '../protocol/networks.ts';
import { Wallet } from '../engine/wallet/wallet.ts';
import { openFileStore } from './file-store.ts';

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

function parseArgs(argv: string[]): Args {
  const command: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) command.push(arg);
    else if (['--network', '--esplora', '--datadir', '--feerate'].includes(arg) && argv[i + 1] !== undefined) flags[arg.slice(2)] = argv[++i]!;
    else flags[arg.slice(2)] = true;
  }
  return { command, flags };
}

function passphrase(): string {
  const value = process.env.WALLET_PASSPHRASE;
  if (!value) throw new EngineError('invalid_passphrase', 'set WALLET_PASSPHRASE to the wallet passphrase');
  return value;
}

function whole(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new EngineError('invalid_amount', `${what} must be a whole number`);
  return Number(value);
}

async function run({ command: [name, ...rest], flags }: Args): Promise<unknown> {
  const network = (typeof flags.network === 'string' ? flags.network : 'regtest') as NetworkName;
  if (!(network in NETWORKS)) throw new EngineError('invalid_config', `unknown network ${network}; expected one of ${Object.keys(NETWORKS).join(', ')}`);
  const store = await openFileStore(resolve(typeof flags.datadir === 'string' ? flags.datadir : `.wallet-${network}`));
  try {
    const wallet = await Wallet.open({ store, network, defaultEsploraUrl: process.env.ESPLORA_URL ?? defaultEsplora(network) });
    // A URL given once is remembered for this data dir.
    if (typeof flags.esplora === 'string') await wallet.setEsploraUrl(flags.esplora);
    switch (name) {
      case 'create': {
        const words = wallet.generateMnemonic();
        await wallet.finishCreate(words, passphrase());
        return { words, note: 'write these words down; they are the only way to restore the wallet' };
      }
      case 'restore':
        await wallet.restore(rest.join(' '), passphrase());
        return { ...(await wallet.sync({ force: true })), balance: wallet.balance() };
    }
    if (wallet.walletState().state === 'none') throw new EngineError('no_wallet', 'no wallet in this data dir: run `create` or `restore` first');
    await wallet.unlock(passphrase());
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
        throw new EngineError('invalid_config', 'commands: create | restore "<words>" | address | balance | send <address> <sats> [--feerate n] [--all] | bump <txid> --feerate n | history | sync');
    }
  } finally {
    await store.close();
  }
}

run(parseArgs(process.argv.slice(2))).then(
  (result) => process.stdout.write(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`),
  (error: unknown) => {
    const body = error instanceof EngineError ? { error: error.code, message: error.message } : { error: 'failed', message: error instanceof Error ? error.message : String(error) };
    process.stdout.write(`${JSON.stringify(body)}\n`);
    process.exitCode = 1;
  },
);
