/**
 * `npm run bench:devnet`: how fast the devnet starts (fresh and from an existing data dir),
 * measured from the command a person runs to its ready line, and how long mining 100
 * blocks takes until both LDK nodes have followed to the new tip.
 * Targets (issue 4): ready in under 10 s; 100 blocks followed in under 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCommand, spawnDevnet } from '../devnet/spawn.ts';
import { describeEnvironment } from './environment.ts';
import { figure, printTable } from './report.ts';
import { median } from './timing.ts';

/** Starts the devnet process and measures the time to its ready line. */
async function startDevnet(dataDir: string): Promise<{ ms: number; admin: string; stop: () => Promise<unknown> }> {
  const started = performance.now();
  const devnet = await spawnDevnet(['--datadir', dataDir]);
  return { ms: performance.now() - started, admin: devnet.info.admin, stop: devnet.stop };
}

async function mineAndFollow(adminUrl: string, blocks: number): Promise<number> {
  const started = performance.now();
  const { height } = (await adminCommand(adminUrl, ['mine', String(blocks)])) as { height: number };
  for (let i = 0; i < 2000; i++) {
    const [lsp, merchant] = await Promise.all([adminCommand(adminUrl, ['lsp', 'info']), adminCommand(adminUrl, ['merchant', 'info'])]);
    if (lsp.blockHeight === height && merchant.blockHeight === height) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('nodes did not follow the chain');
}

const environment = describeEnvironment();
const dataDir = mkdtempSync(join(tmpdir(), 'bench-devnet-'));
try {
  const fresh = await startDevnet(dataDir);
  const mining = [];
  for (let i = 0; i < 3; i++) mining.push(await mineAndFollow(fresh.admin, 100));
  await fresh.stop();
  const restart = await startDevnet(dataDir);
  const miningAfterRestart = await mineAndFollow(restart.admin, 100);
  await restart.stop();

  printTable('Devnet (load average at start ' + environment.loadAverage1m + ')', ['measure', 'ms', 'target'], [
    ['fresh start to ready line (npm run devnet)', figure(fresh.ms), '< 10,000'],
    ['restart from data dir to ready line', figure(restart.ms), '< 10,000'],
    ['mine 100 blocks until lsp and merchant follow (median of 3)', figure(median(mining)), '< 2,000'],
    ['same, after restart', figure(miningAfterRestart), '< 2,000'],
  ]);
  console.log(JSON.stringify({ environment, devnet: { freshStartMs: fresh.ms, restartMs: restart.ms, mine100FollowedMs: mining, mine100AfterRestartMs: miningAfterRestart } }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
