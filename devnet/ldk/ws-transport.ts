/**
 * LDK peer connections over WebSocket, as a browser wallet makes them: BOLT 8 bytes in binary
 * frames, one frame per `send_data`; inbound frames may split or coalesce BOLT 8 messages anyhow.
 * Each socket honours LDK's read pausing (`read_event` → true, resumed by `send_data`) and
 * WebSocket back-pressure (`send_data` → 0, then `write_buffer_space_avail`).
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { fromHex } from '../chain/bytes.ts';
import { ldk } from './ldk.ts';

/** LDK wants reads of about this size so one peer cannot hog processing. */
const READ_CHUNK = 4096;
const WRITE_HIGH_WATER = 1 << 20;
const WRITE_POLL_MS = 5;

export interface TransportHooks {
  /** Something may need processing: PeerManager events, messages to send. */
  onActivity(): void;
  log(message: string): void;
}

let nextSocketId = 1n;

export class PeerSocket {
  readonly descriptor: ldk.SocketDescriptor;
  private readonly id = nextSocketId++;
  private readonly inbox: Uint8Array[] = [];
  private pausedByLdk = false;
  private writeBlocked = false;
  private draining = false;
  /** LDK already forgot this socket (it asked to disconnect, or a read failed): no socket_disconnected. */
  private forgottenByLdk = false;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly peerManager: ldk.PeerManager,
    private readonly hooks: TransportHooks,
  ) {
    this.descriptor = ldk.SocketDescriptor.new_impl({
      send_data: (data, resumeRead) => this.sendData(data, resumeRead),
      disconnect_socket: () => {
        this.forgottenByLdk = true;
        this.ws.close();
      },
      eq: (other) => other.hash() === this.id,
      hash: () => this.id,
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', (error) => hooks.log(`websocket error: ${error.message}`));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClosed(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Sends raw bytes outside LDK's control: the initiator's act one. */
  sendRaw(bytes: Uint8Array): void {
    this.ws.send(bytes, { binary: true });
  }

  close(): void {
    this.ws.close();
  }

  private sendData(data: Uint8Array, resumeRead: boolean): number {
    if (resumeRead && this.pausedByLdk) {
      this.pausedByLdk = false;
      // Never call back into the PeerManager from inside its own send_data call.
      setImmediate(() => this.drain());
    }
    if (this.ws.readyState !== WebSocket.OPEN || this.writeBlocked) return 0;
    if (this.ws.bufferedAmount > WRITE_HIGH_WATER) {
      this.writeBlocked = true;
      this.ws.pause();
      setTimeout(() => this.waitForWriteSpace(), WRITE_POLL_MS);
      return 0;
    }
    this.ws.send(data.slice(), { binary: true });
    return data.length;
  }

  private waitForWriteSpace(): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > WRITE_HIGH_WATER / 2) {
      setTimeout(() => this.waitForWriteSpace(), WRITE_POLL_MS);
      return;
    }
    this.writeBlocked = false;
    if (!(this.peerManager.write_buffer_space_avail(this.descriptor) instanceof ldk.Result_NonePeerHandleErrorZ_OK)) {
      this.forgottenByLdk = true;
      this.ws.close();
      return;
    }
    this.drain();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.hooks.log('closing a connection that sent a text frame');
      this.ws.close(1003, 'binary frames only');
      return;
    }
    const bytes = toBytes(data);
    for (let offset = 0; offset < bytes.length; offset += READ_CHUNK) this.inbox.push(bytes.subarray(offset, offset + READ_CHUNK));
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.inbox.length > 0 && !this.pausedByLdk && !this.writeBlocked && !this.forgottenByLdk) {
        const chunk = this.inbox.shift() as Uint8Array;
        const result = this.peerManager.read_event(this.descriptor, chunk);
        if (!(result instanceof ldk.Result_boolPeerHandleErrorZ_OK)) {
          this.forgottenByLdk = true;
          this.inbox.length = 0;
          this.ws.close();
          break;
        }
        if (result.res) this.pausedByLdk = true;
      }
    } finally {
      this.draining = false;
    }
    if (this.pausedByLdk || this.writeBlocked) this.ws.pause();
    else if (this.ws.isPaused) this.ws.resume();
    this.hooks.onActivity();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.inbox.length = 0;
    if (!this.forgottenByLdk) this.peerManager.socket_disconnected(this.descriptor);
    this.hooks.onActivity();
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export interface WsListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Accepts WebSocket connections on 127.0.0.1 as inbound LDK connections. */
export function listen(peerManager: ldk.PeerManager, port: number, hooks: TransportHooks): Promise<WsListener> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  server.on('connection', (ws) => {
    const socket = new PeerSocket(ws, peerManager, hooks);
    const accepted = peerManager.new_inbound_connection(socket.descriptor, ldk.Option_SocketAddressZ.constructor_none());
    if (!(accepted instanceof ldk.Result_NonePeerHandleErrorZ_OK)) {
      hooks.log('PeerManager refused an inbound connection');
      ws.close();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `ws://127.0.0.1:${bound}`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            for (const client of server.clients) client.terminate();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Opens a WebSocket to a peer's listener and starts the BOLT 8 handshake as initiator. */
export function connectOutbound(peerManager: ldk.PeerManager, nodeId: string, url: string, hooks: TransportHooks): Promise<PeerSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', (error) => reject(new Error(`connecting to ${url}: ${error.message}`)));
    ws.once('open', () => {
      const socket = new PeerSocket(ws, peerManager, hooks);
      const started = peerManager.new_outbound_connection(fromHex(nodeId), socket.descriptor, ldk.Option_SocketAddressZ.constructor_none());
      if (!(started instanceof ldk.Result_CVec_u8ZPeerHandleErrorZ_OK)) {
        ws.close();
        reject(new Error(`PeerManager refused an outbound connection to ${nodeId}`));
        return;
      }
      socket.sendRaw(started.res);
      hooks.onActivity();
      resolve(socket);
    });
  });
}
