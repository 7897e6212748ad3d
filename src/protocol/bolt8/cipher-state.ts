/**
 * One direction of a BOLT 8 transport: a ChaCha20-Poly1305 key, its nonce and the chaining
 * key it rotates with. Noble's cipher is used directly (not crypto/aeadEncrypt) because it can
 * encrypt into a caller-provided slice, which lets a whole frame be built without copies.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { fail } from '../codec/errors.ts';
import { hkdfTwoKeys } from '../crypto/index.ts';

/** A key is rotated once its nonce reaches this value (BOLT 8 "Lightning Message Key Rotation"). */
const KEY_ROTATION_INTERVAL = 1000;
export const MAC_LENGTH = 16;

const NO_AD = new Uint8Array(0);

export class CipherState {
  private nonce = 0;
  /** BOLT 8 nonce layout (as crypto/counterNonce), kept in one buffer to avoid an allocation per call. */
  private readonly nonceBytes = new Uint8Array(12);

  constructor(
    private key: Uint8Array,
    private chainingKey: Uint8Array,
  ) {}

  /** Encrypts `plaintext` into `output`, which must be exactly `plaintext.length + MAC_LENGTH` long. */
  encryptInto(plaintext: Uint8Array, output: Uint8Array): void {
    chacha20poly1305(this.key, this.nonceBytes, NO_AD).encrypt(plaintext, output);
    this.advance();
  }

  /** Decrypts and authenticates `ciphertext` (plaintext then MAC); `what` names it in errors. */
  decrypt(ciphertext: Uint8Array, what: string): Uint8Array {
    if (ciphertext.length < MAC_LENGTH) fail('truncated', `${what}: shorter than its MAC`);
    let plaintext: Uint8Array;
    try {
      plaintext = chacha20poly1305(this.key, this.nonceBytes, NO_AD).decrypt(ciphertext);
    } catch {
      fail('bad_mac', `${what}: MAC check failed`);
    }
    this.advance();
    return plaintext;
  }

  private advance(): void {
    this.nonce++;
    if (this.nonce === KEY_ROTATION_INTERVAL) {
      [this.chainingKey, this.key] = hkdfTwoKeys(this.chainingKey, this.key);
      this.nonce = 0;
    }
    // Rotation keeps the nonce below 1000, so only the two low bytes of the little-endian counter change.
    this.nonceBytes[4] = this.nonce & 0xff;
    this.nonceBytes[5] = this.nonce >>> 8;
  }
}
