import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.ts';
import { encodeBigSize, readBigSize } from './bigsize.ts';
import { fromHex, hex } from './bytes.ts';
import { DecodeError } from './errors.ts';
import { Reader } from './reader.ts';

interface BigSizeVectors {
  decoding: { name: string; value: string; bytes: string; exp_error?: string }[];
  encoding: { name: string; value: string; bytes: string }[];
}
const vectors = loadVectors<BigSizeVectors>('bolt01-bigsize.json');

describe('BigSize (BOLT 1 Appendix A)', () => {
  it.each(vectors.decoding.map((v) => [v.name, v] as const))('decodes %s', (_name, v) => {
    const read = () => {
      const r = new Reader(fromHex(v.bytes));
      const value = readBigSize(r);
      r.expectEnd();
      return value;
    };
    if (v.exp_error) {
      expect(read).toThrow(DecodeError);
      const expected = v.exp_error.includes('canonical') ? 'non_minimal' : 'truncated';
      try {
        read();
      } catch (e) {
        expect((e as DecodeError).code).toBe(expected);
      }
    } else {
      expect(read()).toBe(BigInt(v.value));
    }
  });

  it.each(vectors.encoding.map((v) => [v.name, v] as const))('encodes %s', (_name, v) => {
    expect(hex(encodeBigSize(BigInt(v.value)))).toBe(v.bytes);
  });
});
