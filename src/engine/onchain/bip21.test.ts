import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../protocol/codec/bytes.ts';
import { EngineError } from '../engine-error.ts';
import { formatBip21, formatBip21ForQr, parseBip21 } from './bip21.ts';

const ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const INVOICE = 'lnbc10u1p3pj257pp5yztkwjcz5ftl5laxkav23zmzekaw37zk6kmv80pk4xaev5qhtz7qdpdwd3xger9wd5kwm36yprx7u3qd36kucmgyp282etnv3shjcqzpg';

function rejection(uri: string): EngineError {
  try {
    parseBip21(uri, 'mainnet');
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error(`${uri} was accepted`);
}

describe('BIP21 payment links', () => {
  it('parses a bare address', () => {
    const request = parseBip21(`bitcoin:${ADDRESS}`, 'mainnet');
    expect(request.address?.address).toBe(ADDRESS);
    expect(hex(request.address!.script)).toBe('0014751e76e8199196d454941c45d1b3a323f1433bd6');
    expect(request.amountSats).toBeUndefined();
    expect(request.otherParams).toEqual({});
  });

  it('parses amount, label, message and lightning (BIP21 examples)', () => {
    const request = parseBip21(
      `bitcoin:${ADDRESS}?amount=20.3&label=Luke-Jr&message=Donation%20for%20project%20xyz&lightning=${INVOICE}`,
      'mainnet',
    );
    expect(request.amountSats).toBe(2_030_000_000n);
    expect(request.label).toBe('Luke-Jr');
    expect(request.message).toBe('Donation for project xyz');
    expect(request.lightning).toBe(INVOICE);
  });

  it('accepts an upper-case QR link, names in any case, and unknown optional parameters', () => {
    const request = parseBip21(`BITCOIN:${ADDRESS.toUpperCase()}?AMOUNT=0.0001&pj=https%3A%2F%2Fexample.com&lightning=${INVOICE.toUpperCase()}`, 'mainnet');
    expect(request.address?.address).toBe(ADDRESS);
    expect(request.amountSats).toBe(10_000n);
    expect(request.lightning).toBe(INVOICE.toUpperCase());
    expect(request.otherParams).toEqual({ pj: 'https://example.com' });
  });

  it('accepts a Lightning-only link (BIP321)', () => {
    const request = parseBip21(`bitcoin:?lightning=${INVOICE}`, 'mainnet');
    expect(request.address).toBeUndefined();
    expect(request.lightning).toBe(INVOICE);
  });

  it.each([
    [`${ADDRESS}?amount=1`, /starts with "bitcoin:"/],
    ['bitcoin:', /no address/],
    ['bitcoin:?amount=1', /no address/],
    [`bitcoin:${ADDRESS}?req-somethingyoudontunderstand=50`, /requires "somethingyoudontunderstand"/],
    [`bitcoin:${ADDRESS}?REQ-pop=x`, /requires "pop"/],
    [`bitcoin:${ADDRESS}?amount=50,000.00`, /amount is invalid/],
    [`bitcoin:${ADDRESS}?amount=1e-3`, /amount is invalid/],
    [`bitcoin:${ADDRESS}?amount=0.000000001`, /8 decimals/],
    [`bitcoin:${ADDRESS}?amount=0`, /0 BTC/],
    [`bitcoin:${ADDRESS}?amount=1&amount=2`, /"amount" twice/],
    [`bitcoin:${ADDRESS}?amount`, /malformed parameter/],
    [`bitcoin:${ADDRESS}?label=%E0%A4%A`, /label is not correctly encoded/],
    [`bitcoin:${ADDRESS}?lightning=`, /empty Lightning invoice/],
    ['bitcoin:tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', /address is invalid.*testnet or signet address/],
    ['bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', /address is invalid.*typo/],
  ])('rejects %s', (uri, message) => {
    const error = rejection(uri);
    expect(error.code).toBe('invalid_payment_uri');
    expect(error.message).toMatch(message);
  });

  it('builds links that parse back to the same request', () => {
    const request = { address: ADDRESS, amountSats: 150_000n, label: 'Alice & Bob', message: '50% off? yes=no', lightning: INVOICE };
    const uri = formatBip21(request);
    expect(uri).toBe(`bitcoin:${ADDRESS}?amount=0.0015&label=Alice%20%26%20Bob&message=50%25%20off%3F%20yes%3Dno&lightning=${INVOICE}`);
    const parsed = parseBip21(uri, 'mainnet');
    expect({ ...parsed, address: parsed.address?.address }).toEqual({ ...request, otherParams: {} });
    expect(formatBip21({ address: ADDRESS })).toBe(`bitcoin:${ADDRESS}`);
  });

  it('builds an upper-case QR form for bech32 addresses only', () => {
    expect(formatBip21ForQr({ address: ADDRESS, amountSats: 1000n, lightning: INVOICE })).toBe(
      `BITCOIN:${ADDRESS.toUpperCase()}?amount=0.00001&lightning=${INVOICE.toUpperCase()}`,
    );
    // Base58 is case-sensitive: upper-casing it would change the address.
    expect(formatBip21ForQr({ address: '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy' })).toBe('BITCOIN:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
    expect(parseBip21(formatBip21ForQr({ address: ADDRESS, amountSats: 1000n }), 'mainnet').amountSats).toBe(1000n);
    expect(() => formatBip21({ address: ADDRESS, amountSats: 0n })).toThrow(EngineError);
  });

  it('round-trips any label, message and amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2_100_000_000_000_000n }), fc.string({ unit: 'grapheme' }), fc.string(), (amountSats, label, message) => {
        const parsed = parseBip21(formatBip21({ address: ADDRESS, amountSats, label, message }), 'mainnet');
        expect(parsed.amountSats).toBe(amountSats);
        expect(parsed.label ?? '').toBe(label);
        expect(parsed.message ?? '').toBe(message);
      }),
    );
  });

  it('turns any string into a request or an EngineError, never anything else', () => {
    const part = fc.oneof(fc.string(), fc.constantFrom('amount=', 'req-x=', 'label=%', '&', '?', '=', '0.1', ADDRESS, 'lightning=ln'));
    const uriish = fc.tuple(fc.constantFrom('bitcoin:', 'BITCOIN:', 'bitcoin:' + ADDRESS + '?', ''), fc.array(part, { maxLength: 6 })).map(([a, b]) => a + b.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), uriish), (uri) => {
        try {
          const request = parseBip21(uri, 'mainnet');
          expect(request.address !== undefined || request.lightning !== undefined).toBe(true);
          if (request.amountSats !== undefined) expect(request.amountSats > 0n).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(EngineError);
          expect((error as EngineError).code).toBe('invalid_payment_uri');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
