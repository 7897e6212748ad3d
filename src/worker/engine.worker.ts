import { resolveConfig } from '../engine/engine.ts';
import { hostEngine } from './host.ts';

// VITE_NETWORK is read at build time; unset means the local devnet (regtest).
hostEngine(self, resolveConfig({ network: import.meta.env.VITE_NETWORK }));
