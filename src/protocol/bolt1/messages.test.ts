import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { fromHex, hex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { FeatureVector } from '../features/features.ts';
import { NETWORKS } from '../networks.ts';
import { error, init, initFeatures, peerErrorText, ping, pong, warning } from './messages.ts';
import { bolt1Registry } from './registry.ts';

interface ExtensionVectors {
  valid: { message: string; comment: string }[];
  invalid: { message: string; reason: string }[];
}
const extension = loadVectors<ExtensionVectors>('bolt01-message-extension.json');

describe('message extension (BOLT 1 Appendix C)', () => {
  it.each(extension.valid.map((v) => [v.comment, v] as const))('accepts: %s', (_c, v) => {
    const msg = bolt1Registry.decode(fromHex(v.message));
    expect(msg.type).toBe('init');
    // Unknown odd records survive, so re-encoding gives back the same bytes.
    if (msg.type === 'init') expect(hex(init.encode(msg))).toBe(v.message);
  });

  it.each(extension.invalid.map((v) => [v.reason, v] as const))('rejects: %s', (_r, v) => {
    expect(() => bolt1Registry.decode(fromHex(v.message))).toThrow(DecodeError);
  });
});

describe('BOLT 1 messages', () => {
  it('round-trips init with features, networks and remote_addr', () => {
    const features = FeatureVector.of({ var_onion_optin: 'required', payment_secret: 'required', basic_mpp: 'optional' });
    const bytes = init.encode({
      globalfeatures: FeatureVector.empty,
      features,
      tlvs: { networks: [NETWORKS.regtest.chainHash], remote_addr: { type: 'ipv4', address: '127.0.0.1', port: 9735 } },
    });
    const decoded = bolt1Registry.decode(bytes);
    if (decoded.type !== 'init') throw new Error('expected init');
    expect(initFeatures(decoded).equals(features)).toBe(true);
    expect(decoded.tlvs.networks?.map(hex)).toEqual([hex(NETWORKS.regtest.chainHash)]);
    expect(decoded.tlvs.remote_addr).toEqual({ type: 'ipv4', address: '127.0.0.1', port: 9735 });
  });

  it('merges globalfeatures into features', () => {
    const msg = init.decodePayload(fromHex('0001020001' + '01'));
    expect(initFeatures(msg).bits()).toEqual([0, 1]);
  });

  it('round-trips ipv6 and dns remote addresses', () => {
    for (const remote_addr of [
      { type: 'ipv6', address: '2001:db8:0:0:0:0:0:1', port: 9735 },
      { type: 'dns', hostname: 'lsp.example.com', port: 443 },
    ] as const) {
      const decoded = init.decodePayload(
        init.encode({ globalfeatures: FeatureVector.empty, features: FeatureVector.empty, tlvs: { remote_addr } }).slice(2),
      );
      expect(decoded.tlvs.remote_addr).toEqual(remote_addr);
    }
  });

  it('round-trips ping, pong, error and warning', () => {
    const pingBytes = ping.encode({ num_pong_bytes: 12, ignored: new Uint8Array(4) });
    expect(hex(pingBytes)).toBe('0012' + '000c' + '0004' + '00000000');
    expect(bolt1Registry.decode(pingBytes)).toMatchObject({ type: 'ping', num_pong_bytes: 12 });
    expect(bolt1Registry.decode(pong.encode({ ignored: new Uint8Array(12) }))).toMatchObject({ type: 'pong' });
    const channel_id = new Uint8Array(32).fill(7);
    const data = new TextEncoder().encode('bad sig');
    expect(bolt1Registry.decode(error.encode({ channel_id, data }))).toMatchObject({ type: 'error', channel_id, data });
    expect(bolt1Registry.decode(warning.encode({ channel_id, data }))).toMatchObject({ type: 'warning' });
  });

  it('rejects unknown even message types and passes unknown odd ones through', () => {
    expect(() => bolt1Registry.decode(fromHex('0020'))).toThrow(/unknown even message type 32/);
    expect(bolt1Registry.decode(fromHex('0021abcd'))).toEqual({ type: 'unknown_odd', typeNumber: 33, payload: fromHex('abcd') });
  });

  it('rejects a truncated field with a message naming it', () => {
    expect(() => bolt1Registry.decode(fromHex('0012000c0004'))).toThrow(/ping\.ignored/);
  });

  it('makes peer error text safe to display', () => {
    expect(peerErrorText(fromHex('68690a07'))).toBe('hi\n\\x07');
    expect(peerErrorText(fromHex('ff41'))).toBe('\u00ffA');
  });

  it('only ever throws DecodeError on arbitrary or mutated bytes, and what decodes re-encodes stably', () => {
    const valid = [
      ...extension.valid.map((v) => fromHex(v.message)),
      init.encode({
        globalfeatures: FeatureVector.empty,
        features: FeatureVector.fromBits([1, 8, 15, 17]),
        tlvs: { networks: [NETWORKS.mainnet.chainHash], remote_addr: { type: 'dns', hostname: 'a.b', port: 1 } },
      }),
      ping.encode({ num_pong_bytes: 4, ignored: new Uint8Array(3) }),
      error.encode({ channel_id: new Uint8Array(32), data: new Uint8Array(5) }),
    ];
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 80 }), mutationsOf(valid), fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.from([0, 16, ...b])));
    assertOnlyDecodeErrors(
      inputs,
      (bytes) => bolt1Registry.decode(bytes),
      (msg) => {
        if (msg.type === 'unknown_odd') return;
        const def = bolt1Registry.get(bytes16Type(msg.type))!;
        const again = bolt1Registry.decode(def.encode(msg as never));
        expect(again).toEqual(msg);
      },
    );
  });
});

function bytes16Type(name: string): number {
  return { init: 16, error: 17, warning: 1, ping: 18, pong: 19 }[name]!;
}
