import type { ChannelInfo } from '../worker/wallet-api.ts';
import { Sats } from './Amount.tsx';
import { balanceBar, describeBalanceBar } from './channel-bar.ts';
import { msatToSat } from './channel-format.ts';

/**
 * Where a channel's capacity sits: our side on the left, the peer's on the right, anything in
 * flight between; the reserve each side must keep is hatched at its end of the bar.
 */
export function ChannelBalanceBar({ channel }: { channel: ChannelInfo }) {
  const bar = balanceBar(channel);
  const description = describeBalanceBar(channel);
  return (
    <div className="channel-bar-wrap">
      <div
        className="channel-bar"
        role="img"
        aria-label={description}
        title={description}
        data-testid="channel-balance-bar"
        data-local={bar.local}
        data-remote={bar.remote}
        data-local-reserve={bar.localReserve}
        data-remote-reserve={bar.remoteReserve}
      >
        <span className="channel-bar-local" style={{ width: `${bar.local}%` }} />
        <span className="channel-bar-other" style={{ width: `${bar.other}%` }} />
        <span className="channel-bar-remote" style={{ width: `${bar.remote}%` }} />
        {bar.localReserve > 0 && <span className="channel-bar-reserve channel-bar-reserve-local" style={{ width: `${bar.localReserve}%` }} />}
        {bar.remoteReserve > 0 && <span className="channel-bar-reserve channel-bar-reserve-remote" style={{ width: `${bar.remoteReserve}%` }} />}
      </div>
      <div className="channel-bar-legend" aria-hidden="true">
        <span>
          <span className="swatch swatch-local" /> You <Sats value={msatToSat(channel.localMsat)} />
        </span>
        <span>
          Peer <Sats value={msatToSat(channel.remoteMsat)} /> <span className="swatch swatch-remote" />
        </span>
      </div>
      <p className="channel-bar-note">
        <span className="swatch swatch-reserve" aria-hidden="true" /> Reserve: you keep <Sats value={channel.localReserveSat} />, the peer keeps{' '}
        <Sats value={channel.remoteReserveSat} />
      </p>
    </div>
  );
}
