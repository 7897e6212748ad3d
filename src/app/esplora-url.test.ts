import { describe, expect, it } from 'vitest';
import { checkEsploraUrl } from './esplora-url.ts';

describe('checkEsploraUrl', () => {
  it('accepts https base URLs and tidies them', () => {
    expect(checkEsploraUrl(' https://blockstream.info/api/ ', 'https:')).toEqual({ ok: true, url: 'https://blockstream.info/api' });
    expect(checkEsploraUrl('https://mempool.space/testnet4/api', 'https:')).toEqual({ ok: true, url: 'https://mempool.space/testnet4/api' });
    expect(checkEsploraUrl('https://esplora.example:8443', 'https:')).toEqual({ ok: true, url: 'https://esplora.example:8443' });
  });

  it('allows plain http on this machine or from an http page', () => {
    expect(checkEsploraUrl('http://127.0.0.1:3002', 'https:')).toEqual({ ok: true, url: 'http://127.0.0.1:3002' });
    expect(checkEsploraUrl('http://localhost:3002/', 'https:')).toEqual({ ok: true, url: 'http://localhost:3002' });
    expect(checkEsploraUrl('http://192.168.1.5:3002', 'http:')).toEqual({ ok: true, url: 'http://192.168.1.5:3002' });
    expect(checkEsploraUrl('http://192.168.1.5:3002', 'https:')).toMatchObject({ ok: false, problem: expect.stringContaining('https') });
  });

  it('explains what is wrong', () => {
    expect(checkEsploraUrl('', 'https:')).toMatchObject({ ok: false, problem: expect.stringContaining('Enter') });
    expect(checkEsploraUrl('blockstream.info/api', 'https:')).toMatchObject({ ok: false, problem: expect.stringContaining('https://') });
    expect(checkEsploraUrl('ftp://example.com', 'https:')).toMatchObject({ ok: false });
    expect(checkEsploraUrl('https://user:pw@example.com', 'https:')).toMatchObject({ ok: false, problem: expect.stringContaining('password') });
    expect(checkEsploraUrl('https://example.com/api?x=1', 'https:')).toMatchObject({ ok: false });
  });
});
