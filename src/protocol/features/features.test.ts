import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex, fromHex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import {
  assertValidFeatures,
  checkPeerFeatures,
  featureBit,
  featureName,
  featuresOutOfContext,
  FeatureVector,
  missingDependencies,
} from './features.ts';

describe('feature vectors (BOLT 9)', () => {
  it('maps bits to big-endian bytes with bit 0 in the last byte', () => {
    expect(hex(FeatureVector.fromBits([0]).toBytes())).toBe('01');
    expect(hex(FeatureVector.fromBits([8, 14]).toBytes())).toBe('4100');
    expect(FeatureVector.fromBytes(fromHex('00004100')).bits()).toEqual([8, 14]);
    expect(FeatureVector.empty.toBytes().length).toBe(0);
  });

  it('round-trips any set of bits through bytes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 300 }), { maxLength: 20 }), (bits) => {
        const v = FeatureVector.fromBits(bits);
        expect(FeatureVector.fromBytes(v.toBytes()).bits()).toEqual([...bits].sort((a, b) => a - b));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells required from optional, and treats both bits set as required', () => {
    const v = FeatureVector.fromBits([featureBit('payment_secret'), featureBit('basic_mpp') + 1]);
    expect(v.requires('payment_secret')).toBe(true);
    expect(v.supports('basic_mpp')).toBe(true);
    expect(v.requires('basic_mpp')).toBe(false);
    const both = FeatureVector.fromBits([16, 17]);
    expect(both.requires('basic_mpp')).toBe(true);
    expect(FeatureVector.of({ option_scid_alias: 'optional' }).describe()).toEqual({ option_scid_alias: 'optional' });
    expect(featureName(51)).toBe('option_zeroconf');
    expect(featureName(200)).toBeUndefined();
  });

  it('checks transitive dependencies', () => {
    expect(missingDependencies(FeatureVector.of({ basic_mpp: 'optional' }))).toEqual([{ feature: 'basic_mpp', missing: 'payment_secret' }]);
    expect(() => assertValidFeatures(FeatureVector.of({ option_zeroconf: 'optional' }), 'init')).toThrow(DecodeError);
    expect(() => assertValidFeatures(FeatureVector.of({ option_zeroconf: 'optional', option_scid_alias: 'optional' }), 'init')).not.toThrow();
  });

  it('knows which features belong in which context', () => {
    const v = FeatureVector.of({ option_payment_metadata: 'optional', basic_mpp: 'optional', option_static_remotekey: 'required' });
    expect(featuresOutOfContext(v, 'init')).toEqual(['option_payment_metadata']);
    expect(featuresOutOfContext(v, 'channel_type')).toEqual(['basic_mpp', 'option_payment_metadata']);
    expect(featuresOutOfContext(v, 'invoice')).toEqual(['option_static_remotekey']);
  });

  it('refuses peers that require what we do not know, and accepts unknown odd bits', () => {
    const ours = FeatureVector.of({ var_onion_optin: 'required', payment_secret: 'required', option_static_remotekey: 'required' });
    expect(checkPeerFeatures(ours, ours.withBit(101))).toEqual({ compatible: true });
    const r = checkPeerFeatures(ours, ours.withBit(100));
    expect(r.compatible).toBe(false);
    expect(checkPeerFeatures(ours, FeatureVector.of({ var_onion_optin: 'optional' })).compatible).toBe(false);
    const theirsWithMpp = ours.with('basic_mpp', 'required');
    expect(checkPeerFeatures(ours, theirsWithMpp).compatible).toBe(false);
    expect(checkPeerFeatures(ours.with('basic_mpp', 'optional'), theirsWithMpp).compatible).toBe(true);
  });
});
