/**
 * The Lightning side of the engine as its callers (worker, CLI, UI) see it. Amounts are numbers:
 * millisatoshis of any real channel stay far below 2^53.
 */

/** Where a channel is in its life, in the words the UI shows. */
export type ChannelPhase =
  /** open_channel/accept_channel/funding_created/funding_signed in progress. */
  | 'opening'
  /** Funding published, waiting for confirmations and both channel_ready messages. */
  | 'awaiting_confirmation'
  /** Usable for payments. */
  | 'normal'
  /** shutdown sent or received; pending HTLCs are settling. */
  | 'shutting_down'
  /** closing_signed fee negotiation. */
  | 'negotiating_close'
  /** A closing transaction is published (mutual or unilateral); outputs are being claimed. */
  | 'closing'
  /** Every output is resolved; the funds are in the on-chain wallet. */
  | 'closed';

export interface PendingHtlc {
  direction: 'incoming' | 'outgoing';
  amountMsat: number;
  paymentHash: string;
  cltvExpiry: number;
}

export interface ChannelInfo {
  /** 32-byte channel_id in hex (the temporary id until funding_created). */
  channelId: string;
  /** The peer's node id. */
  peer: string;
  peerConnected: boolean;
  phase: ChannelPhase;
  /** One sentence for a person: e.g. "Waiting for 2 more confirmations", "Closed by the peer: <reason>". */
  status: string;
  weOpened: boolean;
  capacitySat: number;
  localMsat: number;
  remoteMsat: number;
  /** Channel reserve we must keep on our side (set by the peer). */
  localReserveSat: number;
  remoteReserveSat: number;
  /** What a payment can take right now (balance minus reserve, fees and pending HTLCs). */
  canSendMsat: number;
  canReceiveMsat: number;
  pendingHtlcs: PendingHtlc[];
  fundingTxid?: string;
  fundingOutputIndex?: number;
  /** "block x tx x output" once confirmed. */
  shortChannelId?: string;
  /** The alias the peer knows the channel by (option_scid_alias), for zero-conf and private channels. */
  aliasScid?: string;
  /** The transaction that closed the channel, once one is on chain or published. */
  closingTxid?: string;
  /** On-chain fees the close cost us: the mutual close fee if we opened the channel, or the fees of our claims. */
  closingFeesSat?: number;
  /** Sats still on their way back to the on-chain wallet after a close (timelocked or unconfirmed). */
  closingPendingSat?: number;
}

export interface PeerInfo {
  nodeId: string;
  /** `<node id>@ws(s)://host:port` */
  uri: string;
  connected: boolean;
  /** Why the last connection attempt failed or the connection dropped. */
  lastError?: string;
  /** Seconds until the next reconnection attempt, while disconnected. */
  retryInSec?: number;
  /** Trusted (e.g. your LSP): channels it opens are usable before their funding confirms (zero-conf). */
  trusted: boolean;
}

export type LightningApi = {
  /** Connects (and keeps reconnecting) to a peer given as `<node id>@ws(s)://host:port`. */
  peerConnect(args: { uri: string }): PeerInfo;
  peers(): PeerInfo[];
  /** Marks a peer as trusted for zero-conf channels, or not. */
  peerTrust(args: { nodeId: string; trusted: boolean }): PeerInfo;
  /** Opens a channel funded from the on-chain wallet; `peer` is a node id or a peer URI. */
  channelOpen(args: { peer: string; sats: number; pushMsat?: number }): ChannelInfo;
  channels(): ChannelInfo[];
  /** Cooperative close, or with `force` publishes our latest commitment. */
  channelClose(args: { channelId: string; force?: boolean }): ChannelInfo;
};

export type LightningEvent =
  | { type: 'channels_changed'; channels: ChannelInfo[] }
  | { type: 'peers_changed'; peers: PeerInfo[] };
