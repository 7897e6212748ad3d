import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equal, fromHex, hex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { FUZZ_RUNS } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { MAX_SECRET_INDEX, generateFromSeed } from './shachain.ts';
import { RevealedSecrets } from './store.ts';

interface StorageVectors {
  tests: { name: string; steps: { I: number; secret: string; output: 'OK' | 'ERROR' }[] }[];
}
interface GenerationVectors {
  tests: { seed: string }[];
}
const storage = loadVectors<StorageVectors>('bolt03-shachain-storage.json');
const seeds = [...new Set(loadVectors<GenerationVectors>('bolt03-shachain-generation.json').tests.map((t) => t.seed))];

describe('revealed secret storage (BOLT 3 Appendix D)', () => {
  it.each(storage.tests.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const store = new RevealedSecrets();
    for (const step of t.steps) {
      const insert = () => store.insert(step.I, fromHex(step.secret));
      if (step.output === 'OK') {
        insert();
      } else {
        expect(insert).toThrow(DecodeError);
        return;
      }
    }
    // A fully accepted sequence: every secret can be looked up again.
    for (const step of t.steps) expect(hex(store.secretAt(step.I)!)).toBe(step.secret);
  });

  it('rejects secrets out of order and has none for unrevealed indices', () => {
    const [first, second] = storage.tests[0]!.steps;
    const store = new RevealedSecrets();
    expect(() => store.insert(second!.I, fromHex(second!.secret))).toThrow(DecodeError);
    store.insert(first!.I, fromHex(first!.secret));
    expect(() => store.insert(first!.I, fromHex(first!.secret))).toThrow(DecodeError);
    expect(store.secretAt(second!.I)).toBeUndefined();
  });

  it('derives every earlier secret of a long sequence from at most 49 entries', () => {
    const seed = fromHex(seeds[0]!);
    const store = new RevealedSecrets();
    const count = 300;
    for (let i = 0; i < count; i++) store.insert(MAX_SECRET_INDEX - i, generateFromSeed(seed, MAX_SECRET_INDEX - i));
    for (let i = 0; i < count; i += 7) {
      expect(store.secretAt(MAX_SECRET_INDEX - i)).toEqual(generateFromSeed(seed, MAX_SECRET_INDEX - i));
    }
    expect(store.secretAt(MAX_SECRET_INDEX - count)).toBeUndefined();
  });
});

describe('revealed secret storage fuzz', () => {
  // The honest chains are precomputed so each case only costs the inserts themselves.
  const chainLength = 40;
  const chains = seeds.map((seed) =>
    Array.from({ length: chainLength }, (_, i) => generateFromSeed(fromHex(seed), MAX_SECRET_INDEX - i)),
  );

  type Step =
    | { kind: 'honest' }
    | { kind: 'random_secret'; secret: Uint8Array }
    | { kind: 'flipped_bit'; bit: number }
    | { kind: 'index'; index: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ kind: 'honest' as const }) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 40 }).map((secret) => ({ kind: 'random_secret' as const, secret })),
    },
    { weight: 1, arbitrary: fc.nat({ max: 255 }).map((bit) => ({ kind: 'flipped_bit' as const, bit })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer({ min: MAX_SECRET_INDEX - 64, max: MAX_SECRET_INDEX + 2 }), fc.integer(), fc.double())
        .map((index) => ({ kind: 'index' as const, index })),
    },
  );

  it('inserting honest, corrupted or misplaced secrets throws nothing but DecodeError', () => {
    fc.assert(
      fc.property(fc.nat({ max: chains.length - 1 }), fc.array(step, { maxLength: chainLength }), (chainIndex, steps) => {
        const chain = chains[chainIndex]!;
        const store = new RevealedSecrets();
        const accepted: number[] = [];
        let corrupted = false;
        for (const s of steps) {
          const position = MAX_SECRET_INDEX - store.nextIndex;
          let index = store.nextIndex;
          let secret: Uint8Array = chain[position]!.slice();
          if (s.kind === 'random_secret') secret = s.secret;
          if (s.kind === 'flipped_bit') secret[s.bit >>> 3]! ^= 1 << (s.bit & 7);
          if (s.kind === 'index') index = s.index;
          const before = store.nextIndex;
          try {
            store.insert(index, secret);
            if (!equal(secret, chain[position]!)) corrupted = true;
            accepted.push(index);
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
            if (store.nextIndex !== before) throw new Error('a rejected insert changed the store', { cause: e });
          }
        }
        if (!corrupted) {
          for (const index of accepted) {
            if (!equal(store.secretAt(index)!, chain[MAX_SECRET_INDEX - index]!)) throw new Error(`wrong secret for ${index}`);
          }
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('revealed secret snapshots', () => {
  it('round-trips and keeps deriving the same secrets', () => {
    const seed = fromHex(seeds[0]!);
    const store = new RevealedSecrets();
    for (let i = 0; i < 37; i++) store.insert(MAX_SECRET_INDEX - i, generateFromSeed(seed, MAX_SECRET_INDEX - i));
    const copy = RevealedSecrets.fromSnapshot(store.snapshot());
    expect(copy.nextIndex).toBe(store.nextIndex);
    for (let i = 0; i < 37; i++) expect(copy.secretAt(MAX_SECRET_INDEX - i)).toEqual(generateFromSeed(seed, MAX_SECRET_INDEX - i));
    copy.insert(MAX_SECRET_INDEX - 37, generateFromSeed(seed, MAX_SECRET_INDEX - 37));
    expect(() => RevealedSecrets.fromSnapshot({ next: 5, entries: [{ index: 3, secret: new Uint8Array(32) }] })).toThrow(DecodeError);
  });
});
