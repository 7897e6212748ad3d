import { useEffect, useState } from 'react';
import type { EngineInfo, EngineStatus } from '../worker/api.ts';
import type { RpcErrorData } from '../worker/rpc.ts';
import { connectEngine, type AppClient } from './engine-connection.ts';

export type EngineState =
  | { phase: 'loading' }
  | { phase: 'ready'; info: EngineInfo; status: EngineStatus; client: AppClient }
  | { phase: 'error'; error: RpcErrorData };

/** Runs the engine worker for as long as the calling component is mounted. */
export function useEngine(): EngineState {
  const [state, setState] = useState<EngineState>({ phase: 'loading' });

  useEffect(() => {
    let live = true;
    const connection = connectEngine((error) => live && setState({ phase: 'error', error }));
    const offEvent = connection.client.onEvent((event) => {
      if (event.type === 'status') setState((s) => (s.phase === 'ready' ? { ...s, status: event.status } : s));
    });
    connection.ready.then(
      ({ info, status }) => live && setState({ phase: 'ready', info, status, client: connection.client }),
      (error: RpcErrorData) => live && setState({ phase: 'error', error }),
    );
    return () => {
      live = false;
      offEvent();
      connection.dispose();
    };
  }, []);

  return state;
}
