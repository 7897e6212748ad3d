import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAUCET_ADDRESS } from './chain/index.ts';
import { startDevnet, type Devnet } from './devnet.ts';
import { spawnDevnet } from './spawn.ts';

async function command(devnet: Devnet, command: string[], options: Record<string, string | boolean> = {}) {
  const response = await fetch(`${devnet.info.admin}/command`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ command, options }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the devnet admin API', () => {
  let devnet: Devnet;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'devnet-test-'));
    devnet = await startDevnet({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await devnet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the network, Esplora, and both nodes', async () => {
    const { status, body } = await command(devnet, ['info']);
    expect(status).toBe(200);
    expect(body).toMatchObject({ network: 'regtest', esplora: devnet.info.esplora });
    expect(devnet.info.nodes.lsp.id).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(devnet.info.nodes.merchant.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const tip = (await (await fetch(`${devnet.info.esplora}/blocks/tip/height`)).text()) as string;
    expect(Number(tip)).toBe(body.height);
  });

  it('mines, pays from the faucet, and reorgs', async () => {
    const before = (await command(devnet, ['info'])).body.height as number;
    const mined = await command(devnet, ['mine', '3']);
    expect(mined.body).toMatchObject({ height: before + 3 });
    const paid = await command(devnet, ['faucet', FAUCET_ADDRESS, '12345']);
    expect(paid.body.txid).toMatch(/^[0-9a-f]{64}$/);
    const tx = await fetch(`${devnet.info.esplora}/tx/${paid.body.txid as string}`);
    expect(tx.status).toBe(200);
    const reorg = await command(devnet, ['reorg', '2']);
    expect(reorg.body).toMatchObject({ height: before + 4 });
    expect((reorg.body.disconnected as string[]).length).toBe(2);
  });

  it('has the merchant invoice and the lsp pay it over their public channel', async () => {
    const invoice = await command(devnet, ['merchant', 'invoice', '21000', 'test']);
    expect(invoice.body.bolt11).toMatch(/^lnbcrt210n1/);
    const paid = await command(devnet, ['lsp', 'pay', invoice.body.bolt11 as string]);
    expect(paid.body).toMatchObject({ status: 'succeeded', amountMsat: 21000 });
    const payments = await command(devnet, ['merchant', 'payments']);
    expect(JSON.stringify(payments.body)).toContain(paid.body.paymentHash as string);
  }, 60_000);

  it('answers mistakes with 400 and a reason', async () => {
    expect(await command(devnet, ['mine', 'lots'])).toMatchObject({ status: 400, body: { error: 'block count must be a positive whole number' } });
    expect((await command(devnet, ['faucet', 'bc1qnotregtest', '1000'])).status).toBe(400);
    expect((await command(devnet, ['merchant', 'fly'])).body.error).toMatch(/unknown node command/);
    expect((await command(devnet, ['nonsense'])).body.error).toMatch(/unknown command/);
  });
});

describe('restarting the devnet from its data dir', () => {
  it('keeps the chain and the lsp–merchant channel, which still carries payments', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devnet-restart-'));
    try {
      const first = await startDevnet({ dataDir });
      const channels = (await command(first, ['lsp', 'channels'])).body as unknown as { channelId: string }[];
      const height = (await command(first, ['info'])).body.height as number;
      await first.stop();

      const second = await startDevnet({ dataDir });
      try {
        expect(second.info.nodes.lsp.id).toBe(first.info.nodes.lsp.id);
        expect((await command(second, ['info'])).body.height).toBe(height);
        const after = (await command(second, ['lsp', 'channels'])).body as unknown as { channelId: string; isUsable: boolean }[];
        expect(after.map((c) => c.channelId)).toEqual(channels.map((c) => c.channelId));
        const invoice = await command(second, ['lsp', 'invoice', '5000', 'after restart']);
        expect((await command(second, ['merchant', 'pay', invoice.body.bolt11 as string])).body).toMatchObject({ status: 'succeeded' });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('npm run devnet', () => {
  it('prints exactly one JSON line when ready and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devnet-cli-'));
    const devnet = await spawnDevnet(['--datadir', dataDir], { readyTimeoutMs: 45_000 });
    const laterLines: string[] = [];
    createInterface({ input: devnet.child.stdout! }).on('line', (line) => laterLines.push(line));
    try {
      expect(devnet.info.network).toBe('regtest');
      expect(Object.keys(devnet.info.nodes).sort()).toEqual(['lsp', 'merchant']);
      expect(await devnet.stop()).toBe(0);
      expect(laterLines).toEqual([]);
    } finally {
      if (devnet.child.exitCode === null) devnet.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
