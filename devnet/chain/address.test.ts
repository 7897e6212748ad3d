import * as btc from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { AddressError, REGTEST_NETWORK, addressToScript, scriptToAddress } from './address.ts';
import { fromHex, toHex } from './bytes.ts';
import { makeKey } from './test-support.ts';

const key = makeKey('address');

describe('regtest addresses', () => {
  it('round-trips every standard type', () => {
    const payments = [
      btc.p2wpkh(key.pub, REGTEST_NETWORK),
      btc.p2wsh(btc.p2pk(key.pub), REGTEST_NETWORK),
      btc.p2tr(key.xonly, undefined, REGTEST_NETWORK),
      btc.p2pkh(key.pub, REGTEST_NETWORK),
      btc.p2sh(btc.p2pk(key.pub), REGTEST_NETWORK),
    ];
    const prefixes = payments.map((payment) => {
      const address = payment.address as string;
      expect(toHex(addressToScript(address))).toBe(toHex(payment.script));
      expect(scriptToAddress(payment.script)).toBe(address);
      return address.slice(0, address.startsWith('bcrt1') ? 6 : 1);
    });
    expect(prefixes).toEqual(['bcrt1q', 'bcrt1q', 'bcrt1p', expect.stringMatching(/^[mn]$/), '2']);
  });

  it('encodes P2A and future witness versions, and has no address for P2PK or OP_RETURN', () => {
    expect(scriptToAddress(fromHex('51024e73'))).toBe('bcrt1pfeesnyr2tx');
    expect(scriptToAddress(fromHex(`5220${'11'.repeat(32)}`))).toMatch(/^bcrt1z/);
    expect(scriptToAddress(btc.p2pk(key.pub).script)).toBeUndefined();
    expect(scriptToAddress(fromHex('6a00'))).toBeUndefined();
  });

  it('refuses other networks and garbage with a message', () => {
    expect(() => addressToScript('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toThrow(new AddressError('Address on invalid network'));
    expect(() => addressToScript('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toThrow('Address on invalid network');
    expect(() => addressToScript('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toThrow('Address on invalid network');
    expect(() => addressToScript('not-an-address')).toThrow(/^Invalid address/);
  });
});
