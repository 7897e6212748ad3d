import { describe, expect, it } from 'vitest';
import { isTabRoute, parseRoute, routeHash } from './routes.ts';

describe('routes', () => {
  it('reads hashes and defaults to home', () => {
    expect(parseRoute('')).toBe('home');
    expect(parseRoute('#')).toBe('home');
    expect(parseRoute('#/')).toBe('home');
    expect(parseRoute('#/send')).toBe('send');
    expect(parseRoute('#send')).toBe('send');
    expect(parseRoute('#/activity/abc')).toBe('activity');
    expect(parseRoute('#/receive?x=1')).toBe('receive');
    expect(parseRoute('#/channels')).toBe('channels');
    expect(parseRoute('#/nowhere')).toBe('home');
    expect(parseRoute('#/constructor')).toBe('home');
  });

  it('round-trips', () => {
    for (const route of ['home', 'activity', 'channels', 'settings', 'receive', 'send'] as const) expect(parseRoute(routeHash(route))).toBe(route);
  });

  it('knows which screens have the tab bar', () => {
    expect(isTabRoute('home')).toBe(true);
    expect(isTabRoute('channels')).toBe(true);
    expect(isTabRoute('send')).toBe(false);
    expect(isTabRoute('receive')).toBe(false);
  });
});
