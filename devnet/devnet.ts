/**
 * The whole devnet in one process: the regtest chain, its Esplora API, the `lsp` and
 * `merchant` LDK nodes, and the admin API that drives them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAdminServer, type AdminServer } from './admin/server.ts';
import { openDevnetChain } from './chain/index.ts';
import { startEsploraServer, type EsploraServer } from './esplora/server.ts';
import { DevnetNetwork } from './ldk/network.ts';

export interface DevnetOptions {
  /** Where the chain and the nodes keep their state; a fresh temporary dir when omitted. */
  dataDir?: string;
  esploraPort?: number;
  adminPort?: number;
  lspPort?: number;
  merchantPort?: number;
  /** Mine a block every this many seconds (off by default: blocks are mined on demand). */
  blockIntervalSeconds?: number;
  /** Node ids the lsp accepts zero-conf channels from. */
  lspTrustedPeers?: string[];
}

/** What `npm run devnet` prints as its one ready line. */
export interface DevnetInfo {
  network: 'regtest';
  esplora: string;
  admin: string;
  dataDir: string;
  nodes: Record<'lsp' | 'merchant', { id: string; ws: string }>;
}

export interface Devnet {
  info: DevnetInfo;
  stop(): Promise<void>;
}

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'devnet-'));
  const { chain, faucet } = openDevnetChain({
    dataDir: join(dataDir, 'chain'),
    ...(options.blockIntervalSeconds ? { autoMineIntervalMs: options.blockIntervalSeconds * 1000 } : {}),
  });
  let esplora: EsploraServer | undefined;
  let network: DevnetNetwork | undefined;
  let admin: AdminServer | undefined;
  const stop = async () => {
    await admin?.close();
    await network?.stop();
    await esplora?.close();
    chain.close();
  };
  try {
    esplora = await startEsploraServer({ chain, port: options.esploraPort ?? 0 });
    network = await DevnetNetwork.start({
      chain,
      dataDir: join(dataDir, 'nodes'),
      fund: async (script, sats) => faucet.send(script, sats),
      ...(options.lspPort !== undefined ? { lspPort: options.lspPort } : {}),
      ...(options.merchantPort !== undefined ? { merchantPort: options.merchantPort } : {}),
      ...(options.lspTrustedPeers ? { lspTrustedPeers: options.lspTrustedPeers } : {}),
    });
    const info: DevnetInfo = {
      network: 'regtest',
      esplora: esplora.url,
      admin: '',
      dataDir,
      nodes: {
        lsp: { id: network.lsp.nodeId, ws: network.lsp.wsUrl },
        merchant: { id: network.merchant.nodeId, ws: network.merchant.wsUrl },
      },
    };
    admin = await startAdminServer({ chain, faucet, nodes: { lsp: network.lsp, merchant: network.merchant }, info, port: options.adminPort ?? 0 });
    info.admin = admin.url;
    return { info, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
