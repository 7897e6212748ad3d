import { featuresOutOfContext, FeatureVector, missingDependencies } from '../features/features.ts';

/** The `9` field: a feature vector as big-endian words, bit 0 being the least significant bit of the last word. */

export function featuresFromWords(words: Uint8Array, at: number, length: number): FeatureVector {
  const bits: number[] = [];
  for (let k = 0; k < length; k++) {
    const word = words[at + length - 1 - k]!;
    for (let j = 0; word >> j !== 0; j++) if ((word >> j) & 1) bits.push(k * 5 + j);
  }
  return FeatureVector.fromBits(bits);
}

/** Minimal words: no leading zero word. */
export function featuresToWords(features: FeatureVector): Uint8Array {
  const bits = features.bits();
  if (bits.length === 0) return new Uint8Array(0);
  const words = new Uint8Array(Math.floor(bits[bits.length - 1]! / 5) + 1);
  for (const bit of bits) words[words.length - 1 - Math.floor(bit / 5)]! |= 1 << bit % 5;
  return words;
}

/**
 * Why a payer must not accept these invoice features, or undefined: a required (even) bit that is unknown
 * or not meant for invoices, or a feature without the features it depends on (BOLT 9).
 */
export function invoiceFeatureProblem(features: FeatureVector): string | undefined {
  const unknown = features.unknownRequired();
  if (unknown.length > 0) return `invoice requires unknown feature bit${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`;
  const misplaced = featuresOutOfContext(features, 'invoice').filter((name) => features.requires(name));
  if (misplaced.length > 0) return `invoice requires ${misplaced.join(', ')}, which is not an invoice feature`;
  const missing = missingDependencies(features);
  if (missing.length > 0) return `invoice features: ${missing.map((m) => `${m.feature} requires ${m.missing}`).join(', ')}`;
  return undefined;
}
