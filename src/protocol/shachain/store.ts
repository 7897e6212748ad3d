/** BOLT 3 "Efficient Per-commitment Secret Storage": the peer's revealed secrets in at most 49 entries. */
import { equal } from '../codec/bytes.ts';
import { fail } from '../codec/errors.ts';
import { MAX_SECRET_INDEX, deriveSecret, indexBit, isSecretIndex } from './shachain.ts';

interface Entry {
  readonly index: number;
  readonly secret: Uint8Array;
}

/** where_to_put_secret: the number of trailing zero bits of the index (48 for index 0). */
function bucketOf(index: number): number {
  for (let b = 0; b < 48; b++) if (indexBit(index, b)) return b;
  return 48;
}

/**
 * The secrets a peer has revealed, one per bucket: the entry in bucket b has b trailing zero
 * bits and derives every secret from its index up to the next multiple of 2^b. Secrets must
 * arrive in order, starting at index 2^48 - 1 and counting down.
 */
/** Plain data form of {@link RevealedSecrets}, for storage. */
export interface RevealedSecretsSnapshot {
  readonly next: number;
  readonly entries: readonly Entry[];
}

export class RevealedSecrets {
  private readonly buckets: (Entry | undefined)[] = [];
  private next = MAX_SECRET_INDEX;

  snapshot(): RevealedSecretsSnapshot {
    return { next: this.next, entries: this.buckets.filter((e): e is Entry => e !== undefined).map((e) => ({ index: e.index, secret: e.secret.slice() })) };
  }

  /** Rebuilds the store from a snapshot, re-checking every entry's place so a corrupted record cannot pass. */
  static fromSnapshot(snapshot: RevealedSecretsSnapshot): RevealedSecrets {
    const store = new RevealedSecrets();
    if (!(snapshot.next === -1 || isSecretIndex(snapshot.next))) fail('invalid_value', `bad next index ${snapshot.next}`);
    for (const entry of snapshot.entries) {
      if (!isSecretIndex(entry.index) || entry.index <= snapshot.next || entry.secret.length !== 32) {
        fail('invalid_value', `bad revealed secret entry ${entry.index}`);
      }
      store.buckets[bucketOf(entry.index)] = { index: entry.index, secret: entry.secret.slice() };
    }
    store.next = snapshot.next;
    return store;
  }

  /** The index the next insert must carry; -1 once index 0 has been stored. */
  get nextIndex(): number {
    return this.next;
  }

  /** insert_secret: stores the secret after checking it derives every stored one it should. */
  insert(index: number, secret: Uint8Array): void {
    if (!isSecretIndex(index)) fail('invalid_value', `secret index out of range: ${index}`);
    if (index !== this.next) fail('invalid_value', `expected the secret for index ${this.next}, got ${index}`);
    if (secret.length !== 32) fail('invalid_value', `per-commitment secret must be 32 bytes, got ${secret.length}`);
    const bucket = bucketOf(index);
    for (let b = 0; b < bucket; b++) {
      const entry = this.buckets[b];
      if (entry && !equal(deriveSecret(secret, bucket, entry.index), entry.secret)) {
        fail('invalid_value', `the secret for index ${index} does not derive the one for index ${entry.index}`);
      }
    }
    this.buckets[bucket] = { index, secret: secret.slice() };
    this.next = index - 1;
  }

  /** derive_old_secret: the secret for an index already revealed, or undefined if it has not been. */
  secretAt(index: number): Uint8Array | undefined {
    if (!isSecretIndex(index)) throw new RangeError(`secret index out of range: ${index}`);
    for (let b = 0; b < this.buckets.length; b++) {
      const entry = this.buckets[b];
      if (entry && Math.floor(index / 2 ** b) === Math.floor(entry.index / 2 ** b)) {
        return deriveSecret(entry.secret, b, index);
      }
    }
    return undefined;
  }
}
