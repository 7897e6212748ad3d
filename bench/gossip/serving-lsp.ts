/**
 * Makes the devnet `lsp` serve the synthetic graph: before the devnet starts, its data dir gets a
 * fixed seed (so its node id, and the gossip signed for its channels into the graph, is known in
 * advance) and a NetworkGraph file holding the synthetic channels, which LDK loads on start and
 * answers gossip queries from. Gossip and graph file are cached (see synthetic-gossip.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { networkGraphFromGossip, nodeSecretFromSeed, prepareServingNode, type GraphBuild } from '../../devnet/ldk/synthetic-gossip.ts';
import { cachedSyntheticGossip, writeAtomically, type SyntheticGossip } from './synthetic-gossip.ts';

export interface ServingLspOptions {
  /** Data dir of the lsp node that the devnet will start (`<devnet dir>/nodes/lsp`). */
  lspDir: string;
  cacheRoot: string;
  channels: number;
  nodes: number;
  seed: number;
  servingLinks: number;
}

export interface ServingLsp {
  gossip: SyntheticGossip;
  lspNodeId: string;
  fromCache: boolean;
  /** Signing the gossip (0 when cached). */
  generateMs: number;
  /** Building LDK's graph file from it (0 when cached). */
  graphBuildMs: number;
  graphFileBytes: number;
  /** What LDK made of the gossip when it built the graph (undefined when the graph file was cached). */
  build: Omit<GraphBuild, 'bytes'> | undefined;
}

export async function prepareServingLsp(options: ServingLspOptions): Promise<ServingLsp> {
  const lspSeed = sha256(new TextEncoder().encode(`bench synthetic gossip lsp seed ${options.seed}`));
  const secret = await nodeSecretFromSeed(lspSeed);
  const cached = cachedSyntheticGossip(options.cacheRoot, { channels: options.channels, nodes: options.nodes, seed: options.seed, servingLinks: options.servingLinks, servingNodeSecret: secret }, Math.floor(Date.now() / 1000));
  const graphPath = join(cached.dir, 'ldk-graph.bin');
  let graphBytes: Uint8Array;
  let graphBuildMs = 0;
  let build: ServingLsp['build'];
  if (cached.fromCache && existsSync(graphPath)) graphBytes = new Uint8Array(readFileSync(graphPath));
  else {
    const started = performance.now();
    const built = await networkGraphFromGossip(cached.gossip.messages);
    graphBuildMs = performance.now() - started;
    const { bytes, ...rest } = built;
    build = rest;
    const refused = Object.entries(built.rejected);
    if (refused.length > 0) throw new Error(`LDK refused synthetic gossip: ${refused.map(([reason, count]) => `${count}× ${reason}`).join('; ')}`);
    if (built.channels !== options.channels) throw new Error(`LDK's graph has ${built.channels} channels, not ${options.channels}`);
    writeAtomically(graphPath, bytes);
    graphBytes = bytes;
  }
  prepareServingNode(options.lspDir, lspSeed, graphBytes);
  return {
    gossip: cached.gossip,
    lspNodeId: cached.gossip.servingNodeId,
    fromCache: cached.fromCache,
    generateMs: cached.generateMs,
    graphBuildMs,
    graphFileBytes: graphBytes.length,
    build,
  };
}
