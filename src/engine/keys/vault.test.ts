import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64 } from '@scure/base';
import { EngineError, type EngineErrorCode } from '../engine-error.ts';
import type { ScryptCost } from './kdf.ts';
import { createMnemonic, mnemonicEntropy, mnemonicFromEntropy, parseMnemonic, type Mnemonic } from './mnemonic.ts';
import { engineError, engineRejection } from './test-support.ts';
import { changeVaultPassphrase, createVault, parseVault, unlockVault, type SeedVaultRecord } from './vault.ts';

/** Fast enough for hundreds of unlocks; real vaults use a calibrated cost. */
const TINY: ScryptCost = { log2N: 4, r: 8, p: 1 };
const PASSPHRASE = 'correct horse battery staple';
const mnemonic = createMnemonic();
const vault = await createVault(mnemonic, PASSPHRASE, { cost: TINY });

/** The record with one base64 field's bytes changed by `edit`. */
function editBytes(record: SeedVaultRecord, field: 'iv' | 'keyCheck' | 'ciphertext' | 'salt', edit: (bytes: Uint8Array) => void): SeedVaultRecord {
  const copy = structuredClone(record);
  const bytes = base64.decode(field === 'salt' ? copy.kdf.salt : copy[field]);
  edit(bytes);
  if (field === 'salt') copy.kdf.salt = base64.encode(bytes);
  else copy[field] = base64.encode(bytes);
  return copy;
}

describe('seed vault', () => {
  it('round-trips the phrase, also through JSON text', async () => {
    expect(await unlockVault(vault, PASSPHRASE)).toBe(mnemonic);
    const stored = JSON.stringify(vault);
    expect(await unlockVault(stored, PASSPHRASE)).toBe(mnemonic);
    expect(await unlockVault(JSON.parse(stored), PASSPHRASE)).toBe(mnemonic);
  });

  it('keeps a 24-word phrase', async () => {
    const long = mnemonicFromEntropy(crypto.getRandomValues(new Uint8Array(32)));
    const record = await createVault(long, PASSPHRASE, { cost: TINY });
    expect(base64.decode(record.ciphertext)).toHaveLength(48);
    expect(await unlockVault(record, PASSPHRASE)).toBe(long);
  });

  it('writes a versioned record with its KDF parameters, a random salt and IV, and no plaintext', async () => {
    expect(vault.version).toBe(1);
    expect(vault.kdf).toMatchObject({ name: 'scrypt', ...TINY });
    expect(base64.decode(vault.kdf.salt)).toHaveLength(16);
    expect(base64.decode(vault.iv)).toHaveLength(12);
    expect(base64.decode(vault.keyCheck)).toHaveLength(16);
    expect(base64.decode(vault.ciphertext)).toHaveLength(16 + 16);
    expect(Object.keys(vault).sort()).toEqual(['ciphertext', 'iv', 'kdf', 'keyCheck', 'version']);
    const stored = JSON.stringify(vault);
    expect(stored).not.toContain(mnemonic.split(' ')[0]!);
    expect(stored).not.toContain(base64.encode(mnemonicEntropy(mnemonic)));

    const twin = await createVault(mnemonic, PASSPHRASE, { cost: TINY });
    expect(twin.kdf.salt).not.toBe(vault.kdf.salt);
    expect(twin.iv).not.toBe(vault.iv);
    expect(twin.ciphertext).not.toBe(vault.ciphertext);
  });

  it('says wrong_passphrase for a wrong passphrase', async () => {
    for (const wrong of ['', 'correct horse battery stapler', PASSPHRASE.toUpperCase(), `${PASSPHRASE} `]) {
      const error = await engineRejection(unlockVault(vault, wrong));
      expect(error.code).toBe('wrong_passphrase');
    }
  });

  it('treats the same passphrase in another Unicode form as the same passphrase', async () => {
    const record = await createVault(mnemonic, 'caf\u00e9 cr\u00e8me', { cost: TINY });
    expect(await unlockVault(record, 'cafe\u0301 cre\u0300me')).toBe(mnemonic);
  });

  it('refuses to create a vault with an empty passphrase or an out-of-range cost', async () => {
    expect((await engineRejection(createVault(mnemonic, '', { cost: TINY }))).code).toBe('invalid_passphrase');
    await expect(createVault(mnemonic, PASSPHRASE, { cost: { log2N: 30, r: 8, p: 1 } })).rejects.toThrow(RangeError);
  });

  it('uses a real default cost when none is given', async () => {
    const record = await createVault(mnemonic, PASSPHRASE);
    expect(record.kdf).toMatchObject({ log2N: 15, r: 8, p: 1 });
  });

  it('reports progress while unlocking', async () => {
    const progress: number[] = [];
    await unlockVault(vault, PASSPHRASE, { onProgress: (f) => progress.push(f) });
    expect(progress.at(-1)).toBe(1);
  });

  it('changes the passphrase and can raise the cost', async () => {
    const raised = await changeVaultPassphrase(vault, PASSPHRASE, 'new passphrase', { cost: { ...TINY, log2N: 6 } });
    expect(raised.kdf.log2N).toBe(6);
    expect(await unlockVault(raised, 'new passphrase')).toBe(mnemonic);
    expect((await engineRejection(unlockVault(raised, PASSPHRASE))).code).toBe('wrong_passphrase');
    expect((await engineRejection(changeVaultPassphrase(vault, 'nope', 'x', { cost: TINY }))).code).toBe('wrong_passphrase');
  });
});

describe('a damaged vault', () => {
  it('says vault_corrupted when any ciphertext or IV byte was altered, even with the right passphrase', async () => {
    const length = base64.decode(vault.ciphertext).length;
    for (let i = 0; i < length; i++) {
      const tampered = editBytes(vault, 'ciphertext', (b) => (b[i]! ^= 0x01));
      expect((await engineRejection(unlockVault(tampered, PASSPHRASE))).code).toBe('vault_corrupted');
    }
    for (let i = 0; i < 12; i++) {
      const tampered = editBytes(vault, 'iv', (b) => (b[i]! ^= 0x80));
      expect((await engineRejection(unlockVault(tampered, PASSPHRASE))).code).toBe('vault_corrupted');
    }
  });

  it('says wrong_passphrase, not corrupted, for a wrong passphrase on an altered ciphertext', async () => {
    const tampered = editBytes(vault, 'ciphertext', (b) => (b[0]! ^= 0x01));
    expect((await engineRejection(unlockVault(tampered, 'wrong'))).code).toBe('wrong_passphrase');
  });

  it('still opens with the right passphrase if only the key check was altered (the ciphertext is authentic)', async () => {
    const tampered = editBytes(vault, 'keyCheck', (b) => (b[3]! ^= 0x10));
    expect(await unlockVault(tampered, PASSPHRASE)).toBe(mnemonic);
  });

  it('cannot tell an altered salt or cost from a wrong passphrase (both change the key)', async () => {
    const salted = editBytes(vault, 'salt', (b) => (b[0]! ^= 0x01));
    expect((await engineRejection(unlockVault(salted, PASSPHRASE))).code).toBe('wrong_passphrase');
    const costlier = structuredClone(vault);
    costlier.kdf.log2N = 5;
    expect((await engineRejection(unlockVault(costlier, PASSPHRASE))).code).toBe('wrong_passphrase');
  });

  it.each<[string, unknown, RegExp]>([
    ['nothing', undefined, /not an object/],
    ['null', null, /not an object/],
    ['an array', [], /not an object/],
    ['text that is not JSON', '{"version":1', /not JSON/],
    ['a number', 42, /not an object/],
    ['a record without version', { ...vault, version: undefined }, /no valid version/],
    ['version 0', { ...vault, version: 0 }, /no valid version/],
    ['version "1"', { ...vault, version: '1' }, /no valid version/],
    ['a newer version', { ...vault, version: 2 }, /vault version 2, made by a newer version/],
    ['a newer version with new fields', { version: 3, kdf: { name: 'argon2id' }, sealed: 'x' }, /vault version 3, made by a newer version/],
    ['an extra field', { ...vault, mnemonic: 'x' }, /unknown field "mnemonic"/],
    ['a missing field', { version: 1, kdf: vault.kdf, iv: vault.iv, keyCheck: vault.keyCheck }, /no "ciphertext"/],
    ['another KDF', { ...vault, kdf: { ...vault.kdf, name: 'pbkdf2' } }, /not scrypt/],
    ['a string cost', { ...vault, kdf: { ...vault.kdf, log2N: '4' } }, /not numeric/],
    ['a huge cost', { ...vault, kdf: { ...vault.kdf, log2N: 40 } }, /out of range/],
    ['too much memory', { ...vault, kdf: { ...vault.kdf, log2N: 20, r: 32 } }, /out of range/],
    ['a short salt', { ...vault, kdf: { ...vault.kdf, salt: base64.encode(new Uint8Array(8)) } }, /salt must be 16 to 64 bytes/],
    ['an IV of 16 bytes', { ...vault, iv: base64.encode(new Uint8Array(16)) }, /iv must be 12 bytes/],
    ['an IV that is not base64', { ...vault, iv: 'not base64!' }, /iv is not base64/],
    ['a numeric ciphertext', { ...vault, ciphertext: 7 }, /ciphertext is not a string/],
    ['a truncated ciphertext', { ...vault, ciphertext: base64.encode(base64.decode(vault.ciphertext).slice(0, 20)) }, /ciphertext must be 32 to 48 bytes/],
  ])('says vault_malformed for %s', async (_what, record, message) => {
    const error = engineError(() => parseVault(record));
    expect(error.code).toBe('vault_malformed');
    expect(error.message).toMatch(message);
    expect((await engineRejection(unlockVault(record, PASSPHRASE))).code).toBe('vault_malformed');
  });
});

describe('vault record parser, on arbitrary input', () => {
  const jsonish = fc.jsonValue();

  /** Valid records with one field replaced, removed or added, at the top level or inside kdf. */
  const mutatedRecords = fc.oneof(
    fc.tuple(fc.constantFrom('version', 'kdf', 'iv', 'keyCheck', 'ciphertext'), fc.option(jsonish)).map(([key, value]) => {
      const copy: Record<string, unknown> = { ...vault };
      if (value === null) delete copy[key];
      else copy[key] = value;
      return copy;
    }),
    fc.tuple(fc.constantFrom('name', 'log2N', 'r', 'p', 'salt'), fc.option(jsonish)).map(([key, value]) => {
      const kdf: Record<string, unknown> = { ...vault.kdf };
      if (value === null) delete kdf[key];
      else kdf[key] = value;
      return { ...vault, kdf };
    }),
    fc.tuple(fc.string(), jsonish).map(([key, value]) => ({ ...vault, [key]: value })),
    fc.string().map((text) => JSON.stringify(vault).slice(0, text.length) + text),
  );

  it('throws only EngineError("vault_malformed") and returns only well-formed vaults', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), jsonish, fc.string(), mutatedRecords), (input) => {
        try {
          const parsed = parseVault(input);
          expect(parsed.iv).toHaveLength(12);
          expect(parsed.keyCheck).toHaveLength(16);
          expect(parsed.ciphertext.length).toBeGreaterThanOrEqual(32);
          expect(parsed.ciphertext.length).toBeLessThanOrEqual(48);
        } catch (e) {
          if (!(e instanceof EngineError) || e.code !== 'vault_malformed') throw e;
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('unlocking altered byte fields gives the phrase back or a typed error, nothing else', async () => {
    const allowed: EngineErrorCode[] = ['wrong_passphrase', 'vault_corrupted', 'vault_malformed'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('iv', 'keyCheck', 'ciphertext', 'salt') as fc.Arbitrary<'iv' | 'keyCheck' | 'ciphertext' | 'salt'>,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.boolean(),
        async (field, edits, rightPassphrase) => {
          const record = editBytes(vault, field, (b) => {
            for (const [at, value] of edits) b[at % b.length] = value;
          });
          try {
            const unlocked: Mnemonic = await unlockVault(record, rightPassphrase ? PASSPHRASE : 'guess');
            expect(parseMnemonic(unlocked)).toBe(mnemonic);
          } catch (e) {
            if (!(e instanceof EngineError) || !allowed.includes(e.code)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
