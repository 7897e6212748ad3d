import type { Engine, EngineEvent, EngineInfo, EngineStatus } from '../engine/engine.ts';
import type { Handlers } from './rpc.ts';

/** The engine's API as the UI sees it: declared once, imported as a type by the app. */
export type EngineApi = {
  info(): EngineInfo;
  status(): EngineStatus;
};

export type { EngineEvent, EngineInfo, EngineStatus };

export function engineHandlers(engine: Engine): Handlers<EngineApi> {
  return {
    info: () => engine.info(),
    status: () => engine.status,
  };
}
