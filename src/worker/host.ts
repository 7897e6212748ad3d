import { Engine, type EngineConfig } from '../engine/engine.ts';
import { engineHandlers, type EngineApi, type EngineEvent } from './api.ts';
import { serve, type Endpoint, type Handlers, type Server } from './rpc.ts';
import type { WalletApi, WalletUiEvent } from './wallet-api.ts';

export type HostedEvent = EngineEvent | WalletUiEvent;

/**
 * Constructs an engine, serves it on the endpoint and forwards its events; the worker entry and tests
 * share this. The wallet is passed in by the worker entry, since it needs browser storage and locks.
 */
export function hostEngine(
  endpoint: Endpoint,
  config: Partial<EngineConfig> = {},
  wallet?: { handlers: Handlers<WalletApi>; attach(emit: (event: WalletUiEvent) => void): void },
): { engine: Engine; server: Server<HostedEvent> } {
  const engine = new Engine(config);
  const handlers = { ...engineHandlers(engine), ...wallet?.handlers } as Handlers<EngineApi & WalletApi>;
  const server = serve<EngineApi & WalletApi, HostedEvent>(endpoint, handlers);
  engine.on((event) => server.emit(event));
  wallet?.attach((event) => server.emit(event));
  engine.start();
  return { engine, server };
}
