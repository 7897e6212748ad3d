export type Route = 'home' | 'activity' | 'channels' | 'settings' | 'receive' | 'send';

const ROUTES: readonly Route[] = ['home', 'activity', 'channels', 'settings', 'receive', 'send'];

/** The screen a location hash names; anything unknown is home. */
export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'home';
}

export function routeHash(route: Route): string {
  return `#/${route}`;
}

/** Receive and Send are full screens with a back button; the rest sit behind the tab bar. */
export function isTabRoute(route: Route): boolean {
  return route === 'home' || route === 'activity' || route === 'channels' || route === 'settings';
}
