import * as btc from '@scure/btc-signer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../protocol/codec/bytes.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';
import { addressFromScript, parseAddress } from './address.ts';

function rejection(text: string, network: NetworkName): EngineError {
  try {
    parseAddress(text, network);
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseAddress', () => {
  // BIP350's valid test vectors (BIP173's v1+ ones now use bech32m).
  it.each([
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'mainnet', 'p2wpkh', '0014751e76e8199196d454941c45d1b3a323f1433bd6'],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'testnet', 'p2wsh', '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262'],
    [
      'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
      'mainnet',
      'witness_unknown',
      '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6',
    ],
    ['BC1SW50QGDZ25J', 'mainnet', 'witness_unknown', '6002751e'],
    ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'mainnet', 'witness_unknown', '5210751e76e8199196d454941c45d1b3a323'],
    ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', 'signet', 'p2wsh', '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433'],
    ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', 'testnet4', 'p2tr', '5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433'],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'mainnet', 'p2tr', '512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'mainnet', 'p2pkh', '76a91477bff20c60e522dfaa3350c39b030a5d004e839a88ac'],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'mainnet', 'p2sh', 'a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87'],
  ] as const)('%s on %s is %s', (address, network, type, script) => {
    const parsed = parseAddress(`  ${address}\n`, network);
    const shown = /^(bc|tb)1/i.test(address) ? address.toLowerCase() : address;
    expect(parsed).toEqual({ address: shown, type, script: expect.any(Uint8Array) });
    expect(hex(parsed.script)).toBe(script);
    expect(addressFromScript(parsed.script, network)).toBe(parsed.address);
  });

  it('agrees with @scure/btc-signer on every address type it knows', () => {
    const regtest = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
    const hash20 = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    const hash32 = fromHex('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'); // on the curve, as P2TR needs
    const outputs = [
      { type: 'pkh', hash: hash20 },
      { type: 'sh', hash: hash20 },
      { type: 'wpkh', hash: hash20 },
      { type: 'wsh', hash: hash32 },
      { type: 'tr', pubkey: hash32 },
    ] as const;
    for (const [network, params] of [
      ['mainnet', btc.NETWORK],
      ['testnet', btc.TEST_NETWORK],
      ['regtest', regtest],
    ] as const) {
      for (const output of outputs) {
        const address = btc.Address(params).encode(output);
        const parsed = parseAddress(address, network);
        expect(hex(parsed.script)).toBe(hex(btc.OutScript.encode(output)));
        expect(addressFromScript(parsed.script, network)).toBe(address);
      }
    }
  });

  it('accepts the pay-to-anchor address and future witness versions on regtest', () => {
    const anchor = addressFromScript(Uint8Array.of(0x51, 0x02, 0x4e, 0x73), 'regtest')!;
    expect(anchor).toBe('bcrt1pfeesnyr2tx');
    expect(parseAddress(anchor, 'regtest').type).toBe('witness_unknown');
    const v16 = addressFromScript(Uint8Array.of(0x60, 0x02, 0xab, 0xcd), 'regtest')!;
    expect(hex(parseAddress(v16, 'regtest').script)).toBe('6002abcd');
  });

  it.each([
    // BIP350 invalid vectors, with what a person is told.
    ['tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', /not a Bitcoin address/],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', /typo/],
    ['tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', /typo/],
    ['BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', /typo/],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', /typo/],
    ['tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', /typo/],
    ['bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', /contains "o"/],
    ['BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', /witness version 17/],
    ['bc1pw5dgrnzv', /1 bytes is not allowed/],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', /41 bytes is not allowed/],
    ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', /must be 20 or 32 bytes, not 16/],
    ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', /mixes upper- and lower-case/],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', /padding/],
    ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', /padding/],
    ['bc1gmk9yu', /typo|no data/],
  ])('rejects %s', (text, message) => {
    const error = rejection(text, text.toLowerCase().startsWith('tb') ? 'testnet' : 'mainnet');
    expect(error.code).toBe('invalid_address');
    expect(error.message).toMatch(message);
  });

  it('names the network an address belongs to', () => {
    expect(rejection('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'regtest').message).toMatch(/mainnet address, but this wallet is on regtest/);
    expect(rejection('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'mainnet').message).toMatch(/testnet or signet address.*mainnet/);
    expect(rejection('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'testnet').message).toMatch(/mainnet address, but this wallet is on testnet/);
    expect(rejection('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'mainnet').message).toMatch(/test-network address.*mainnet/);
    // Test networks share base58 prefixes, so a testnet P2PKH address is a valid regtest address.
    expect(parseAddress('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'regtest').type).toBe('p2pkh');
  });

  it('detects a one-character typo in a base58 address', () => {
    expect(rejection('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'mainnet').message).toMatch(/typo/);
  });

  it.each([
    ['', /Enter a Bitcoin address/],
    ['hello world', /not a Bitcoin address/],
    ['bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', /payment link/],
    ['lnbc1500n1pwjfj5dpp5', /Lightning invoice/],
    ['5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ', /private key/],
    ['KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617', /private key/],
    ['bc1' + 'q'.repeat(100), /too long/],
  ])('explains why %j is not an address', (text, message) => {
    expect(rejection(text, 'mainnet').message).toMatch(message);
  });

  it('catches every single-character substitution in a bech32 address', () => {
    const address = addressFromScript(Uint8Array.of(0x00, 0x14, ...Array.from({ length: 20 }, (_, i) => i * 7)), 'regtest')!;
    expect(parseAddress(address, 'regtest').type).toBe('p2wpkh');
    const charset = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    fc.assert(
      fc.property(fc.integer({ min: 6, max: address.length - 1 }), fc.constantFrom(...charset), (position, char) => {
        fc.pre(address[position] !== char);
        const typoed = address.slice(0, position) + char + address.slice(position + 1);
        expect(() => parseAddress(typoed, 'regtest')).toThrow(EngineError);
      }),
    );
  });

  it('turns any string into a valid address or an EngineError, never anything else', () => {
    const bech32ish = fc
      .tuple(fc.constantFrom('bc1', 'tb1', 'bcrt1', 'BC1', 'bcrt1p', 'bc1q'), fc.string({ unit: fc.constantFrom(...'qpzry9x8gf2tvdw0s3jn54khce6mua7lQPZ1bio'), maxLength: 80 }))
      .map(([prefix, body]) => prefix + body);
    const base58ish = fc.string({ unit: fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), maxLength: 50 });
    const valid = ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn'];
    const nearlyValid = fc
      .tuple(fc.constantFrom(...valid), fc.nat(), fc.boolean())
      .map(([address, cut, upper]) => (upper ? address.toUpperCase() : address).slice(0, address.length - (cut % 3)));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), bech32ish, base58ish, nearlyValid), fc.constantFrom<NetworkName>('mainnet', 'testnet', 'regtest'), (text, network) => {
        let parsed;
        try {
          parsed = parseAddress(text, network);
        } catch (error) {
          expect(error).toBeInstanceOf(EngineError);
          expect((error as EngineError).code).toBe('invalid_address');
          return;
        }
        expect(addressFromScript(parsed.script, network)).toBe(parsed.address);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips every witness program through addressFromScript', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.uint8Array({ minLength: 2, maxLength: 40 }), (version, program) => {
        fc.pre(version !== 0 || program.length === 20 || program.length === 32);
        const script = Uint8Array.of(version === 0 ? 0 : 0x50 + version, program.length, ...program);
        const address = addressFromScript(script, 'mainnet')!;
        expect(hex(parseAddress(address, 'mainnet').script)).toBe(hex(script));
      }),
    );
  });

  it('has no address for scripts that are not addresses', () => {
    expect(addressFromScript(Uint8Array.of(0x6a, 0x01, 0x00), 'mainnet')).toBeUndefined();
    expect(addressFromScript(Uint8Array.of(0x00, 0x10, ...new Uint8Array(16)), 'mainnet')).toBeUndefined();
    expect(addressFromScript(new Uint8Array(0), 'mainnet')).toBeUndefined();
  });
});
