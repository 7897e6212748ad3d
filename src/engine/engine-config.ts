export const NETWORK_NAMES = ['mainnet', 'testnet', 'testnet4', 'signet', 'regtest'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

/** The local devnet runs on regtest, so that is what an unconfigured engine talks to. */
export const DEFAULT_NETWORK: NetworkName = 'regtest';

export interface EngineConfig {
  network: NetworkName;
}

export type EngineErrorCode = 'invalid_config' | 'not_running';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === 'string' && (NETWORK_NAMES as readonly string[]).includes(value);
}

/**
 * Builds a config from loosely typed input (environment variables, CLI flags):
 * missing or empty values take the default, unknown values are rejected rather than guessed.
 */
export function resolveConfig(input: { network?: unknown } = {}): EngineConfig {
  const { network } = input;
  if (network === undefined || network === '') return { network: DEFAULT_NETWORK };
  if (!isNetworkName(network)) {
    throw new EngineError('invalid_config', `unknown network ${JSON.stringify(network)}; expected one of ${NETWORK_NAMES.join(', ')}`);
  }
  return { network };
}
