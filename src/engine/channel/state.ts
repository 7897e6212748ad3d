/**
 * A channel's states, events and effects: `step(state, event, env) → { state, effects }`
 * (see step.ts) moves between them. States are plain data, stored as one record per channel.
 */
import type { ShortChannelId } from '../../protocol/codec/codec.ts';
import type { WireMessage } from '../../protocol/wire.ts';
import type { ChannelKeys } from '../keys/lightning-keys.ts';
import type { Commitments, Htlc, SideParams } from './commitments.ts';

/** Fields every state has. */
export interface ChannelBase {
  /** Peer node id, hex. */
  readonly peer: string;
  /** Index of the channel's keys (m/1017'/coin'/0'/family'/index'). */
  readonly channelIndex: number;
  readonly weFunded: boolean;
  /** Where our funds go on a mutual close and every on-chain claim (an on-chain wallet address). */
  readonly closeScript: Uint8Array;
  /** Our random alias for the channel (option_scid_alias), sent in channel_ready. */
  readonly localAlias: ShortChannelId;
  /** Whether the peer may route to us before the funding confirms. */
  readonly zeroConf: boolean;
  readonly createdAt: number;
}

export interface OpenParams {
  readonly temporaryChannelId: Uint8Array;
  readonly fundingSat: bigint;
  readonly pushMsat: bigint;
  readonly feeratePerKw: number;
  readonly local: SideParams;
  /** channel_type bits as sent (static_remotekey, with scid_alias / zero_conf when agreed). */
  readonly channelType: Uint8Array;
}

export type ChannelState =
  /** Funder: open_channel sent. */
  | (ChannelBase & { readonly phase: 'wait_accept'; readonly open: OpenParams })
  /** Funder: accept_channel received, the wallet is building the funding transaction. */
  | (ChannelBase & {
      readonly phase: 'wait_funding_tx';
      readonly open: OpenParams;
      readonly remote: SideParams;
      readonly remoteFirstPoint: Uint8Array;
      readonly minimumDepth: number;
    })
  /** Fundee: accept_channel sent. */
  | (ChannelBase & {
      readonly phase: 'wait_funding_created';
      readonly open: OpenParams;
      readonly remote: SideParams;
      readonly remoteFirstPoint: Uint8Array;
      readonly minimumDepth: number;
    })
  /** Funder: funding_created sent; the signed funding tx is held until funding_signed. */
  | (ChannelBase & {
      readonly phase: 'wait_funding_signed';
      readonly commitments: Commitments;
      readonly fundingTx: Uint8Array;
      readonly minimumDepth: number;
      readonly temporaryChannelId: Uint8Array;
    })
  /** Funding signed on both sides; waiting for the depth and both channel_ready. */
  | (ChannelBase & {
      readonly phase: 'wait_ready';
      readonly commitments: Commitments;
      /** Ours, to rebroadcast until it confirms; null when the peer funded. */
      readonly fundingTx: Uint8Array | null;
      readonly minimumDepth: number;
      readonly fundingConfirmations: number;
      readonly shortChannelId: ShortChannelId | null;
      readonly readySent: boolean;
      readonly remoteReady: { readonly alias: ShortChannelId | null } | null;
      /** The peer's channel_reestablish arrived on the current connection (false while offline or reconnecting). */
      readonly peerSynced?: boolean;
    })
  | (ChannelBase & {
      readonly phase: 'normal';
      readonly commitments: Commitments;
      readonly shortChannelId: ShortChannelId | null;
      readonly remoteAlias: ShortChannelId | null;
      /** Funding confirmations seen so far (for the scid once it confirms, for zero-conf channels). */
      readonly fundingConfirmations: number;
      readonly fundingTx: Uint8Array | null;
      /** shutdown scripts once sent/received. */
      readonly localShutdown: Uint8Array | null;
      readonly remoteShutdown: Uint8Array | null;
      /**
       * false while our shutdown waits for our unsigned updates to be signed (BOLT 2: no shutdown
       * with updates pending on the peer's commitment). Absent in older records: sent.
       */
      readonly localShutdownSent?: boolean;
      /** The peer's channel_reestablish arrived on the current connection: until then we send no update. */
      readonly peerSynced?: boolean;
    })
  | (ChannelBase & {
      readonly phase: 'negotiating';
      readonly commitments: Commitments;
      readonly shortChannelId: ShortChannelId | null;
      readonly localShutdown: Uint8Array;
      readonly remoteShutdown: Uint8Array;
      /** The closing fee we last proposed, and the acceptable range we told the peer. */
      readonly proposed: { readonly feeSat: bigint; readonly minFeeSat: bigint; readonly maxFeeSat: bigint } | null;
    })
  | (ChannelBase & {
      readonly phase: 'closing';
      readonly commitments: Commitments;
      readonly shortChannelId: ShortChannelId | null;
      readonly closing: Closing;
    })
  | (ChannelBase & {
      readonly phase: 'closed';
      readonly channelId: Uint8Array;
      readonly fundingSat: bigint;
      readonly closing: Closing;
    });

export type Phase = ChannelState['phase'];

/** How a channel is being closed, and what we published for it. */
export interface Closing {
  readonly kind: 'mutual' | 'local_force' | 'remote_force' | 'revoked' | 'awaiting_remote' | 'unknown';
  /** Why, in words for a person. */
  readonly reason: string;
  /** The transaction spending the funding output, once known. */
  readonly closingTxid: string | null;
  readonly closingTx: Uint8Array | null;
  /** Our transactions to publish (claims), by txid, with the height from which they are valid. */
  readonly claims: readonly Claim[];
  /** Height at which the closing transaction confirmed, once it has. */
  readonly confirmedAt: number | null;
  /** For a mutual close: the fee agreed, and who paid it (the funder). */
  readonly mutualFeeSat?: bigint;
}

export interface Claim {
  readonly txid: string;
  readonly tx: Uint8Array;
  readonly what: string;
  /** Absolute height (CLTV) from which it can be published, or null. */
  readonly validFromHeight: number | null;
  /** Relative: blocks after its parent confirms (CSV), or null. */
  readonly csvDelay: number | null;
  readonly parentTxid: string;
  readonly amountSat: bigint;
  readonly confirmed: boolean;
  /** Height of the block that confirmed it (a child claim's CSV counts from there). */
  readonly confirmedAt?: number | null;
}

/** Things the channel asks the executor to do, in order. */
export type Effect =
  /** Write the step's resulting state as the channel's record; later effects wait for it. */
  | { readonly kind: 'persist' }
  | { readonly kind: 'send'; readonly message: Uint8Array; readonly name: string }
  | { readonly kind: 'publish'; readonly tx: Uint8Array; readonly txid: string; readonly what: string }
  /** Funder: hand our funding transaction to the on-chain wallet, which records it and broadcasts it. */
  | { readonly kind: 'publish_funding'; readonly tx: Uint8Array; readonly txid: string }
  | { readonly kind: 'watch_confirmations'; readonly txid: string; readonly depth: number }
  | { readonly kind: 'watch_spend'; readonly txid: string; readonly vout: number }
  /** Funder: ask the on-chain wallet for a signed funding transaction paying `amountSat` to `script`. */
  | { readonly kind: 'build_funding'; readonly script: Uint8Array; readonly amountSat: bigint; readonly feeratePerKw: number }
  | { readonly kind: 'notify'; readonly note: ChannelNote }
  /** The channel's record may be dropped (an open that never got funded). */
  | { readonly kind: 'forget' };

export type ChannelNote =
  /** An outgoing HTLC was fulfilled: the preimage is the proof of payment. */
  | { readonly type: 'htlc_fulfilled'; readonly id: bigint; readonly paymentHash: Uint8Array; readonly preimage: Uint8Array }
  /** An outgoing HTLC is failed for good (the removal is irrevocably committed, or it was never committed). */
  | {
      readonly type: 'htlc_failed';
      readonly id: bigint;
      readonly paymentHash: Uint8Array;
      readonly reason: { readonly kind: 'onion'; readonly packet: Uint8Array } | { readonly kind: 'malformed'; readonly code: number } | { readonly kind: 'local'; readonly message: string };
    }
  /** An incoming HTLC is irrevocably committed: it may be fulfilled or failed now. */
  | { readonly type: 'incoming_htlc'; readonly htlc: Htlc }
  /** The channel failed: error sent or received. */
  | { readonly type: 'failed'; readonly reason: string }
  | { readonly type: 'warning'; readonly text: string };

/** Inputs to a step. Commands come from the node, messages from the peer, chain events from the watcher. */
export type ChannelEvent =
  | { readonly kind: 'message'; readonly message: WireMessage }
  | { readonly kind: 'connected' }
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'funding_built'; readonly tx: Uint8Array; readonly txid: Uint8Array; readonly outputIndex: number }
  | { readonly kind: 'funding_failed'; readonly reason: string }
  | { readonly kind: 'funding_depth'; readonly confirmations: number; readonly shortChannelId: ShortChannelId | null }
  | { readonly kind: 'funding_spent'; readonly tx: Uint8Array; readonly confirmations: number; readonly height: number | null }
  | { readonly kind: 'tx_depth'; readonly txid: string; readonly confirmations: number; readonly height: number | null }
  | { readonly kind: 'block'; readonly height: number }
  | { readonly kind: 'add_htlc'; readonly amountMsat: bigint; readonly paymentHash: Uint8Array; readonly cltvExpiry: number; readonly onion: Uint8Array }
  | { readonly kind: 'fulfill_htlc'; readonly id: bigint; readonly preimage: Uint8Array }
  | { readonly kind: 'fail_htlc'; readonly id: bigint; readonly reason: Uint8Array }
  | { readonly kind: 'fail_malformed_htlc'; readonly id: bigint; readonly sha256OfOnion: Uint8Array; readonly failureCode: number }
  /** As funder: move the commitment feerate (sat/kw). */
  | { readonly kind: 'update_fee'; readonly feeratePerKw: number }
  | { readonly kind: 'close'; readonly feeratePerKw: number }
  | { readonly kind: 'force_close'; readonly reason: string };

/** What a step may read besides the state: keys (derived, never stored) and the world's current figures. */
export interface ChannelEnv {
  readonly keys: ChannelKeys;
  readonly chainHash: Uint8Array;
  /** Current tip height as far as the engine knows. */
  readonly height: number;
  /** Feerate for a closing or sweep transaction now (sat per 1000 weight). */
  readonly closingFeeratePerKw: number;
  /** Limits we accept and values we ask for; see policy.ts. */
  readonly policy: import('./policy.ts').ChannelPolicy;
  readonly now: number;
}

export interface StepResult {
  readonly state: ChannelState;
  readonly effects: readonly Effect[];
}
