/**
 * The LDK configuration of devnet nodes. They serve a wallet that opens (and receives)
 * static_remotekey channels, possibly zero-conf and unannounced, so: inbound channels are
 * accepted manually (to decide zero-conf per peer), anchors are not negotiated, forwarding to
 * private channels is allowed and private outbound channels use an SCID alias when the peer
 * supports it.
 */
import { ldk } from './ldk.ts';

export interface ChannelPolicy {
  /** Confirmations we require of inbound channels' funding (unless the opener is trusted for zero-conf). */
  minimumDepth: number;
  /** Blocks our counterparty must wait to claim its funds after a unilateral close. */
  toSelfDelay: number;
}

export const DEFAULT_CHANNEL_POLICY: ChannelPolicy = { minimumDepth: 3, toSelfDelay: 144 };

export function makeUserConfig(policy: ChannelPolicy): ldk.UserConfig {
  const config = ldk.UserConfig.constructor_default();

  const handshake = config.get_channel_handshake_config();
  handshake.set_minimum_depth(policy.minimumDepth);
  handshake.set_our_to_self_delay(policy.toSelfDelay);
  handshake.set_announce_for_forwarding(false);
  handshake.set_negotiate_anchors_zero_fee_htlc_tx(false);
  handshake.set_negotiate_scid_privacy(true);
  // The default (10%) would cap a wallet's single payment to a tenth of its channel.
  handshake.set_max_inbound_htlc_value_in_flight_percent_of_channel(100);
  config.set_channel_handshake_config(handshake);

  const limits = config.get_channel_handshake_limits();
  // Public (lsp–merchant) and private (wallet) channels are both accepted, whatever we announce ourselves.
  limits.set_force_announced_channel_preference(false);
  config.set_channel_handshake_limits(limits);

  config.set_accept_inbound_channels(true);
  config.set_manually_accept_inbound_channels(true);
  config.set_accept_forwards_to_priv_channels(true);
  return config;
}

/**
 * Per-channel overrides of `open`. `announce` makes the channel public. `zeroconf` trusts our own
 * funding transaction unconfirmed, so the channel is usable at once if the acceptor agrees
 * (minimum_depth 0); without it the channel waits for at least one confirmation.
 */
export function makeOpenOverride(policy: ChannelPolicy, options: { announce: boolean; zeroconf: boolean }): ldk.UserConfig {
  const config = makeUserConfig(policy);
  const handshake = config.get_channel_handshake_config();
  handshake.set_announce_for_forwarding(options.announce);
  config.set_channel_handshake_config(handshake);
  const limits = config.get_channel_handshake_limits();
  limits.set_trust_own_funding_0conf(options.zeroconf);
  config.set_channel_handshake_limits(limits);
  return config;
}
