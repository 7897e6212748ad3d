import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevnetInfo } from '../devnet/devnet.ts';
import { adminCommand, spawnDevnet } from '../devnet/spawn.ts';
import { LOCAL_REGTEST_ESPLORA } from '../src/engine/chain/esplora-presets.ts';

export interface RunningDevnet {
  esplora: string;
  admin: string;
  /** The LDK nodes' ids and WebSocket addresses: `lsp` is what `npm start` makes the default peer. */
  nodes: DevnetInfo['nodes'];
  command(args: string[], options?: Record<string, string | boolean>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The devnet for browser tests, its Esplora on the wallet's regtest default (LOCAL_REGTEST_ESPLORA),
 * so the production build needs no setting.
 */
export async function startDevnet(): Promise<RunningDevnet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-devnet-'));
  const devnet = await spawnDevnet(['--datadir', dataDir, '--esplora-port', new URL(LOCAL_REGTEST_ESPLORA).port]);
  return {
    esplora: devnet.info.esplora,
    admin: devnet.info.admin,
    nodes: devnet.info.nodes,
    command: (args, options) => adminCommand(devnet.info.admin, args, options),
    async stop() {
      await devnet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
