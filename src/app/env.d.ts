/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** mainnet | testnet | testnet4 | signet | regtest (default regtest). */
  readonly VITE_NETWORK?: string;
  /** Esplora base URL, e.g. the devnet's http://127.0.0.1:<port>. */
  readonly VITE_ESPLORA_URL?: string;
  /** Default peer as <node id>@ws://host:port. */
  readonly VITE_DEFAULT_PEER?: string;
}
