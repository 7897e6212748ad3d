import { useCallback, useEffect, useRef, useState } from 'react';
import { toErrorData, type RpcErrorData } from '../worker/rpc.ts';

export interface Query<T> {
  data?: T;
  error?: RpcErrorData;
  /** True while a load is in flight, including a reload that keeps showing the previous data. */
  loading: boolean;
  reload(): void;
  /** Replaces the data with newer data pushed by the engine; a load already in flight is then ignored. */
  setData(data: T): void;
}

/** Loads data from the engine when mounted and whenever `load` changes (memoise it). */
export function useQuery<T>(load: () => Promise<T>): Query<T> {
  const [state, setState] = useState<{ data?: T; error?: RpcErrorData; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  const pushed = useRef(0);

  useEffect(() => {
    let live = true;
    const pushedBefore = pushed.current;
    load().then(
      (data) => {
        if (!live) return;
        setState((s) => (pushed.current === pushedBefore ? { data, loading: false } : { ...s, loading: false }));
      },
      (err: unknown) => {
        if (live) setState((s) => ({ ...s, error: toErrorData(err), loading: false }));
      },
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => {
    setState((s) => ({ ...(s.data === undefined ? {} : { data: s.data }), loading: true }));
    setAttempt((n) => n + 1);
  }, []);
  const setData = useCallback((data: T) => {
    pushed.current++;
    setState({ data, loading: false });
  }, []);
  return { ...state, reload, setData };
}

export interface Action<A extends unknown[], R> {
  /** Runs the action unless it is already running; resolves undefined when it failed (see `error`). */
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  error?: RpcErrorData;
  clearError(): void;
}

/** Something the person asked the engine to do, with its in-flight and error state. */
export function useAction<A extends unknown[], R>(perform: (...args: A) => Promise<R>): Action<A, R> {
  const [state, setState] = useState<{ pending: boolean; error?: RpcErrorData }>({ pending: false });
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setState({ pending: true });
      try {
        const result = await perform(...args);
        if (mounted.current) setState({ pending: false });
        return result;
      } catch (err) {
        if (mounted.current) setState({ pending: false, error: toErrorData(err) });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [perform],
  );
  const clearError = useCallback(() => setState((s) => (s.error ? { pending: s.pending } : s)), []);
  return { ...state, run, clearError };
}
