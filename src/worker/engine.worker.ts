import { resolveConfig } from '../engine/engine.ts';
import { hostEngine } from './host.ts';

// Read at build time; `npm start` sets them to the local devnet. Unset means regtest with no chain server or peer yet.
hostEngine(
  self,
  resolveConfig({
    network: import.meta.env.VITE_NETWORK,
    esploraUrl: import.meta.env.VITE_ESPLORA_URL,
    defaultPeer: import.meta.env.VITE_DEFAULT_PEER,
  }),
);
