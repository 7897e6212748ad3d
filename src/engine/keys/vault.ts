/**
 * The seed vault: the recovery phrase encrypted at rest under a passphrase.
 *
 * What is encrypted is the phrase's BIP39 entropy (16 bytes for 12 words), not the phrase
 * text and not the 64-byte seed: the entropy gives back the exact words (the wallet can show
 * them again for a backup, which the seed could not), it is canonical (no spacing or case
 * variants), and it is a fixed, short plaintext.
 *
 * Key: scrypt(passphrase, salt) → 64 bytes; the first 32 are the AES-256-GCM key, the last
 * 16 are stored as `keyCheck`. The check is what tells a wrong passphrase apart from a
 * damaged vault: if the check matches but the ciphertext fails authentication, the passphrase
 * was right and the record was altered. It gives an attacker nothing the GCM tag would not
 * (each guess still costs one scrypt run).
 *
 * Record (version 1), JSON-serialisable, byte fields in standard base64:
 *
 *     { version: 1,
 *       kdf: { name: 'scrypt', log2N, r, p, salt },
 *       iv,          // 12 random bytes
 *       keyCheck,    // 16 bytes
 *       ciphertext } // AES-256-GCM(entropy) with its 16-byte tag, additional data "seed-vault/1"
 *
 * The KDF parameters travel with the record, so a later version can raise the cost by
 * re-encrypting (changeVaultPassphrase with a new cost) without breaking old vaults.
 */
import { base64 } from '@scure/base';
import { equal } from '../../protocol/codec/bytes.ts';
import { EngineError } from '../engine-error.ts';
import { DEFAULT_SCRYPT_COST, scryptCostProblem, stretchPassphrase, type DeriveOptions, type ScryptCost, type ScryptParams } from './kdf.ts';
import { MNEMONIC_ENTROPY_LENGTHS, mnemonicEntropy, mnemonicFromEntropy, type Mnemonic } from './mnemonic.ts';

export const VAULT_VERSION = 1;

export interface SeedVaultRecord {
  version: 1;
  kdf: { name: 'scrypt'; log2N: number; r: number; p: number; salt: string };
  iv: string;
  keyCheck: string;
  ciphertext: string;
}

/** A vault record with its byte fields decoded. */
export interface ParsedVault {
  kdf: ScryptParams;
  iv: Uint8Array<ArrayBuffer>;
  keyCheck: Uint8Array;
  ciphertext: Uint8Array<ArrayBuffer>;
}

const SALT_BYTES = 16;
const IV_BYTES = 12;
const KEY_CHECK_BYTES = 16;
const TAG_BYTES = 16;
const ADDITIONAL_DATA = new TextEncoder().encode('seed-vault/1');

export interface CreateVaultOptions extends DeriveOptions {
  /** scrypt cost; calibrateScrypt() picks one for the device, tests pass a tiny one. */
  cost?: ScryptCost;
}

/** Encrypts a phrase under a passphrase. */
export async function createVault(mnemonic: Mnemonic, passphrase: string, options: CreateVaultOptions = {}): Promise<SeedVaultRecord> {
  const cost = options.cost ?? DEFAULT_SCRYPT_COST;
  const problem = scryptCostProblem(cost);
  if (problem !== undefined) throw new RangeError(`scrypt cost out of range: ${problem}`);
  const secret = normalisePassphrase(passphrase);
  if (secret.length === 0) throw new EngineError('invalid_passphrase', 'the passphrase is empty');

  const kdf: ScryptParams = { log2N: cost.log2N, r: cost.r, p: cost.p, salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)) };
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const { key, keyCheck } = await deriveVaultKey(secret, kdf, options);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA, tagLength: TAG_BYTES * 8 }, key, Uint8Array.from(mnemonicEntropy(mnemonic))),
  );
  return {
    version: VAULT_VERSION,
    kdf: { name: 'scrypt', log2N: kdf.log2N, r: kdf.r, p: kdf.p, salt: base64.encode(kdf.salt) },
    iv: base64.encode(iv),
    keyCheck: base64.encode(keyCheck),
    ciphertext: base64.encode(ciphertext),
  };
}

/**
 * Decrypts a vault (a record object, or its JSON text). Throws EngineError 'wrong_passphrase',
 * 'vault_malformed' (not a readable vault record) or 'vault_corrupted' (altered ciphertext).
 */
export async function unlockVault(vault: unknown, passphrase: string, options: DeriveOptions = {}): Promise<Mnemonic> {
  const parsed = parseVault(vault);
  const { key, keyCheck } = await deriveVaultKey(normalisePassphrase(passphrase), parsed.kdf, options);
  let entropy: Uint8Array;
  try {
    entropy = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: parsed.iv, additionalData: ADDITIONAL_DATA, tagLength: TAG_BYTES * 8 }, key, parsed.ciphertext),
    );
  } catch {
    if (!equal(keyCheck, parsed.keyCheck)) throw new EngineError('wrong_passphrase', 'the passphrase is not correct');
    throw new EngineError('vault_corrupted', 'the stored wallet is damaged: it failed its integrity check, so it cannot be decrypted; restore it from the recovery phrase');
  }
  // Authentic but not entropy: only a writer bug could produce this.
  if (!MNEMONIC_ENTROPY_LENGTHS.includes(entropy.length)) throw new EngineError('vault_corrupted', `the stored wallet holds ${entropy.length} bytes, which is not a recovery phrase`);
  return mnemonicFromEntropy(entropy);
}

/** Re-encrypts under a new passphrase, with a fresh salt and IV and optionally a new cost. */
export async function changeVaultPassphrase(vault: unknown, passphrase: string, newPassphrase: string, options: CreateVaultOptions = {}): Promise<SeedVaultRecord> {
  const mnemonic = await unlockVault(vault, passphrase, options);
  return createVault(mnemonic, newPassphrase, options);
}

/**
 * Checks the shape of a stored record (an object, or its JSON text) without decrypting it.
 * Anything that is not a version-1 vault with in-range parameters is EngineError 'vault_malformed'.
 */
export function parseVault(value: unknown): ParsedVault {
  const record = typeof value === 'string' ? parseJson(value) : value;
  if (isObject(record) && typeof record.version === 'number' && Number.isInteger(record.version) && record.version > VAULT_VERSION) {
    // Checked before the fields: a newer format may well have other fields.
    malformed(`the stored wallet is vault version ${record.version}, made by a newer version of this wallet`);
  }
  const fields = expectObject(record, 'the vault', ['version', 'kdf', 'iv', 'keyCheck', 'ciphertext']);
  if (fields.version !== VAULT_VERSION) malformed('the vault has no valid version');

  const kdf = expectObject(fields.kdf, 'the vault kdf', ['name', 'log2N', 'r', 'p', 'salt']);
  if (kdf.name !== 'scrypt') malformed('the vault key derivation is not scrypt');
  const cost = { log2N: kdf.log2N, r: kdf.r, p: kdf.p };
  if (typeof cost.log2N !== 'number' || typeof cost.r !== 'number' || typeof cost.p !== 'number') malformed('the vault scrypt cost is not numeric');
  const problem = scryptCostProblem(cost as ScryptCost);
  if (problem !== undefined) malformed(`the vault scrypt cost is out of range: ${problem}`);

  return {
    kdf: { ...(cost as ScryptCost), salt: expectBytes(kdf.salt, 'salt', SALT_BYTES, 64) },
    iv: expectBytes(fields.iv, 'iv', IV_BYTES, IV_BYTES),
    keyCheck: expectBytes(fields.keyCheck, 'keyCheck', KEY_CHECK_BYTES, KEY_CHECK_BYTES),
    ciphertext: expectBytes(fields.ciphertext, 'ciphertext', 16 + TAG_BYTES, 32 + TAG_BYTES),
  };
}

/** Unicode normal form, so the same passphrase typed on another device or keyboard gives the same key. */
function normalisePassphrase(passphrase: string): string {
  return passphrase.normalize('NFKD');
}

async function deriveVaultKey(passphrase: string, kdf: ScryptParams, options: DeriveOptions): Promise<{ key: CryptoKey; keyCheck: Uint8Array }> {
  const stretched = await stretchPassphrase(passphrase, kdf, 64, options);
  const key = await crypto.subtle.importKey('raw', stretched.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const keyCheck = stretched.slice(32, 32 + KEY_CHECK_BYTES);
  stretched.fill(0);
  return { key, keyCheck };
}

function malformed(reason: string): never {
  throw new EngineError('vault_malformed', `the stored wallet cannot be read: ${reason}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return malformed('it is not JSON');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: unknown, what: string, keys: readonly string[]): Record<string, unknown> {
  if (!isObject(value)) malformed(`${what} is not an object`);
  const fields = value;
  for (const key of Object.keys(fields)) if (!keys.includes(key)) malformed(`${what} has an unknown field "${key}"`);
  for (const key of keys) if (!Object.hasOwn(fields, key)) malformed(`${what} has no "${key}"`);
  return fields;
}

function expectBytes(value: unknown, what: string, min: number, max: number): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string') malformed(`${what} is not a string`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(base64.decode(value));
  } catch {
    return malformed(`${what} is not base64`);
  }
  if (bytes.length < min || bytes.length > max) {
    malformed(min === max ? `${what} must be ${min} bytes, not ${bytes.length}` : `${what} must be ${min} to ${max} bytes, not ${bytes.length}`);
  }
  return bytes;
}
