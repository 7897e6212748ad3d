// A named import, so bundles carry the version string and not the whole package.json.
import { version as packageVersion } from '../../package.json';
import { resolveConfig, type EngineConfig, type NetworkName } from './engine-config.ts';
import { Emitter, type Listener } from './engine-events.ts';
import { formatPeerUri } from './peer-uri.ts';

export { EngineError, DEFAULT_NETWORK, NETWORK_NAMES, isNetworkName, resolveConfig } from './engine-config.ts';
export type { EngineConfig, EngineErrorCode, NetworkName } from './engine-config.ts';
export { parsePeerUri, formatPeerUri, type PeerUri } from './peer-uri.ts';

export const ENGINE_VERSION: string = packageVersion;

export interface EngineInfo {
  version: string;
  network: NetworkName;
  esploraUrl?: string;
  defaultPeer?: string;
}

export type EngineStatus = 'idle' | 'ready' | 'stopped';

/** Everything the engine tells the UI without being asked. Later issues add wallet and channel events. */
export type EngineEvent = { type: 'status'; status: EngineStatus };

/**
 * The wallet's channel engine. DOM-free: it runs under Node (tests, CLI) and in the Web Worker,
 * with all I/O injected by the host.
 */
export class Engine {
  readonly config: EngineConfig;
  readonly #events = new Emitter<EngineEvent>();
  #status: EngineStatus = 'idle';

  constructor(config: Partial<EngineConfig> = {}) {
    this.config = resolveConfig(config);
  }

  info(): EngineInfo {
    const { network, esploraUrl, defaultPeer } = this.config;
    return {
      version: ENGINE_VERSION,
      network,
      ...(esploraUrl ? { esploraUrl } : {}),
      ...(defaultPeer ? { defaultPeer: formatPeerUri(defaultPeer) } : {}),
    };
  }

  get status(): EngineStatus {
    return this.#status;
  }

  on(listener: Listener<EngineEvent>): () => void {
    return this.#events.on(listener);
  }

  start(): void {
    if (this.#status !== 'ready') this.#setStatus('ready');
  }

  stop(): void {
    if (this.#status === 'ready') this.#setStatus('stopped');
  }

  #setStatus(status: EngineStatus): void {
    this.#status = status;
    this.#events.emit({ type: 'status', status });
  }
}
