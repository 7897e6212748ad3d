import type { AddressInfo } from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoiseSession } from '../../src/protocol/bolt8/index.ts';
import { fromHex, toHex } from '../chain/bytes.ts';
import { ldk, loadLdk } from './ldk.ts';
import { LdkNode } from './ldk-node.ts';
import { temporaryDir, testChain, type TestChain } from './test-support/devnet.ts';
import { FrameQueue, MESSAGE, RawPeer, initOffersGossipQueries, messageType, openWebSocket } from './test-support/raw-peer.ts';
import { waitUntil } from './wait.ts';
import { PeerSocket } from './ws-transport.ts';

describe('the WebSocket listener', () => {
  const dir = temporaryDir('ldk-ws');
  let devnet: TestChain;
  let node: LdkNode;

  beforeAll(async () => {
    devnet = testChain();
    node = await LdkNode.start({ name: 'lsp', dataDir: dir.path, chain: devnet.chain });
  });

  afterAll(async () => {
    await node?.stop();
    devnet.chain.close();
    dir.remove();
  });

  function actOne() {
    return NoiseSession.initiator({ localSecret: secp256k1.utils.randomSecretKey(), remotePubkey: fromHex(node.nodeId), ephemeralSecret: randomBytes(32) });
  }

  it('listens on 127.0.0.1 on a free port', () => {
    expect(node.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a valid act one with a 50-byte act two in a binary frame', async () => {
    const ws = await openWebSocket(node.wsUrl);
    const frames = new FrameQueue(ws);
    const { session, actOne: bytes } = actOne();
    ws.send(bytes);
    const reply = await frames.next();
    expect(reply.binary).toBe(true);
    expect(reply.bytes.length).toBe(50);
    expect(reply.bytes[0]).toBe(0);
    // The act two is genuine: our session accepts it and produces act three.
    expect(session.feed(reply.bytes).send[0]?.length).toBe(66);
    ws.close();
  });

  it('accepts act one split across frames', async () => {
    const ws = await openWebSocket(node.wsUrl);
    const frames = new FrameQueue(ws);
    const { actOne: bytes } = actOne();
    ws.send(bytes.subarray(0, 17));
    await new Promise((resolve) => setTimeout(resolve, 20));
    ws.send(bytes.subarray(17));
    expect((await frames.next()).bytes.length).toBe(50);
    ws.close();
  });

  it('drops a connection whose act one is invalid', async () => {
    const ws = await openWebSocket(node.wsUrl);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    const bad = actOne().actOne;
    bad[49] = (bad[49] as number) ^ 1;
    ws.send(bad);
    await closed;
  });

  it('closes connections that send text frames', async () => {
    const ws = await openWebSocket(node.wsUrl);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('hello');
    expect(await closed).toBe(1003);
  });

  it('completes the handshake and init, offering gossip_queries, and tracks the peer until it leaves', async () => {
    const peer = await RawPeer.connect(node.wsUrl, node.nodeId);
    expect(initOffersGossipQueries(peer.remoteInit)).toBe(true);
    // A peer that negotiated gossip_queries is asked which gossip it wants.
    expect(messageType(await peer.next(MESSAGE.gossipTimestampFilter))).toBe(MESSAGE.gossipTimestampFilter);
    await waitUntil(async () => (await node.peers()).length === 1, 2_000, 'the peer to be listed');
    expect(await node.peers()).toEqual([{ nodeId: toHex(peer.nodeId), inbound: true, gossipQueries: true }]);
    peer.close();
    await waitUntil(async () => (await node.peers()).length === 0, 2_000, 'the peer to be gone');
  });
});

/** PeerSocket against a scripted PeerManager, to check flow control byte by byte. */
describe('PeerSocket', () => {
  let server: WebSocketServer;
  let url = '';
  const accepted: PeerSocket[] = [];
  const reads: number[] = [];
  const pauses: boolean[] = [];
  const disconnected: bigint[] = [];

  beforeAll(async () => {
    await loadLdk();
    const peerManager = {
      read_event: (_descriptor: ldk.SocketDescriptor, data: Uint8Array) => {
        reads.push(data.length);
        return ldk.Result_boolPeerHandleErrorZ.constructor_ok(pauses.shift() ?? false);
      },
      socket_disconnected: (descriptor: ldk.SocketDescriptor) => {
        disconnected.push(descriptor.hash());
      },
      write_buffer_space_avail: () => ldk.Result_NonePeerHandleErrorZ.constructor_ok(),
    } as unknown as ldk.PeerManager;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (ws) => accepted.push(new PeerSocket(ws, peerManager, { onActivity: () => undefined, log: () => undefined })));
    await new Promise((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stops reading while LDK asks to pause and resumes on send_data(resume_read)', async () => {
    reads.length = 0;
    pauses.push(true);
    const client = await openWebSocket(url);
    const frames = new FrameQueue(client);
    client.send(new Uint8Array(3));
    client.send(new Uint8Array(5));
    await waitUntil(() => reads.length === 1, 2_000, 'the first read');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toEqual([3]);

    const socket = accepted.at(-1) as PeerSocket;
    expect(socket.descriptor.send_data(Uint8Array.of(1, 2, 3, 4), true)).toBe(4);
    const frame = await frames.next();
    expect(frame).toEqual({ bytes: Uint8Array.of(1, 2, 3, 4), binary: true });
    await waitUntil(() => reads.length === 2, 2_000, 'the held-back read');
    expect(reads).toEqual([3, 5]);
    client.close();
  });

  it('hands LDK reads of at most 4 KiB and sends one frame per send_data', async () => {
    reads.length = 0;
    const client = await openWebSocket(url);
    const frames = new FrameQueue(client);
    client.send(new Uint8Array(10_000));
    await waitUntil(() => reads.length === 3, 2_000, 'three reads');
    expect(reads).toEqual([4096, 4096, 1808]);
    const socket = accepted.at(-1) as PeerSocket;
    socket.descriptor.send_data(new Uint8Array(7), false);
    socket.descriptor.send_data(new Uint8Array(9), false);
    expect((await frames.next()).bytes.length).toBe(7);
    expect((await frames.next()).bytes.length).toBe(9);
    client.close();
  });

  it('tells LDK when the remote side disconnects', async () => {
    const count = accepted.length;
    const client = await openWebSocket(url);
    await waitUntil(() => accepted.length > count, 2_000, 'the connection');
    const socket = accepted.at(-1) as PeerSocket;
    expect(disconnected).not.toContain(socket.descriptor.hash());
    client.close();
    await waitUntil(() => disconnected.includes(socket.descriptor.hash()), 2_000, 'socket_disconnected');
    expect(socket.isClosed).toBe(true);
  });
});
