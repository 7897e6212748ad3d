/**
 * The BOLT 8 Noise_XK_secp256k1_ChaChaPoly_SHA256 handshake, one function per act.
 * Each step returns the next step instead of mutating shared state, so a step can be retried
 * on the same object (the fuzz tests rely on this). Ephemeral keys are injected by the caller.
 */
import { concat } from '../codec/bytes.ts';
import { DecodeError, fail } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { aeadDecrypt, aeadEncrypt, counterNonce, ecdh, hkdfTwoKeys, isValidPublicKey, isValidSecretKey, publicKey, sha256 } from '../crypto/index.ts';

export const ACT_ONE_LENGTH = 50;
export const ACT_TWO_LENGTH = 50;
export const ACT_THREE_LENGTH = 66;

const HANDSHAKE_VERSION = 0;
const TAG_LENGTH = 16;
const EMPTY = new Uint8Array(0);
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

const PROTOCOL_HASH = sha256(ascii('Noise_XK_secp256k1_ChaChaPoly_SHA256'));
const PROLOGUE_HASH = sha256(concat(PROTOCOL_HASH, ascii('lightning')));

/** The keys both sides hold after act three; the chaining key seeds both directions' rotation. */
export interface TransportKeys {
  sendingKey: Uint8Array;
  receivingKey: Uint8Array;
  chainingKey: Uint8Array;
}

export interface InitiatorActOne {
  actOne: Uint8Array<ArrayBuffer>;
  receiveActTwo(actTwo: Uint8Array): { actThree: Uint8Array<ArrayBuffer>; keys: TransportKeys };
}

export interface ResponderAwaitingActOne {
  receiveActOne(actOne: Uint8Array): ResponderActTwo;
}

export interface ResponderActTwo {
  actTwo: Uint8Array<ArrayBuffer>;
  receiveActThree(actThree: Uint8Array): { remotePubkey: Uint8Array; keys: TransportKeys };
}

/** Handshake hash `h` and chaining key `ck`. Operations replace the arrays, never mutate them. */
class Transcript {
  constructor(
    public h: Uint8Array,
    public ck: Uint8Array,
  ) {}

  static start(responderPubkey: Uint8Array): Transcript {
    return new Transcript(sha256(concat(PROLOGUE_HASH, responderPubkey)), PROTOCOL_HASH);
  }

  copy(): Transcript {
    return new Transcript(this.h, this.ck);
  }

  mixHash(data: Uint8Array): void {
    this.h = sha256(concat(this.h, data));
  }

  /** `ck, temp_k = HKDF(ck, ikm)`; returns temp_k. */
  mixKey(ikm: Uint8Array): Uint8Array {
    const [ck, tempKey] = hkdfTwoKeys(this.ck, ikm);
    this.ck = ck;
    return tempKey;
  }

  encryptAndHash(key: Uint8Array, nonce: number, plaintext: Uint8Array): Uint8Array {
    const ciphertext = aeadEncrypt(key, counterNonce(nonce), this.h, plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(key: Uint8Array, nonce: number, ciphertext: Uint8Array): Uint8Array {
    const plaintext = aeadDecrypt(key, counterNonce(nonce), this.h, ciphertext);
    this.mixHash(ciphertext);
    return plaintext;
  }
}

/** Splits an act into its payload and final tag after checking the version byte and exact length. */
function parseAct(act: Uint8Array, length: number): [payload: Uint8Array, tag: Uint8Array] {
  const reader = new Reader(act);
  const version = reader.u8('version');
  if (version !== HANDSHAKE_VERSION) fail('bad_version', `unknown handshake version ${version}`);
  const payload = reader.bytes(length - 1 - TAG_LENGTH, 'payload');
  const tag = reader.bytes(TAG_LENGTH, 'tag');
  reader.expectEnd('act');
  return [payload, tag];
}

/** Runs one act, prefixing any DecodeError with the act's name. */
function act<T>(name: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof DecodeError) fail(e.code, `${name}: ${e.message}`);
    throw e;
  }
}

/** Keys given by the caller are checked up front: a bad one is a bug here, not the peer's fault. */
function requireSecret(secret: Uint8Array, which: string): void {
  if (!isValidSecretKey(secret)) throw new RangeError(`the ${which} secret is not a valid secp256k1 secret key`);
}

function requireNodeId(pubkey: Uint8Array): void {
  if (!isValidPublicKey(pubkey)) throw new RangeError('the remote node id is not a 33-byte compressed public key');
}

/** An act on the wire: the version byte, then its two parts. */
function versioned(first: Uint8Array, second: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(1 + first.length + second.length);
  out[0] = HANDSHAKE_VERSION;
  out.set(first, 1);
  out.set(second, 1 + first.length);
  return out;
}

export function initiatorHandshake(
  localSecret: Uint8Array,
  remotePubkey: Uint8Array,
  ephemeralSecret: Uint8Array,
): InitiatorActOne {
  requireSecret(localSecret, 'local');
  requireSecret(ephemeralSecret, 'ephemeral');
  requireNodeId(remotePubkey);
  const localPubkey = publicKey(localSecret);
  const ephemeralPubkey = publicKey(ephemeralSecret);
  const t = Transcript.start(remotePubkey);
  t.mixHash(ephemeralPubkey);
  const tempKey1 = t.mixKey(ecdh(ephemeralSecret, remotePubkey));
  const actOne = versioned(ephemeralPubkey, t.encryptAndHash(tempKey1, 0, EMPTY));

  const receiveActTwo = (actTwo: Uint8Array) =>
    act('act two', () => {
      const [remoteEphemeral, tag] = parseAct(actTwo, ACT_TWO_LENGTH);
      const s = t.copy();
      s.mixHash(remoteEphemeral);
      const tempKey2 = s.mixKey(ecdh(ephemeralSecret, remoteEphemeral));
      s.decryptAndHash(tempKey2, 0, tag);
      const encryptedStatic = s.encryptAndHash(tempKey2, 1, localPubkey);
      const tempKey3 = s.mixKey(ecdh(localSecret, remoteEphemeral));
      const finalTag = aeadEncrypt(tempKey3, counterNonce(0), s.h, EMPTY);
      const [sendingKey, receivingKey] = hkdfTwoKeys(s.ck, EMPTY);
      return {
        actThree: versioned(encryptedStatic, finalTag),
        keys: { sendingKey, receivingKey, chainingKey: s.ck },
      };
    });

  return { actOne, receiveActTwo };
}

export function responderHandshake(localSecret: Uint8Array, ephemeralSecret: Uint8Array): ResponderAwaitingActOne {
  requireSecret(localSecret, 'local');
  requireSecret(ephemeralSecret, 'ephemeral');
  // Curve arithmetic waits for a well-formed act one, so garbage from a peer costs nothing.
  let start: Transcript | undefined;

  const receiveActOne = (actOne: Uint8Array): ResponderActTwo =>
    act('act one', () => {
      const [remoteEphemeral, tag] = parseAct(actOne, ACT_ONE_LENGTH);
      start ??= Transcript.start(publicKey(localSecret));
      const t = start.copy();
      t.mixHash(remoteEphemeral);
      const tempKey1 = t.mixKey(ecdh(localSecret, remoteEphemeral));
      t.decryptAndHash(tempKey1, 0, tag);

      const ephemeralPubkey = publicKey(ephemeralSecret);
      t.mixHash(ephemeralPubkey);
      const tempKey2 = t.mixKey(ecdh(ephemeralSecret, remoteEphemeral));
      const actTwo = versioned(ephemeralPubkey, t.encryptAndHash(tempKey2, 0, EMPTY));

      const receiveActThree = (actThree: Uint8Array) =>
        act('act three', () => {
          const [encryptedStatic, finalTag] = parseAct(actThree, ACT_THREE_LENGTH);
          const s = t.copy();
          const remotePubkey = s.decryptAndHash(tempKey2, 1, encryptedStatic);
          const tempKey3 = s.mixKey(ecdh(ephemeralSecret, remotePubkey));
          aeadDecrypt(tempKey3, counterNonce(0), s.h, finalTag);
          const [receivingKey, sendingKey] = hkdfTwoKeys(s.ck, EMPTY);
          return { remotePubkey, keys: { sendingKey, receivingKey, chainingKey: s.ck } };
        });

      return { actTwo, receiveActThree };
    });

  return { receiveActOne };
}
