/**
 * `npm run devnet` starts the devnet (or `npm run devnet -- start [--datadir d] ...`);
 * any other command is sent to a running devnet's admin API and its JSON answer printed.
 * The running devnet is found through --admin, $DEVNET_ADMIN, or the file it writes in
 * the system temp dir while it runs.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CURRENT_DEVNET_FILE = join(tmpdir(), 'lightning-wallet-devnet.json');

function parseArgs(argv: string[]): { positional: string[]; options: Record<string, string | boolean> } {
  const positional: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) options[key] = inline;
    else if (next !== undefined && !next.startsWith('--') && VALUE_OPTIONS.has(key)) options[key] = argv[++i]!;
    else options[key] = true;
  }
  return { positional, options };
}

const VALUE_OPTIONS = new Set(['datadir', 'admin', 'esplora-port', 'admin-port', 'lsp-port', 'merchant-port', 'block-interval', 'trust', 'address', 'expiry', 'amount', 'push']);

function port(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`invalid port: ${String(value)}`);
  return Number(value);
}

async function start(options: Record<string, string | boolean>): Promise<void> {
  // stdout carries exactly one line, the ready JSON; LDK and the nodes log with console.log.
  console.log = (...args: unknown[]) => console.error(...args);
  const { startDevnet } = await import('./devnet.ts');
  const devnet = await startDevnet({
    ...(typeof options.datadir === 'string' ? { dataDir: options.datadir } : {}),
    esploraPort: port(options['esplora-port']),
    adminPort: port(options['admin-port']),
    lspPort: port(options['lsp-port']),
    merchantPort: port(options['merchant-port']),
    ...(typeof options['block-interval'] === 'string' ? { blockIntervalSeconds: Number(options['block-interval']) } : {}),
    ...(typeof options.trust === 'string' ? { lspTrustedPeers: options.trust.split(',') } : {}),
  });
  writeFileSync(CURRENT_DEVNET_FILE, JSON.stringify(devnet.info));
  process.stdout.write(`${JSON.stringify(devnet.info)}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`devnet: ${signal}, stopping\n`);
    rmSync(CURRENT_DEVNET_FILE, { force: true });
    devnet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`devnet: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function adminUrl(options: Record<string, string | boolean>): string {
  if (typeof options.admin === 'string') return options.admin;
  if (process.env.DEVNET_ADMIN) return process.env.DEVNET_ADMIN;
  try {
    return (JSON.parse(readFileSync(CURRENT_DEVNET_FILE, 'utf8')) as { admin: string }).admin;
  } catch {
    throw new Error('no running devnet found: start one with `npm run devnet`, or pass --admin <url>');
  }
}

async function send(command: string[], options: Record<string, string | boolean>): Promise<void> {
  const { admin: _admin, ...commandOptions } = options;
  const response = await fetch(`${adminUrl(options)}/command`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ command, options: commandOptions }),
  });
  const body = await response.text();
  process.stdout.write(`${body}\n`);
  if (!response.ok) process.exitCode = 1;
}

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  if (positional.length === 0 || positional[0] === 'start') return start(options);
  return send(positional, options);
}

main().catch((error: unknown) => {
  process.stderr.write(`devnet: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
