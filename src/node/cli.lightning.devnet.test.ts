/** The CLI's Lightning commands, run in-process one command at a time, against the devnet's LDK lsp. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInfo, DecodedInvoice, GraphInfo, PaymentInfo, PeerInfo } from '../engine/lightning/types.ts';
import type { IncomingStatus } from './cli-lightning-watch.ts';
import { runCli } from './cli.ts';
import { startTestDevnet, TINY_COST, waitFor, type Devnet } from './test-support/lightning-harness.ts';

describe('the CLI with a Lightning channel to LDK', () => {
  let dir: string;
  let devnet: Devnet;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-lightning-'));
    devnet = await startTestDevnet(join(dir, 'devnet'));
  }, 120_000);

  afterAll(async () => {
    await devnet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--datadir', join(dir, 'wallet'), '--esplora', devnet.esplora.url], {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      env: { WALLET_PASSPHRASE: 'cli passphrase' },
      vaultCost: TINY_COST,
    });
    return { code, out, err };
  }

  async function cli<T>(...args: string[]): Promise<T> {
    const { code, out, err } = await run(args);
    if (code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${err}`);
    return JSON.parse(out) as T;
  }

  const channelOf = async (id: string): Promise<ChannelInfo | undefined> => (await cli<ChannelInfo[]>('channels')).find((c) => c.channelId === id);

  it('connects, opens, pays, is paid and closes, one short-lived command at a time', async () => {
    const lsp = devnet.network.lsp;
    await cli('create');
    const { address } = await cli<{ address: string }>('address');
    devnet.faucet.send(address, 1_000_000n);
    devnet.chain.mine(1);
    expect(await cli('balance')).toMatchObject({ confirmedSat: 1_000_000 });

    const peer = await cli<PeerInfo>('peer', 'connect', `${lsp.nodeId}@${lsp.wsUrl}`);
    expect(peer).toMatchObject({ nodeId: lsp.nodeId, connected: true });
    // Remembered: the next command reconnects by itself.
    expect(await cli<PeerInfo[]>('peers')).toEqual([expect.objectContaining({ nodeId: lsp.nodeId, connected: true })]);

    const opened = await cli<ChannelInfo>('channel', 'open', lsp.nodeId, '300000');
    expect(opened).toMatchObject({ phase: 'awaiting_confirmation', capacitySat: 300_000, weOpened: true });
    expect(devnet.chain.getTransaction(opened.fundingTxid!)).toBeDefined();
    const id = opened.channelId;

    devnet.chain.mine(3);
    const ready = await waitFor('the channel to be normal', async () => {
      const channel = await channelOf(id);
      return channel?.phase === 'normal' ? channel : undefined;
    }, { timeoutMs: 60_000 });
    expect(ready).toMatchObject({ capacitySat: 300_000, localMsat: 300_000_000 - ready.remoteMsat, pendingHtlcs: [] });
    expect(ready.localReserveSat).toBeGreaterThan(0);
    expect(ready.shortChannelId).toBeDefined();

    // Paying the lsp's invoice: the command reconnects, reestablishes, pays and waits for the outcome.
    const paid = await cli<PaymentInfo>('pay', await lsp.invoice(20_000_000, 'coffee'));
    expect(paid).toMatchObject({ status: 'succeeded', amountMsat: 20_000_000 });
    expect(paid.preimage).toMatch(/^[0-9a-f]{64}$/);

    // Being paid: the node has to be online while the lsp pays, so `channel watch` keeps it up.
    const invoice = await cli<{ bolt11: string; paymentHash: string; amountMsat: number }>('invoice', '5000000', 'refund', '--expiry', '600');
    expect(invoice).toMatchObject({ amountMsat: 5_000_000, paymentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const watching = cli<{ invoice: IncomingStatus; channels: ChannelInfo[] }>('channel', 'watch', '--for', '45', '--invoice', invoice.bolt11);
    await waitFor('LDK to be able to pay us', async () => (await lsp.channels()).some((c) => c.channelId === id && c.isUsable && c.outboundCapacityMsat >= 5_000_000), { timeoutMs: 30_000 });
    expect(await lsp.pay(invoice.bolt11)).toMatchObject({ status: 'succeeded' });
    const watched = await watching;
    expect(watched.invoice).toMatchObject({ status: 'received', amountMsat: 5_000_000, channelId: id });

    const settled = await channelOf(id);
    expect(settled).toMatchObject({ phase: 'normal', localMsat: 300_000_000 - 20_000_000 + 5_000_000, pendingHtlcs: [] });

    // Reading an invoice before paying it: amount, description, payee and the default fee limit (1% + 5 sats).
    const decoded = await cli<DecodedInvoice>('decode', await lsp.invoice(1_234_000, 'decode me'));
    expect(decoded).toMatchObject({ amountMsat: 1_234_000, description: 'decode me', payee: lsp.nodeId, maxFeeMsat: 12_340 + 5_000, alreadyPaid: null });
    expect((await cli<DecodedInvoice>('decode', paid.bolt11)).alreadyPaid).toBe('succeeded');
    // Both payments are on record, with the proof for the one we made. (Their order is not checked: an
    // invoice is dated to the second, so one made within the second after a payment may sort before it.)
    const payments = await cli<PaymentInfo[]>('payments');
    expect(payments.map((p) => [p.direction, p.paymentHash, p.status]).sort()).toEqual([
      ['incoming', invoice.paymentHash, 'succeeded'],
      ['outgoing', paid.paymentHash, 'succeeded'],
    ]);
    expect(payments.find((p) => p.direction === 'outgoing')!.preimage).toBe(paid.preimage);
    const graph = await cli<GraphInfo>('graph');
    expect(graph).toEqual({ nodes: expect.any(Number), channels: expect.any(Number), lastSync: graph.lastSync === null ? null : expect.any(Number), syncing: expect.any(Boolean) });

    const closing = await cli<ChannelInfo>('channel', 'close', id);
    expect(closing.closingTxid).toBeDefined();
    expect(devnet.chain.getTransaction(closing.closingTxid!)).toBeDefined();
    devnet.chain.mine(1);
    await waitFor('the channel to be closed', async () => (await channelOf(id))?.phase === 'closed', { timeoutMs: 30_000 });
  }, 240_000);

  it('reports errors as JSON on stderr with exit code 1', async () => {
    const bad = await run(['pay', 'lnbcrt1garbage']);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(JSON.parse(bad.err)).toMatchObject({ error: 'invalid_invoice' });

    const unknown = await run(['channel', 'close', '00'.repeat(32)]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.err)).toMatchObject({ error: 'unknown_channel' });

    const usage = await run(['channel', 'open', 'nobody']);
    expect(JSON.parse(usage.err)).toMatchObject({ error: 'invalid_arguments' });
  }, 60_000);
});
