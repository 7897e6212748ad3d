import { fail } from '../codec/errors.ts';

/**
 * BOLT 9 feature table. `bit` is the even (required) bit; odd = bit + 1 is optional.
 * Contexts: I init, N node_announcement, C channel_announcement, 9 BOLT 11 invoice, T channel_type.
 * Features the spec now marks ASSUMED have no context there; we keep the contexts they were
 * set in, because peers and invoices still carry them and we must accept that.
 */
const TABLE = {
  option_data_loss_protect: { bit: 0, contexts: 'IN', deps: [] },
  option_upfront_shutdown_script: { bit: 4, contexts: 'IN', deps: [] },
  gossip_queries: { bit: 6, contexts: 'IN', deps: [] },
  var_onion_optin: { bit: 8, contexts: 'IN9', deps: [] },
  gossip_queries_ex: { bit: 10, contexts: 'IN', deps: [] },
  option_static_remotekey: { bit: 12, contexts: 'INT', deps: [] },
  payment_secret: { bit: 14, contexts: 'IN9', deps: [] },
  basic_mpp: { bit: 16, contexts: 'IN9', deps: ['payment_secret'] },
  option_support_large_channel: { bit: 18, contexts: 'IN', deps: [] },
  option_anchors: { bit: 22, contexts: 'INT', deps: [] },
  option_route_blinding: { bit: 24, contexts: 'IN9', deps: [] },
  option_shutdown_anysegwit: { bit: 26, contexts: 'IN', deps: [] },
  option_dual_fund: { bit: 28, contexts: 'IN', deps: [] },
  option_quiesce: { bit: 34, contexts: 'IN', deps: [] },
  option_attribution_data: { bit: 36, contexts: 'IN9', deps: [] },
  option_onion_messages: { bit: 38, contexts: 'IN', deps: [] },
  option_provide_storage: { bit: 42, contexts: 'IN', deps: [] },
  option_channel_type: { bit: 44, contexts: 'IN', deps: [] },
  option_scid_alias: { bit: 46, contexts: 'INT', deps: [] },
  option_payment_metadata: { bit: 48, contexts: '9', deps: [] },
  option_zeroconf: { bit: 50, contexts: 'INT', deps: ['option_scid_alias'] },
  option_simple_close: { bit: 60, contexts: 'IN', deps: ['option_shutdown_anysegwit'] },
  option_splice: { bit: 62, contexts: 'IN', deps: [] },
} as const satisfies Record<string, { bit: number; contexts: string; deps: readonly string[] }>;

export type FeatureName = keyof typeof TABLE;
export type FeatureContext = 'init' | 'node' | 'channel' | 'invoice' | 'channel_type';
export type FeatureSupport = 'optional' | 'required';

const CONTEXT_LETTER: Record<FeatureContext, string> = { init: 'I', node: 'N', channel: 'C', invoice: '9', channel_type: 'T' };

const NAME_BY_PAIR = new Map<number, FeatureName>(
  (Object.keys(TABLE) as FeatureName[]).map((name) => [TABLE[name].bit, name]),
);

export function featureBit(name: FeatureName): number {
  return TABLE[name].bit;
}

/** The name of the feature a bit belongs to, if BOLT 9 defines it. */
export function featureName(bit: number): FeatureName | undefined {
  return NAME_BY_PAIR.get(bit & ~1);
}

/** An immutable set of feature bits. Bit 0 is the least significant bit of the last byte on the wire. */
export class FeatureVector {
  private constructor(private readonly set: ReadonlySet<number>) {}

  static readonly empty = new FeatureVector(new Set());

  static fromBits(bits: Iterable<number>): FeatureVector {
    const set = new Set<number>();
    for (const b of bits) {
      if (!Number.isInteger(b) || b < 0) throw new RangeError(`invalid feature bit ${b}`);
      set.add(b);
    }
    return new FeatureVector(set);
  }

  /** Big-endian bytes as in `init`, `node_announcement` and `channel_type`. */
  static fromBytes(bytes: Uint8Array): FeatureVector {
    const set = new Set<number>();
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const byte = bytes[n - 1 - i]!;
      if (byte === 0) continue;
      for (let j = 0; j < 8; j++) if (byte & (1 << j)) set.add(i * 8 + j);
    }
    return new FeatureVector(set);
  }

  static of(features: Partial<Record<FeatureName, FeatureSupport>>): FeatureVector {
    let v = FeatureVector.empty;
    for (const [name, support] of Object.entries(features) as [FeatureName, FeatureSupport][]) v = v.with(name, support);
    return v;
  }

  isSet(bit: number): boolean {
    return this.set.has(bit);
  }
  /** Supported in either its optional or its required bit. */
  supports(name: FeatureName): boolean {
    const bit = TABLE[name].bit;
    return this.set.has(bit) || this.set.has(bit + 1);
  }
  /** A set even bit makes the feature mandatory, even if the odd bit is set too (BOLT 9). */
  requires(name: FeatureName): boolean {
    return this.set.has(TABLE[name].bit);
  }

  with(name: FeatureName, support: FeatureSupport): FeatureVector {
    const bit = TABLE[name].bit;
    const next = new Set(this.set);
    next.delete(bit);
    next.delete(bit + 1);
    next.add(support === 'required' ? bit : bit + 1);
    return new FeatureVector(next);
  }
  withBit(bit: number): FeatureVector {
    return FeatureVector.fromBits([...this.set, bit]);
  }
  union(other: FeatureVector): FeatureVector {
    return FeatureVector.fromBits([...this.set, ...other.set]);
  }

  bits(): number[] {
    return [...this.set].sort((a, b) => a - b);
  }
  get isEmpty(): boolean {
    return this.set.size === 0;
  }
  equals(other: FeatureVector): boolean {
    return this.set.size === other.set.size && [...this.set].every((b) => other.set.has(b));
  }

  /** Minimal big-endian encoding (no leading zero bytes). */
  toBytes(): Uint8Array {
    if (this.set.size === 0) return new Uint8Array(0);
    const top = Math.max(...this.set);
    const n = (top >> 3) + 1;
    const out = new Uint8Array(n);
    for (const b of this.set) out[n - 1 - (b >> 3)]! |= 1 << (b & 7);
    return out;
  }

  /** Even bits this node does not know: BOLT 1 says the connection must then fail. */
  unknownRequired(known: (bit: number) => boolean = (bit) => featureName(bit) !== undefined): number[] {
    return this.bits().filter((b) => b % 2 === 0 && !known(b));
  }

  /** Named features present, with how strongly. */
  describe(): Partial<Record<FeatureName, FeatureSupport>> {
    const out: Partial<Record<FeatureName, FeatureSupport>> = {};
    for (const name of Object.keys(TABLE) as FeatureName[]) {
      if (this.requires(name)) out[name] = 'required';
      else if (this.supports(name)) out[name] = 'optional';
    }
    return out;
  }
}

/** Features set in a vector that BOLT 9 does not allow in that context. */
export function featuresOutOfContext(features: FeatureVector, context: FeatureContext): FeatureName[] {
  const letter = CONTEXT_LETTER[context];
  const out: FeatureName[] = [];
  for (const bit of features.bits()) {
    const name = featureName(bit);
    if (name && !(TABLE[name].contexts as string).includes(letter) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** BOLT 9 dependency check: every set feature's dependencies must be set too. */
export function missingDependencies(features: FeatureVector): { feature: FeatureName; missing: FeatureName }[] {
  const out: { feature: FeatureName; missing: FeatureName }[] = [];
  for (const name of Object.keys(TABLE) as FeatureName[]) {
    if (!features.supports(name)) continue;
    for (const dep of TABLE[name].deps as readonly FeatureName[]) {
      if (!features.supports(dep)) out.push({ feature: name, missing: dep });
    }
  }
  return out;
}

/** Throws DecodeError('invalid_feature') if a received vector breaks BOLT 9's dependency rule. */
export function assertValidFeatures(features: FeatureVector, what: string): void {
  const missing = missingDependencies(features);
  if (missing.length > 0) {
    const list = missing.map((m) => `${m.feature} requires ${m.missing}`).join(', ');
    fail('invalid_feature', `${what}: ${list}`);
  }
}

export type Compatibility = { compatible: true } | { compatible: false; reason: string };

/** Whether we can talk to a peer: no even bit we do not understand, and no broken dependencies (BOLT 1 init rules). */
export function checkPeerFeatures(ours: FeatureVector, theirs: FeatureVector): Compatibility {
  const unknown = theirs.unknownRequired((bit) => featureName(bit) !== undefined && ours.supports(featureName(bit)!));
  if (unknown.length > 0) return { compatible: false, reason: `peer requires features we do not support: bits ${unknown.join(', ')}` };
  const ourUnmet = ours.bits().filter((b) => b % 2 === 0 && featureName(b) && !theirs.supports(featureName(b)!));
  if (ourUnmet.length > 0) {
    return { compatible: false, reason: `peer lacks features we require: ${ourUnmet.map((b) => featureName(b)).join(', ')}` };
  }
  const missing = missingDependencies(theirs);
  if (missing.length > 0) {
    return { compatible: false, reason: `peer's features are inconsistent: ${missing.map((m) => `${m.feature} without ${m.missing}`).join(', ')}` };
  }
  return { compatible: true };
}
