export {
  MNEMONIC_ENTROPY_LENGTHS,
  MNEMONIC_WORD_COUNTS,
  MnemonicWordError,
  createMnemonic,
  mnemonicEntropy,
  mnemonicFromEntropy,
  mnemonicToSeed,
  mnemonicWords,
  parseMnemonic,
  type Mnemonic,
} from './mnemonic.ts';
export { BIP84_PURPOSE, Bip84Account, coinType, p2wpkhAddress, type AddressChain, type OnchainKey } from './bip84.ts';
export { KEY_FAMILY, LIGHTNING_PURPOSE, LightningKeys, type ChannelKeys, type KeyFamily, type KeyPair } from './lightning-keys.ts';
export {
  CALIBRATION_MAX_LOG2N,
  CALIBRATION_MIN_LOG2N,
  CALIBRATION_TARGET_MS,
  DEFAULT_SCRYPT_COST,
  SCRYPT_LIMITS,
  calibrateScrypt,
  scryptCostProblem,
  scryptMemoryBytes,
  type Calibration,
  type CalibrationOptions,
  type DeriveOptions,
  type ScryptCost,
} from './kdf.ts';
export { VAULT_VERSION, changeVaultPassphrase, createVault, parseVault, unlockVault, type CreateVaultOptions, type ParsedVault, type SeedVaultRecord } from './vault.ts';
export { deriveWalletKeys, type WalletKeys } from './wallet-keys.ts';
