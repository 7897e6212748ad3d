import { Engine, type EngineConfig } from '../engine/engine.ts';
import { engineHandlers, type EngineApi, type EngineEvent } from './api.ts';
import { serve, type Endpoint, type Server } from './rpc.ts';

/** Constructs an engine, serves it on the endpoint and forwards its events; the worker entry and tests share this. */
export function hostEngine(endpoint: Endpoint, config: Partial<EngineConfig> = {}): { engine: Engine; server: Server<EngineEvent> } {
  const engine = new Engine(config);
  const server = serve<EngineApi, EngineEvent>(endpoint, engineHandlers(engine));
  engine.on((event) => server.emit(event));
  engine.start();
  return { engine, server };
}
