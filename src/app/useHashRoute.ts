import { useCallback, useSyncExternalStore } from 'react';
import { parseRoute, routeHash, type Route } from './routes.ts';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
    window.removeEventListener('hashchange', listener);
  };
}

function notify() {
  for (const listener of listeners) listener();
}

const currentRoute = () => parseRoute(window.location.hash);

interface InAppEntry {
  /** Set on history entries this app pushed, so Back can return to the screen before. */
  walletRoute: true;
}

function pushedInApp(state: unknown): state is InAppEntry {
  return typeof state === 'object' && state !== null && (state as Partial<InAppEntry>).walletRoute === true;
}

/** The current screen from the location hash; navigation adds browser history entries so Back works. */
export function useHashRoute() {
  const route = useSyncExternalStore(subscribe, currentRoute, () => 'home' as Route);

  const navigate = useCallback((to: Route, { replace = false } = {}) => {
    if (currentRoute() === to && window.location.hash !== '') return;
    const entry: InAppEntry = { walletRoute: true };
    if (replace) window.history.replaceState(window.history.state, '', routeHash(to));
    else window.history.pushState(entry, '', routeHash(to));
    notify();
  }, []);

  /** Back to the previous screen if this app opened this one, else home. */
  const back = useCallback(() => {
    if (pushedInApp(window.history.state)) {
      window.history.back();
    } else {
      window.history.replaceState(null, '', routeHash('home'));
      notify();
    }
  }, []);

  return { route, navigate, back };
}
