/**
 * `npm start`: the devnet, then the Vite dev server preconfigured for it (regtest, the
 * devnet's Esplora, and its `lsp` node as the default peer). Ctrl-C stops both.
 * Extra arguments go to the devnet (e.g. `npm start -- --datadir ~/.wallet-devnet`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => process.exit(code), 10_000);
  deadline.unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null))).then(() => process.exit(code));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, stdout: 'pipe' | 'inherit'): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', stdout, 'inherit'] });
  children.push(child);
  child.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`start: ${args.join(' ')} exited (${code ?? 'signal'}); stopping\n`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

const tsx = 'node_modules/.bin/tsx';
const devnet = run(tsx, ['devnet/cli.ts', 'start', ...process.argv.slice(2)], process.env, 'pipe');
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const lines = createInterface({ input: devnet.stdout! });
lines.once('line', (line) => {
  const info = JSON.parse(line) as { esplora: string; admin: string; nodes: { lsp: { id: string; ws: string } } };
  process.stderr.write(`start: devnet ready (Esplora ${info.esplora}, admin ${info.admin}, lsp ${info.nodes.lsp.id}@${info.nodes.lsp.ws})\n`);
  run('node_modules/.bin/vite', ['--host', '127.0.0.1'], {
    ...process.env,
    VITE_NETWORK: 'regtest',
    VITE_ESPLORA_URL: info.esplora,
    VITE_DEFAULT_PEER: `${info.nodes.lsp.id}@${info.nodes.lsp.ws}`,
    DEVNET_ADMIN: info.admin,
  }, 'inherit');
});
