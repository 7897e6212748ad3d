import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';
import type { SocketEvents, WebSocketLike } from '../transport/index.ts';
import { backoffDelay } from './backoff.ts';
import { PeerError, type SessionCloseReason } from './errors.ts';
import { PeerManager, type PeerManagerOptions, type PeerStatus } from './manager.ts';
import type { PeerMessage } from './session.ts';
import { createWsSocket, keyPair, ManualTimers, ScriptedServer, sleep, within } from './test-support.ts';

let server: ScriptedServer;
const managers: PeerManager[] = [];

beforeEach(async () => {
  server = await ScriptedServer.start();
});

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  await server.close();
});

function manager(options: Partial<PeerManagerOptions> = {}): PeerManager {
  const m = new PeerManager({ nodeSecret: keyPair().secret, network: 'regtest', createSocket: createWsSocket, ...options });
  managers.push(m);
  return m;
}

/** Records the manager's events; `wait` polls for a condition on them. */
function record(m: PeerManager) {
  const events: string[] = [];
  const reasons: SessionCloseReason[] = [];
  m.on('connected', (nodeId, session) => events.push(`connected ${nodeId === session.remoteNodeId}`));
  m.on('disconnected', (_nodeId, reason) => {
    events.push(`disconnected ${reason.kind}`);
    reasons.push(reason);
  });
  return { events, reasons };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  await within((async () => { while (!condition()) await sleep(2); })(), timeoutMs, what);
}

const oddMessage = (n: number) => Uint8Array.of(0x80, 0x01, n);

describe('backoffDelay', () => {
  it('doubles from 1 s to 60 s, with jitter inside ±20 % and never above the cap', () => {
    const middle = () => 0.5;
    expect(Array.from({ length: 9 }, (_, n) => backoffDelay(n, {}, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(backoffDelay(0, {}, () => 0)).toBe(800);
    expect(backoffDelay(0, {}, () => 0.999999)).toBe(1200);
    expect(backoffDelay(20, {}, () => 0.999999)).toBe(60000);
    expect(backoffDelay(2000, {}, () => 0)).toBe(48000);
  });
});

describe('PeerManager', () => {
  it('connects, delivers messages, sends, and disconnects on request', async () => {
    const m = manager();
    const { events } = record(m);
    const messages: PeerMessage[] = [];
    m.on('message', (nodeId, message) => {
      expect(nodeId).toBe(server.nodeId);
      messages.push(message);
    });
    const status = m.connect(server.uri);
    expect(status).toEqual({ nodeId: server.nodeId, uri: server.uri, state: 'connecting', connected: false });
    expect(() => m.send(server.nodeId, oddMessage(1))).toThrow(PeerError);

    const peer = await server.nextPeer();
    await peer.handshakeInit();
    await until(() => events.length === 1, 'connected');
    expect(events).toEqual(['connected true']);
    expect(m.peers()).toEqual([{ nodeId: server.nodeId, uri: server.uri, state: 'connected', connected: true }]);
    expect(m.session(server.nodeId)?.remoteNodeId).toBe(server.nodeId);

    peer.send(oddMessage(9));
    await until(() => messages.length === 1, 'a message');
    expect(messages[0]).toEqual({ type: 'unknown_odd', typeNumber: 32769, payload: Uint8Array.of(9) });
    m.send(server.nodeId.toUpperCase(), oddMessage(4));
    expect((await peer.nextOf('unknown_odd')).payload).toEqual(Uint8Array.of(4));

    // Connecting again to the same peer changes nothing.
    expect(m.connect(server.uri).connected).toBe(true);
    expect(server.peers.length).toBe(1);

    await m.disconnect(server.nodeId);
    expect(events).toEqual(['connected true', 'disconnected local']);
    expect(m.peers()).toEqual([]);
    expect((await peer.closed).kind).toBe('remote');
    let error: unknown;
    try {
      m.send(server.nodeId, oddMessage(1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeerError);
    expect(error).toMatchObject({ code: 'not_connected' });
    await sleep(50);
    expect(server.peers.length).toBe(1);
  });

  it('rejects a malformed peer URI', () => {
    expect(() => manager().connect('not-a-node@ws://x')).toThrow(EngineError);
  });

  it('reconnects after the peer drops the connection, and says why it dropped', async () => {
    const m = manager({ backoff: { initialMs: 20, maxMs: 200 } });
    const { events } = record(m);
    m.connect(server.uri);
    const first = await server.nextPeer();
    await first.handshakeInit();
    await until(() => events.length === 1, 'the first connection');
    first.socket.terminate();
    await until(() => events.length === 2, 'the disconnection');
    expect(events[1]).toBe('disconnected transport');
    const waiting = m.peers()[0]!;
    expect(waiting).toMatchObject({ state: 'waiting', connected: false, retryInSec: 1 });
    expect(waiting.lastError).toMatch(/^the peer closed the connection/);

    const second = await server.nextPeer();
    await second.handshakeInit();
    await until(() => events.length === 3, 'the second connection');
    expect(events).toEqual(['connected true', 'disconnected transport', 'connected true']);
    expect(m.peers()[0]).toMatchObject({ state: 'connected', connected: true });
    // The last error stays visible for diagnosis.
    expect(m.peers()[0]!.lastError).toMatch(/closed the connection/);
  });

  it('reconnects after a refused init, reporting the reason in plain words', async () => {
    const m = manager({ backoff: { initialMs: 20, maxMs: 200 } });
    const { events } = record(m);
    const statuses: string[] = [];
    m.on('status', (status) => statuses.push(`${status.state}${status.lastError ? `: ${status.lastError}` : ''}`));
    m.connect(server.uri);
    const first = await server.nextPeer();
    await first.handshakeInit(undefined, [NETWORKS.testnet4.chainHash]);
    await until(() => m.peers()[0]!.state === 'waiting', 'the refusal');
    expect(m.peers()[0]!.lastError).toBe('the peer is incompatible: the peer is on testnet4, and we are on regtest');
    // Listeners hear of the failed attempt, not only of sessions that started and ended.
    expect(statuses).toContain('waiting: the peer is incompatible: the peer is on testnet4, and we are on regtest');
    const second = await server.nextPeer();
    await second.handshakeInit();
    await until(() => events.length === 1, 'connected');
    expect(events).toEqual(['connected true']);
  });

  it('backs off 1, 2, 4 ... 60 s between failed attempts (fake timers)', async () => {
    const timers = new ManualTimers();
    const attempts: string[] = [];
    const m = manager({ timers, random: () => 0.5, createSocket: (url) => (attempts.push(url), new RefusingSocket()) });
    m.connect(server.uri);
    const delays: (number | undefined)[] = [];
    let status: PeerStatus | undefined;
    for (let i = 0; i < 8; i++) {
      await until(() => m.peers()[0]!.state === 'waiting', 'a failed attempt');
      status = m.peers()[0]!;
      delays.push(status.retryInSec);
      timers.advance(status.retryInSec! * 1000 - 1);
      expect(m.peers()[0]!.state).toBe('waiting');
      timers.advance(1);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(status!.lastError).toBe('could not reach the peer: connection refused');
    // The first attempt, then one each time a delay ran out.
    expect(attempts).toHaveLength(9);
    expect(m.peers()[0]!.state).toBe('connecting');
  });

  it('resets the backoff after a connection that lived a while (fake timers)', async () => {
    const timers = new ManualTimers();
    const m = manager({ timers, random: () => 0.5, pingIntervalMs: 1e9 });
    const { events } = record(m);
    m.connect(server.uri);
    const connectAndDrop = async (n: number, livedMs: number) => {
      const peer = await server.nextPeer();
      await peer.handshakeInit();
      await until(() => events.length === 2 * n - 1, `connection ${n}`);
      timers.advance(livedMs);
      peer.close();
      await until(() => events.length === 2 * n, `disconnection ${n}`);
      return m.peers()[0]!.retryInSec!;
    };
    expect(await connectAndDrop(1, 10)).toBe(1);
    timers.advance(1000);
    expect(await connectAndDrop(2, 10)).toBe(2);
    timers.advance(2000);
    expect(await connectAndDrop(3, 10)).toBe(4);
    timers.advance(4000);
    expect(await connectAndDrop(4, 60_000)).toBe(1);
  });

  it('awaits each async message listener before delivering the next message, strictly in order', async () => {
    const m = manager();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    m.on('connected', () => log.push('connected'));
    m.on('disconnected', () => log.push('disconnected'));
    m.on('message', async (_nodeId, message) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(Math.random() * 3);
      log.push(`a${message.type === 'unknown_odd' ? message.payload[0] : '?'}`);
      running--;
    });
    m.on('message', async (_nodeId, message) => {
      await sleep(1);
      log.push(`b${message.type === 'unknown_odd' ? message.payload[0] : '?'}`);
    });
    m.connect(server.uri);
    const peer = await server.nextPeer();
    // Messages right behind init must still come after `connected`.
    await peer.next();
    peer.sendInit();
    for (let n = 0; n < 25; n++) peer.send(oddMessage(n));
    await until(() => log.length === 51, 'all messages', 10_000);
    peer.close();
    await until(() => log.length === 52, 'disconnected');
    expect(log).toEqual(['connected', ...Array.from({ length: 25 }, (_, n) => [`a${n}`, `b${n}`]).flat(), 'disconnected']);
    expect(maxRunning).toBe(1);
  });

  it('drops the connection when a message listener rejects, and reconnects', async () => {
    const m = manager({ backoff: { initialMs: 20 } });
    const { reasons } = record(m);
    m.on('message', async () => {
      throw new Error('could not persist');
    });
    m.connect(server.uri);
    const peer = await server.nextPeer();
    await peer.handshakeInit();
    peer.send(oddMessage(1));
    await until(() => reasons.length === 1, 'the disconnection');
    expect(reasons[0]).toEqual({ kind: 'handler-failed', detail: 'unknown_odd: could not persist' });
    expect(m.peers()[0]!.lastError).toBe('handling a message from the peer failed: unknown_odd: could not persist');
    await (await server.nextPeer()).handshakeInit();
    await until(() => m.isConnected(server.nodeId), 'the reconnection');
  });

  it('stops a pending attempt on disconnect, without ever connecting', async () => {
    const m = manager();
    const { events } = record(m);
    m.connect(server.uri);
    const peer = await server.nextPeer();
    await peer.next();
    await m.disconnect(server.nodeId);
    expect((await peer.closed).kind).toBe('remote');
    expect(events).toEqual([]);
    expect(m.peers()).toEqual([]);
  });
});

/** A socket whose connection is refused at once. */
class RefusingSocket implements WebSocketLike {
  binaryType = 'blob';
  readonly readyState = 0;
  private readonly listeners: { [K in keyof SocketEvents]?: ((event: SocketEvents[K]) => void)[] } = {};

  constructor() {
    queueMicrotask(() => {
      for (const listener of this.listeners.error ?? []) listener({ message: 'connection refused' });
    });
  }

  send(): void {}
  close(): void {}
  addEventListener<K extends keyof SocketEvents>(type: K, listener: (event: SocketEvents[K]) => void): void {
    ((this.listeners[type] ??= []) as ((event: SocketEvents[K]) => void)[]).push(listener);
  }
}
