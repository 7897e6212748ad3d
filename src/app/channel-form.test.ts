import { describe, expect, it } from 'vitest';
import { buildOpenChannel, checkPeer, MIN_CHANNEL_SATS } from './channel-form.ts';

const NODE = '03' + '1f'.repeat(32);
const URI = `${NODE}@ws://127.0.0.1:9737`;

describe('checkPeer', () => {
  it('asks for a peer, and leaves reading it to the engine', () => {
    expect(checkPeer(`  ${URI} `)).toEqual({ ok: true, value: URI });
    expect(checkPeer(NODE)).toEqual({ ok: true, value: NODE });
    expect(checkPeer(' \n')).toMatchObject({ ok: false, problem: expect.stringMatching(/Enter/) });
  });
});

describe('buildOpenChannel', () => {
  it('builds the request', () => {
    expect(buildOpenChannel({ peer: URI, sats: '100,000', push: '' }, 500_000)).toEqual({ ok: true, request: { peer: URI, sats: 100_000 } });
    expect(buildOpenChannel({ peer: NODE, sats: '100000', push: '1 000' })).toEqual({ ok: true, request: { peer: NODE, sats: 100_000, pushMsat: 1_000_000 } });
  });

  it('checks the amount against the minimum and the on-chain balance', () => {
    expect(buildOpenChannel({ peer: URI, sats: '', push: '' })).toMatchObject({ ok: false, problems: { sats: 'Enter an amount in sats.' } });
    expect(buildOpenChannel({ peer: URI, sats: String(MIN_CHANNEL_SATS - 1), push: '' })).toMatchObject({
      ok: false,
      problems: { sats: 'A channel needs at least 20,000 sats.' },
    });
    expect(buildOpenChannel({ peer: URI, sats: '50000', push: '' }, 50_000)).toMatchObject({ ok: false, problems: { sats: expect.stringMatching(/network fee/) } });
    expect(buildOpenChannel({ peer: URI, sats: '50000', push: '' }, 10_000)).toMatchObject({ ok: false, problems: { sats: expect.stringMatching(/too small/) } });
  });

  it('keeps the gift to the peer below the channel amount', () => {
    expect(buildOpenChannel({ peer: URI, sats: '50000', push: '50000' })).toMatchObject({ ok: false, problems: { push: expect.stringMatching(/less than/) } });
    expect(buildOpenChannel({ peer: URI, sats: '50000', push: '1.5' })).toMatchObject({ ok: false, problems: { push: expect.stringMatching(/whole sats/i) } });
  });

  it('reports every problem at once', () => {
    const check = buildOpenChannel({ peer: '', sats: 'abc', push: '0' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.problems).sort()).toEqual(['peer', 'push', 'sats']);
  });
});
