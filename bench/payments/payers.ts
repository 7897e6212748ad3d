/**
 * The two payers of the two-hop bench, each with its own channel to the devnet lsp, paying merchant
 * invoices through it: our wallet (LightningService over the crash-safe file store, fdatasync on
 * every commit) and an LDK node in the wallet's place (the devnet's LdkNode, which flushes every
 * ChannelMonitor update to disk the same way). `pay` resolves once the outcome is known (the
 * preimage, or a failure) and is what the bench times.
 */
import { join } from 'node:path';
import { LdkNode } from '../../devnet/ldk/ldk-node.ts';
import type { NodeEvent } from '../../devnet/ldk/node-events.ts';
import type { Devnet, WalletNode } from '../../src/node/test-support/lightning-harness.ts';
import { openWalletNode, waitFor } from '../../src/node/test-support/lightning-harness.ts';
import type { PaymentInfo } from '../../src/engine/lightning/types.ts';

export interface PayOutcome {
  ok: boolean;
  /** Fee paid (msat) when known. */
  feeMsat: number | undefined;
  detail: string;
}

export interface Payer {
  readonly name: string;
  readonly nodeId: string;
  pay(bolt11: string, paymentHash: string): Promise<PayOutcome>;
  /** After a round: until every payment of it is settled in the channel (not timed). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Whether the engine offers multi-hop `pay` (LightningApi.pay) yet. */
export function oursCanPay(handle: WalletNode): boolean {
  return typeof (handle.service.api() as Partial<ReturnType<WalletNode['service']['api']>>).pay === 'function';
}

/** `graphChannels`: wait until the wallet's own gossip sync (the service runs one with the lsp) has this many channels. */
export async function openOurPayer(devnet: Devnet, dir: string, channelSat: number, graphChannels: number): Promise<Payer & { handle: WalletNode }> {
  const lsp = devnet.network.lsp;
  const handle = await openWalletNode({ dir, esploraUrl: devnet.esplora.url });
  devnet.faucet.send((await handle.wallet.newReceiveAddress()).address, BigInt(channelSat) + 200_000n);
  devnet.chain.mine(1);
  await handle.tick();
  await handle.connect(`${lsp.nodeId}@${lsp.wsUrl}`);
  const { channelId } = await handle.node.openChannel(lsp.nodeId, BigInt(channelSat));
  devnet.chain.mine(3);
  await waitFor('our channel to be ready', () => handle.node.channels().find((c) => c.channelId === channelId && c.phase === 'normal'), { tick: () => handle.tick(), timeoutMs: 60_000 });
  await waitFor('the lsp to use our channel', async () => (await lsp.channels()).some((c) => c.channelId === channelId && c.isUsable), { timeoutMs: 60_000 });
  const api = handle.service.api();
  if (oursCanPay(handle)) {
    await waitFor('our wallet to sync the graph from the lsp', async () => {
      const graph = await api.graph(undefined);
      return graph.channels >= graphChannels && !graph.syncing;
    }, { timeoutMs: 600_000 });
  }
  return {
    name: 'ours',
    nodeId: handle.nodeId,
    handle,
    pay: async (bolt11) => {
      const payment: PaymentInfo = await api.pay({ bolt11 });
      return { ok: payment.status === 'succeeded', feeMsat: payment.feeMsat, detail: payment.failure ?? payment.status };
    },
    settle: async () => {
      await waitFor('our channel to settle', () => handle.node.channels().find((c) => c.channelId === channelId && c.pendingHtlcs.length === 0), { timeoutMs: 30_000 });
    },
    close: () => handle.close(),
  };
}

export async function openLdkPayer(devnet: Devnet, dir: string, channelSat: number): Promise<Payer> {
  const { lsp, merchant } = devnet.network;
  const node = await LdkNode.start({ name: 'bench', dataDir: join(dir, 'ldk-bench'), chain: devnet.chain, logLevel: 'error' });
  const waiters = new Map<string, (event: NodeEvent) => void>();
  node.onEvent((event) => {
    if ((event.type === 'PaymentSent' || event.type === 'PaymentFailed') && typeof event.paymentHash === 'string') {
      const waiter = waiters.get(event.paymentHash);
      waiters.delete(event.paymentHash);
      waiter?.(event);
    }
  });
  devnet.faucet.send(node.wallet.script, BigInt(channelSat) + 200_000n);
  devnet.chain.mine(1);
  await node.connect(lsp.nodeId, lsp.wsUrl, { persistent: true });
  const { channelId } = await node.open(lsp.nodeId, channelSat);
  devnet.chain.mine(3);
  await waitFor('the LDK payer channel to be usable', async () => (await node.channels()).some((c) => c.channelId === channelId && c.isUsable), { timeoutMs: 60_000 });
  await waitFor('the lsp to use the LDK payer channel', async () => (await lsp.channels()).some((c) => c.channelId === channelId && c.isUsable), { timeoutMs: 60_000 });
  // LDK routes from its own graph: it needs the public lsp–merchant channel with both updates.
  await waitFor('the LDK payer to know the lsp–merchant channel', async () => (await node.graph()).channels.some((c) => [c.node1, c.node2].includes(merchant.nodeId) && c.updates.every(Boolean)), { timeoutMs: 60_000 });
  const returned: Promise<unknown>[] = [];
  return {
    name: 'LDK',
    nodeId: node.nodeId,
    pay: async (bolt11, paymentHash) => {
      const known = new Promise<NodeEvent>((resolve) => waiters.set(paymentHash, resolve));
      // LdkNode.pay returns only once the HTLC is gone from the channel (polled): the event is the outcome.
      const result = node.pay(bolt11);
      returned.push(result);
      const first = await Promise.race([known, result]);
      if ('type' in first) return { ok: first.type === 'PaymentSent', feeMsat: typeof first.feeMsat === 'number' ? first.feeMsat : undefined, detail: first.type };
      return { ok: first.status === 'succeeded', feeMsat: first.feeMsat, detail: first.failureReason ?? first.status };
    },
    settle: async () => {
      await Promise.all(returned.splice(0));
    },
    close: () => node.stop(),
  };
}
