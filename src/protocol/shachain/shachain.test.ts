import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../codec/bytes.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { generateFromSeed } from './shachain.ts';

interface GenerationVectors {
  tests: { name: string; seed: string; I: number; output: string }[];
}
const generation = loadVectors<GenerationVectors>('bolt03-shachain-generation.json');

describe('per-commitment secret generation (BOLT 3 Appendix D)', () => {
  it.each(generation.tests.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    expect(hex(generateFromSeed(fromHex(t.seed), t.I))).toBe(t.output);
  });
});
