/** Where the public Esplora APIs live, and how a user's choice becomes a base URL. */
import { EngineError } from '../engine-error.ts';
import type { NetworkName } from '../../protocol/networks.ts';

export type EsploraProvider = 'mempool.space' | 'blockstream.info';

export interface EsploraPreset {
  provider: EsploraProvider;
  network: NetworkName;
  /** API base URL, without a trailing slash. */
  url: string;
}

export const ESPLORA_PRESETS: readonly EsploraPreset[] = [
  { provider: 'mempool.space', network: 'mainnet', url: 'https://mempool.space/api' },
  { provider: 'mempool.space', network: 'testnet', url: 'https://mempool.space/testnet/api' },
  { provider: 'mempool.space', network: 'testnet4', url: 'https://mempool.space/testnet4/api' },
  { provider: 'mempool.space', network: 'signet', url: 'https://mempool.space/signet/api' },
  { provider: 'blockstream.info', network: 'mainnet', url: 'https://blockstream.info/api' },
  { provider: 'blockstream.info', network: 'testnet', url: 'https://blockstream.info/testnet/api' },
  { provider: 'blockstream.info', network: 'signet', url: 'https://blockstream.info/signet/api' },
];

/** What the user picked in settings: a public preset, or their own server. */
export type EsploraEndpoint = { kind: 'preset'; provider: EsploraProvider } | { kind: 'custom'; url: string };

export function presetsFor(network: NetworkName): EsploraPreset[] {
  return ESPLORA_PRESETS.filter((preset) => preset.network === network);
}

/** The base URL to give EsploraClient; throws EngineError('invalid_config') with the reason. */
export function esploraBaseUrl(network: NetworkName, endpoint: EsploraEndpoint): string {
  if (endpoint.kind === 'preset') {
    const preset = ESPLORA_PRESETS.find((p) => p.network === network && p.provider === endpoint.provider);
    if (!preset) {
      const offered = presetsFor(network).map((p) => p.provider);
      throw new EngineError(
        'invalid_config',
        `${endpoint.provider} has no public Esplora API for ${network}; ` +
          (offered.length > 0 ? `choose ${offered.join(' or ')}, or enter your own server's URL` : `enter your own server's URL`),
      );
    }
    return preset.url;
  }
  return normalizeCustomUrl(endpoint.url);
}

function normalizeCustomUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new EngineError('invalid_config', `"${input}" is not a URL; enter the API base, e.g. https://mempool.space/api`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError('invalid_config', `the Esplora URL must start with http:// or https://, got "${input}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new EngineError('invalid_config', 'the Esplora URL must not contain a user name or password');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new EngineError('invalid_config', `the Esplora URL must be the API base without "?" or "#" parts, got "${input}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** The local devnet's Esplora (`npm run devnet -- start --esplora-port 3002`, as the browser tests run it). */
export const LOCAL_REGTEST_ESPLORA = 'http://127.0.0.1:3002';

/** Where a wallet with no chain server configured looks: mempool.space, or the local devnet on regtest. */
export function defaultEsploraUrl(network: NetworkName): string {
  return presetsFor(network).find((p) => p.provider === 'mempool.space')?.url ?? LOCAL_REGTEST_ESPLORA;
}
