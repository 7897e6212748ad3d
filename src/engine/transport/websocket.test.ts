import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { concat, equal, hex } from '../../protocol/codec/bytes.ts';
import { publicKey, secp256k1 } from '../../protocol/crypto/index.ts';
import { TransportError, type NoiseConnection, type WebSocketLike } from './connection.ts';
import { accept, connect } from './websocket.ts';

const servers: WebSocketServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(onSocket: (socket: WebSocket) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  server.on('connection', onSocket);
  await new Promise((resolve) => server.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const randomInt = (below: number) => Math.floor(Math.random() * below);

/**
 * Wraps a socket so that what is sent in one tick is re-cut at random points into frames:
 * frames then hold parts of messages, several messages, or single bytes.
 */
function randomlyFramed(socket: WebSocket): WebSocketLike {
  let pending: Uint8Array[] = [];
  const flush = () => {
    const bytes = concat(...pending);
    pending = [];
    for (let at = 0; at < bytes.length; ) {
      const size = Math.random() < 0.3 ? 1 + randomInt(20) : 1 + randomInt(6000);
      socket.send(bytes.subarray(at, at + size));
      at += size;
    }
  };
  return {
    get binaryType() {
      return socket.binaryType;
    },
    set binaryType(type: string) {
      socket.binaryType = type as WebSocket['binaryType'];
    },
    get readyState() {
      return socket.readyState;
    },
    send(data) {
      if (pending.length === 0) setImmediate(flush);
      pending.push(data);
    },
    close: () => socket.close(),
    addEventListener: (type, listener) => socket.addEventListener(type, listener as never),
  };
}

function keyPair() {
  const secret = secp256k1.utils.randomSecretKey();
  return { secret, pubkey: publicKey(secret) };
}

async function collect(connection: NoiseConnection, count: number): Promise<Uint8Array[]> {
  const received: Uint8Array[] = [];
  if (count === 0) return received;
  for await (const message of connection.messages) {
    received.push(message);
    if (received.length === count) break;
  }
  return received;
}

function expectSame(received: Uint8Array[], sent: Uint8Array[]): void {
  expect(received.map((m) => m.length)).toEqual(sent.map((m) => m.length));
  expect(received.findIndex((m, i) => !equal(m, sent[i]!))).toBe(-1);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the promise to reject'),
    (error: unknown) => error,
  );
}

describe('BOLT 8 over WebSocket (ws, 127.0.0.1)', () => {
  it('exchanges 2,100 messages each way across key rotations with random framing', { timeout: 60_000 }, async () => {
    const server = keyPair();
    const client = keyPair();
    let accepted!: Promise<NoiseConnection>;
    const url = await listen((socket) => {
      accepted = accept({ socket: randomlyFramed(socket), localSecret: server.secret });
    });
    const initiator = await connect({
      url,
      localSecret: client.secret,
      remotePubkey: server.pubkey,
      createSocket: (address) => randomlyFramed(new WebSocket(address)),
      handshakeTimeoutMs: 5_000,
    });
    const responder = await accepted;
    expect(hex(initiator.remotePubkey)).toBe(hex(server.pubkey));
    expect(hex(responder.remotePubkey)).toBe(hex(client.pubkey));

    const count = 2100;
    const messages = (side: number) =>
      Array.from({ length: count }, (_, i) => crypto.getRandomValues(new Uint8Array(randomInt(i % 100 === 0 ? 65535 : 1200))).fill(side, 0, 1));
    const toResponder = messages(1);
    const toInitiator = messages(2);
    const receivedByResponder = collect(responder, count);
    const receivedByInitiator = collect(initiator, count);
    for (let i = 0; i < count; i++) {
      initiator.send(toResponder[i]!);
      responder.send(toInitiator[i]!);
    }
    expectSame(await receivedByResponder, toResponder);
    expectSame(await receivedByInitiator, toInitiator);

    initiator.close();
    expect(await initiator.closed).toEqual({ kind: 'local' });
    expect((await responder.closed).kind).toBe('remote');
    expect(await collect(responder, 1)).toEqual([]);
    expect(() => initiator.send(new Uint8Array(1))).toThrow(TransportError);
  });

  it('fails the handshake with typed errors on both sides when the node id is wrong', { timeout: 15_000 }, async () => {
    const server = keyPair();
    const impostor = keyPair();
    let serverError!: Promise<unknown>;
    const url = await listen((socket) => {
      serverError = rejection(accept({ socket, localSecret: server.secret, handshakeTimeoutMs: 5_000 }));
    });
    const dialling = connect({
      url,
      localSecret: keyPair().secret,
      remotePubkey: impostor.pubkey,
      createSocket: (address) => new WebSocket(address),
      handshakeTimeoutMs: 5_000,
    });

    const clientError = await rejection(dialling);
    expect(clientError).toBeInstanceOf(TransportError);
    expect((clientError as TransportError).duringHandshake).toBe(true);
    expect((clientError as TransportError).reason.kind).toBe('remote');

    const error = await serverError;
    expect(error).toBeInstanceOf(TransportError);
    const reason = (error as TransportError).reason;
    expect(reason.kind === 'protocol' && reason.error.code).toBe('bad_mac');
  });

  it('fails the message stream when the peer corrupts a frame after the handshake', { timeout: 15_000 }, async () => {
    const server = keyPair();
    let accepted!: Promise<NoiseConnection>;
    let raw!: WebSocket;
    const url = await listen((socket) => {
      raw = socket;
      accepted = accept({ socket, localSecret: server.secret });
    });
    const initiator = await connect({ url, localSecret: keyPair().secret, remotePubkey: server.pubkey, createSocket: (a) => new WebSocket(a) });
    const responder = await accepted;
    responder.send(Uint8Array.of(1, 2, 3));
    raw.send(new Uint8Array(40)); // 40 zero bytes where an encrypted frame should be
    const iterator = initiator.messages[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: Uint8Array.of(1, 2, 3), done: false });
    const error = await rejection(iterator.next());
    expect(error).toBeInstanceOf(TransportError);
    const reason = await initiator.closed;
    expect(reason.kind === 'protocol' && reason.error.code).toBe('bad_mac');
    expect((await responder.closed).kind).toBe('remote');
  });

  it('times out a handshake the peer never answers', { timeout: 15_000 }, async () => {
    const url = await listen(() => {});
    const error = await rejection(
      connect({ url, localSecret: keyPair().secret, remotePubkey: keyPair().pubkey, createSocket: (a) => new WebSocket(a), handshakeTimeoutMs: 200 }),
    );
    expect((error as TransportError).reason).toEqual({ kind: 'handshake-timeout', afterMs: 200 });
  });

  it('treats a text frame as a protocol violation', { timeout: 15_000 }, async () => {
    const url = await listen((socket) => socket.send('not bolt 8'));
    const error = await rejection(
      connect({ url, localSecret: keyPair().secret, remotePubkey: keyPair().pubkey, createSocket: (a) => new WebSocket(a), handshakeTimeoutMs: 5_000 }),
    );
    const reason = (error as TransportError).reason;
    expect(reason.kind === 'protocol' && reason.error.code).toBe('invalid_encoding');
  });

  it('reports a connection that cannot be made as a socket error', { timeout: 15_000 }, async () => {
    const url = await listen(() => {});
    const [server] = servers.splice(0);
    await new Promise((resolve) => server!.close(resolve));
    const error = await rejection(
      connect({ url, localSecret: keyPair().secret, remotePubkey: keyPair().pubkey, createSocket: (a) => new WebSocket(a), handshakeTimeoutMs: 5_000 }),
    );
    expect((error as TransportError).reason.kind).toBe('socket-error');
  });
});
