import type { MouseEvent, ReactNode } from 'react';
import { ActivityIcon, ChannelsIcon, HomeIcon, SettingsIcon } from './icons.tsx';
import { routeHash, type Route } from './routes.ts';

const TABS: { route: Route; label: string; icon: ReactNode }[] = [
  { route: 'home', label: 'Home', icon: <HomeIcon /> },
  { route: 'activity', label: 'Activity', icon: <ActivityIcon /> },
  { route: 'channels', label: 'Channels', icon: <ChannelsIcon /> },
  { route: 'settings', label: 'Settings', icon: <SettingsIcon /> },
];

export function TabBar({ route, navigate }: { route: Route; navigate: (route: Route) => void }) {
  const follow = (to: Route) => (event: MouseEvent) => {
    // Keep modified clicks (new tab, new window) to the browser.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <nav className="tabbar" aria-label="Wallet sections">
      <ul>
        {TABS.map((tab) => (
          <li key={tab.route}>
            <a href={routeHash(tab.route)} aria-current={route === tab.route ? 'page' : undefined} onClick={follow(tab.route)} data-testid={`tab-${tab.route}`}>
              {tab.icon}
              <span>{tab.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
