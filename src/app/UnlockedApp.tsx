import { ActivityScreen } from './ActivityScreen.tsx';
import { ChannelsScreen } from './ChannelsScreen.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { ReceiveScreen } from './ReceiveScreen.tsx';
import { isTabRoute } from './routes.ts';
import { SendScreen } from './SendScreen.tsx';
import { SettingsScreen } from './SettingsScreen.tsx';
import { TabBar } from './TabBar.tsx';
import { useHashRoute } from './useHashRoute.ts';
import { useLiveWallet } from './useLiveWallet.ts';
import type { Persistence } from './useStoragePersistence.ts';

/** The open wallet: Home / Activity / Channels / Settings behind a tab bar, Receive and Send as full screens. */
export function UnlockedApp({ persistence, onAskPersistence }: { persistence: Persistence; onAskPersistence: () => void }) {
  const { route, navigate, back } = useHashRoute();
  const live = useLiveWallet();

  return (
    <div className={isTabRoute(route) ? 'unlocked with-tabbar' : 'unlocked'}>
      {route === 'home' && <HomeScreen live={live} navigate={navigate} persistence={persistence} />}
      {route === 'activity' && <ActivityScreen live={live} />}
      {route === 'channels' && <ChannelsScreen live={live} />}
      {route === 'settings' && <SettingsScreen live={live} persistence={persistence} onAskPersistence={onAskPersistence} />}
      {route === 'receive' && <ReceiveScreen onBack={back} />}
      {route === 'send' && <SendScreen live={live} onBack={back} onDone={back} />}
      {isTabRoute(route) && <TabBar route={route} navigate={navigate} />}
    </div>
  );
}
