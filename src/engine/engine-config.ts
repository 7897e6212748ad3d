import { NETWORKS, type NetworkName } from '../protocol/networks.ts';
import { EngineError } from './engine-error.ts';
import { parsePeerUri, type PeerUri } from './peer-uri.ts';

export { EngineError, type EngineErrorCode } from './engine-error.ts';

export type { NetworkName } from '../protocol/networks.ts';
export const NETWORK_NAMES = Object.keys(NETWORKS) as NetworkName[];

/** The local devnet runs on regtest, so that is what an unconfigured engine talks to. */
export const DEFAULT_NETWORK: NetworkName = 'regtest';

export interface EngineConfig {
  network: NetworkName;
  /** Base URL of the Esplora API the engine reads the chain from. */
  esploraUrl?: string;
  /** The peer offered when opening a channel (the devnet's `lsp` under `npm start`). */
  defaultPeer?: PeerUri;
}

export function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === 'string' && (NETWORK_NAMES as readonly string[]).includes(value);
}

function esploraUrl(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new EngineError('invalid_config', `the Esplora URL must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/$/, '');
}

/**
 * Builds a config from loosely typed input (environment variables, CLI flags):
 * missing or empty values take the default, unknown values are rejected rather than guessed.
 */
export function resolveConfig(input: { network?: unknown; esploraUrl?: unknown; defaultPeer?: unknown } = {}): EngineConfig {
  const { network = '' } = input;
  if (network !== '' && !isNetworkName(network)) {
    throw new EngineError('invalid_config', `unknown network ${JSON.stringify(network)}; expected one of ${NETWORK_NAMES.join(', ')}`);
  }
  const config: EngineConfig = { network: network === '' ? DEFAULT_NETWORK : network };
  const url = esploraUrl(input.esploraUrl);
  if (url) config.esploraUrl = url;
  if (typeof input.defaultPeer === 'string' && input.defaultPeer !== '') config.defaultPeer = parsePeerUri(input.defaultPeer);
  else if (typeof input.defaultPeer === 'object' && input.defaultPeer !== null) config.defaultPeer = input.defaultPeer as PeerUri;
  return config;
}
