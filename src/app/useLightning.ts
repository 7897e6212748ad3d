import { useCallback, useEffect } from 'react';
import type { ChannelInfo, PeerInfo } from '../worker/wallet-api.ts';
import { useQuery, type Query } from './rpc-hooks.ts';
import { useWallet } from './wallet-context.ts';

/** The peers as last reported, with when (peers' `retryInSec` counts from then). */
export interface PeerList {
  peers: PeerInfo[];
  receivedAt: number;
}

export interface Lightning {
  channels: Query<ChannelInfo[]>;
  peers: Query<PeerList>;
}

/** The Lightning node's channels and peers, loaded when mounted and kept current by the engine's events. */
export function useLightning(): Lightning {
  const { call, onEvent } = useWallet();
  const channels = useQuery(useCallback(() => call('channels'), [call]));
  const peers = useQuery(useCallback(async (): Promise<PeerList> => ({ peers: await call('peers'), receivedAt: Date.now() }), [call]));

  const { setData: setChannels } = channels;
  const { setData: setPeers } = peers;
  useEffect(
    () =>
      onEvent((event) => {
        switch (event.type) {
          case 'channels_changed':
            setChannels(event.channels);
            break;
          case 'peers_changed':
            setPeers({ peers: event.peers, receivedAt: Date.now() });
            break;
        }
      }),
    [onEvent, setChannels, setPeers],
  );

  return { channels, peers };
}
