/**
 * A bare BOLT 8 peer over WebSocket, built on the wallet's own src/protocol/bolt8 session, to
 * check the devnet nodes from the outside as a browser wallet sees them.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { randomBytes } from '@noble/hashes/utils.js';
import WebSocket from 'ws';
import { NoiseSession } from '../../../src/protocol/bolt8/index.ts';
import { concat, fromHex, u16be } from '../../../src/protocol/codec/bytes.ts';
import { waitUntil } from '../wait.ts';

export const MESSAGE = {
  init: 16,
  ping: 18,
  pong: 19,
  channelAnnouncement: 256,
  nodeAnnouncement: 257,
  channelUpdate: 258,
  queryShortChannelIds: 261,
  replyShortChannelIdsEnd: 262,
  queryChannelRange: 263,
  replyChannelRange: 264,
  gossipTimestampFilter: 265,
} as const;

/** data_loss_protect, gossip_queries (optional), var_onion_optin, static_remotekey, payment_secret: what LDK expects of a peer. */
const OUR_FEATURES = Uint8Array.of(0x51, 0x81);

export interface Frame {
  bytes: Uint8Array;
  binary: boolean;
}

/** Collects a WebSocket's frames so a test can await them in order. */
export class FrameQueue {
  readonly frames: Frame[] = [];
  private taken = 0;

  constructor(ws: WebSocket) {
    ws.on('message', (data, binary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.frames.push({ bytes: new Uint8Array(buffer), binary });
    });
  }

  async next(timeoutMs = 5_000): Promise<Frame> {
    await waitUntil(() => this.frames.length > this.taken, timeoutMs, 'a WebSocket frame');
    return this.frames[this.taken++] as Frame;
  }
}

export function openWebSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

export const messageType = (message: Uint8Array): number => (message[0] as number) * 256 + (message[1] as number);

/** A framed message: the 2-byte type, then the fields as given. */
export const message = (type: number, ...fields: Uint8Array[]): Uint8Array => concat(u16be(type), ...fields);

/** An authenticated peer that completed the handshake and the init exchange. */
export class RawPeer {
  private readonly received: Uint8Array[] = [];
  private fed = 0;
  private taken = 0;
  /** The remote's init message. */
  remoteInit: Uint8Array = new Uint8Array(0);

  private constructor(
    private readonly ws: WebSocket,
    private readonly frames: FrameQueue,
    private readonly session: NoiseSession,
    readonly nodeId: Uint8Array,
  ) {}

  static async connect(url: string, remoteNodeId: string): Promise<RawPeer> {
    const secret = secp256k1.utils.randomSecretKey();
    const ws = await openWebSocket(url);
    const { session, actOne } = NoiseSession.initiator({ localSecret: secret, remotePubkey: fromHex(remoteNodeId), ephemeralSecret: randomBytes(32) });
    const peer = new RawPeer(ws, new FrameQueue(ws), session, secp256k1.getPublicKey(secret, true));
    ws.send(actOne);
    await waitUntil(() => peer.readFrames() && session.ready, 5_000, 'the BOLT 8 handshake');
    peer.send(message(MESSAGE.init, u16be(0), u16be(OUR_FEATURES.length), OUR_FEATURES));
    peer.remoteInit = await peer.next(MESSAGE.init);
    return peer;
  }

  send(bytes: Uint8Array): void {
    this.ws.send(this.session.encrypt(bytes));
  }

  /** The next received message of `type`; other messages are skipped, pings answered. */
  async next(type: number, timeoutMs = 5_000): Promise<Uint8Array> {
    let found: Uint8Array | undefined;
    await waitUntil(
      () => {
        this.readFrames();
        while (!found && this.taken < this.received.length) {
          const candidate = this.received[this.taken++] as Uint8Array;
          if (messageType(candidate) === type) found = candidate;
        }
        return found !== undefined;
      },
      timeoutMs,
      `message type ${type}`,
    );
    return found as Uint8Array;
  }

  close(): void {
    this.ws.close();
  }

  private readFrames(): true {
    for (; this.fed < this.frames.frames.length; this.fed++) {
      const result = this.session.feed((this.frames.frames[this.fed] as Frame).bytes);
      for (const bytes of result.send) this.ws.send(bytes);
      for (const received of result.messages) {
        if (messageType(received) === MESSAGE.ping) {
          const pongLength = new DataView(received.buffer, received.byteOffset).getUint16(2);
          this.send(message(MESSAGE.pong, u16be(pongLength), new Uint8Array(pongLength)));
        }
        this.received.push(received);
      }
    }
    return true;
  }
}

/** Whether an init message's feature bits include gossip_queries (bit 6 or 7). */
export function initOffersGossipQueries(init: Uint8Array): boolean {
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  const globalLength = view.getUint16(2);
  const featuresLength = view.getUint16(4 + globalLength);
  const features = init.subarray(6 + globalLength, 6 + globalLength + featuresLength);
  const global = init.subarray(4, 4 + globalLength);
  const byte = (bytes: Uint8Array) => bytes[bytes.length - 1] ?? 0;
  return ((byte(features) | byte(global)) & 0xc0) !== 0;
}
