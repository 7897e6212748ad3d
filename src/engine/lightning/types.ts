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

/** A Lightning payment, sent or received, as the activity list and the CLI show it. */
export interface PaymentInfo {
  /** 32-byte payment hash in hex: one record per hash and direction. */
  paymentHash: string;
  direction: 'outgoing' | 'incoming';
  /**
   * pending: HTLCs in flight (or, incoming, an invoice not yet paid); succeeded: the preimage is known;
   * failed: nothing was or will be paid (incoming: the invoice expired unpaid).
   */
  status: 'pending' | 'succeeded' | 'failed';
  /** What the payee gets (outgoing), or what reached us (incoming; the invoice's amount while pending, null when it has none). */
  amountMsat: number | null;
  /** Routing fees paid (outgoing; 0 incoming). */
  feeMsat: number;
  /** The fee limit the payment was made with (outgoing). */
  maxFeeMsat?: number;
  description: string;
  /** Node id of the payee (outgoing) or ours (incoming). */
  payee: string;
  bolt11: string;
  /** Hex, once known: the proof of payment. */
  preimage?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  settledAt?: number;
  /** Incoming: when the invoice stops being payable. */
  expiresAt?: number;
  /** For a failed payment: one sentence for a person, saying what happened and what to do. */
  failure?: string;
  /** Outgoing: how many parts (HTLCs) carried it, and the hop count of the longest route. */
  parts?: number;
  hops?: number;
}

/** A BOLT 11 invoice as the review screen shows it. */
export interface DecodedInvoice {
  bolt11: string;
  /** null: the payer chooses the amount. */
  amountMsat: number | null;
  description: string;
  /** Set when the invoice commits to a description by hash only. */
  descriptionHash?: string;
  payee: string;
  paymentHash: string;
  createdAt: number;
  expiresAt: number;
  /** Default fee limit for the invoice's amount (or for `amountMsat` given to invoiceDecode): 1% + 5 sats. */
  maxFeeMsat: number | null;
  /** Already paid or being paid by this wallet. */
  alreadyPaid: 'pending' | 'succeeded' | null;
}

export interface GraphInfo {
  nodes: number;
  channels: number;
  /** When the last gossip sync from a peer finished (ms since the epoch), null if never. */
  lastSync: number | null;
  syncing: boolean;
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
  /** A BOLT 11 invoice paying this wallet, with route hints through its peers. */
  invoiceCreate(args: { amountMsat: number | null; description: string; expirySec?: number }): PaymentInfo;
  /** Accepts a BOLT 11 string or a `lightning:` URI; refuses invoices for another network with a clear error. */
  invoiceDecode(args: { text: string; amountMsat?: number }): DecodedInvoice;
  /** Pays an invoice; resolves once the payment has succeeded or failed (a failure is a PaymentInfo, not an error). */
  pay(args: { bolt11: string; amountMsat?: number; maxFeeMsat?: number }): PaymentInfo;
  /** Every Lightning payment, newest first. */
  payments(): PaymentInfo[];
  graph(): GraphInfo;
};

export type LightningEvent =
  | { type: 'channels_changed'; channels: ChannelInfo[] }
  | { type: 'peers_changed'; peers: PeerInfo[] }
  /** A payment was created or changed state (e.g. an invoice was paid: the receive screen turns to "received"). */
  | { type: 'payment_changed'; payment: PaymentInfo };
