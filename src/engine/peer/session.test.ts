import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { error, init, peerErrorText, ping, warning } from '../../protocol/bolt1/messages.ts';
import { updateFee } from '../../protocol/bolt2/messages.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { connect } from '../transport/index.ts';
import { PeerError, type SessionCloseReason } from './errors.ts';
import { DEFAULT_INIT_FEATURES, PeerSession, type PeerMessage, type PeerSessionOptions } from './session.ts';
import { createWsSocket, keyPair, PEER_FEATURES, ScriptedServer, sleep, within, type ScriptedPeer } from './test-support.ts';

let server: ScriptedServer;

beforeEach(async () => {
  server = await ScriptedServer.start();
});

afterEach(async () => {
  await server.close();
});

/** Dials the scripted server and starts a session; `started` is not awaited yet. */
async function dial(options: Partial<PeerSessionOptions> = {}): Promise<{ started: Promise<PeerSession>; peer: ScriptedPeer }> {
  const connection = await connect({ url: server.url, localSecret: keyPair().secret, remotePubkey: server.key.pubkey, createSocket: createWsSocket });
  const started = PeerSession.start({ connection, network: 'regtest', ...options });
  started.catch(() => undefined);
  return { started, peer: await server.nextPeer() };
}

/** A session past init, with the scripted peer beside it. */
async function open(options: Partial<PeerSessionOptions> = {}): Promise<{ session: PeerSession; peer: ScriptedPeer }> {
  const { started, peer } = await dial(options);
  await peer.handshakeInit();
  return { session: await within(started, 5_000, 'the session'), peer };
}

async function failure(started: Promise<PeerSession>): Promise<SessionCloseReason> {
  const e = await within(started.then(() => expect.unreachable('the session should not start'), (err: unknown) => err), 5_000, 'the session to fail');
  expect(e).toBeInstanceOf(PeerError);
  expect((e as PeerError).code).toBe('session_failed');
  return (e as PeerError).reason!;
}

const oddMessage = (type: number, payload: number) => Uint8Array.of(type >> 8, type & 0xff, payload);

describe('PeerSession init exchange', () => {
  it('sends our features and network, and exposes the peer once its init is accepted', async () => {
    const { started, peer } = await dial();
    const ours = await peer.next();
    if (ours.type !== 'init') throw new Error('expected init');
    expect(ours.features.equals(DEFAULT_INIT_FEATURES)).toBe(true);
    expect(ours.globalfeatures.isEmpty).toBe(true);
    expect(ours.tlvs.networks).toEqual([NETWORKS.regtest.chainHash]);
    // Not a copy of the list: the features other layers need a peer to know we support. Channel opens
    // send channel_type, zero-conf channels from a trusted lsp need scid_alias and zeroconf, our
    // invoices offer basic_mpp (payers may split), and LDK only streams gossip to a peer offering gossip_queries.
    for (const name of ['option_channel_type', 'option_scid_alias', 'option_zeroconf', 'basic_mpp', 'gossip_queries'] as const) {
      expect(ours.features.supports(name), name).toBe(true);
    }

    // Global and local features are one set; unknown odd bits are fine.
    peer.send(
      init.encode({
        globalfeatures: FeatureVector.of({ var_onion_optin: 'required' }),
        features: PEER_FEATURES.withBit(101),
        tlvs: { networks: [NETWORKS.regtest.chainHash] },
      }),
    );
    const session = await within(started, 5_000, 'the session');
    expect(session.remoteNodeId).toBe(server.nodeId);
    expect(session.remoteFeatures.requires('var_onion_optin')).toBe(true);
    expect(session.remoteFeatures.isSet(101)).toBe(true);
    expect(session.remoteInit.tlvs.networks).toEqual([NETWORKS.regtest.chainHash]);
    session.close();
    expect(await session.closed).toEqual({ kind: 'local' });
    expect((await peer.closed).kind).toBe('remote');
  });

  it('accepts a peer that sends no networks', async () => {
    const { started, peer } = await dial();
    await peer.handshakeInit(PEER_FEATURES, undefined);
    const session = await within(started, 5_000, 'the session');
    expect(session.isOpen).toBe(true);
    session.close();
  });

  it.each([
    ['an unknown even bit', PEER_FEATURES.withBit(100), /bits 100/],
    ['a known feature we do not offer', PEER_FEATURES.with('option_anchors', 'required'), /bits 22/],
    ['no payment_secret, which we require', FeatureVector.of({ var_onion_optin: 'required', option_static_remotekey: 'required', option_data_loss_protect: 'required' }), /payment_secret/],
    ['a broken dependency', PEER_FEATURES.with('option_zeroconf', 'optional'), /option_zeroconf without option_scid_alias/],
  ])('refuses a peer whose init has %s, telling it why', async (_what, features, detail) => {
    const { started, peer } = await dial();
    await peer.handshakeInit(features);
    const reason = await failure(started);
    expect(reason.kind).toBe('incompatible');
    expect(reason.kind === 'incompatible' && reason.detail).toMatch(detail);
    const told = await peer.next();
    expect(told.type).toBe('warning');
    expect(told.type === 'warning' && peerErrorText(told.data)).toMatch(detail);
    expect((await peer.closed).kind).toBe('remote');
  });

  it('refuses a peer on another network', async () => {
    const { started, peer } = await dial();
    await peer.handshakeInit(PEER_FEATURES, [NETWORKS.mainnet.chainHash, NETWORKS.signet.chainHash]);
    const reason = await failure(started);
    expect(reason).toEqual({ kind: 'incompatible', detail: 'the peer is on mainnet, signet, and we are on regtest' });
    expect((await peer.closed).kind).toBe('remote');
  });

  it('gives up on a peer that sends no init in time', async () => {
    const { started, peer } = await dial({ initTimeoutMs: 100 });
    expect((await peer.next()).type).toBe('init');
    expect(await failure(started)).toEqual({ kind: 'init-timeout', afterMs: 100 });
    expect((await peer.closed).kind).toBe('remote');
  });

  it('refuses a peer whose first message is not init', async () => {
    const { started, peer } = await dial();
    await peer.next();
    peer.sendPing(4);
    const reason = await failure(started);
    expect(reason).toEqual({ kind: 'protocol', detail: 'its first message was ping, not init' });
  });

  it('reports a connection that drops before init', async () => {
    const { started, peer } = await dial();
    await peer.next();
    peer.close();
    const reason = await failure(started);
    expect(reason.kind === 'transport' && reason.reason.kind).toBe('remote');
  });
});

describe('PeerSession ping and pong', () => {
  it('answers pings with the requested number of zero bytes, and ignores those asking for 65532 or more', async () => {
    const { session, peer } = await open();
    peer.sendPing(10);
    const first = await peer.nextOf('pong');
    expect(first.ignored).toEqual(new Uint8Array(10));
    peer.sendPing(65532);
    peer.sendPing(65535);
    peer.sendPing(3);
    expect((await peer.nextOf('pong')).ignored.length).toBe(3);
    session.close();
  });

  it('measures a ping of its own, and pings by itself every interval', async () => {
    const { session, peer } = await open({ pingIntervalMs: 50 });
    const rtt = await within(session.ping(20), 5_000, 'a pong');
    expect(rtt).toBeGreaterThanOrEqual(0);
    const keepAlive = await peer.nextOf('ping');
    expect(keepAlive.num_pong_bytes).toBeLessThan(65532);
    await peer.nextOf('ping');
    expect(session.isOpen).toBe(true);
    session.close();
  });

  it('drops the connection when a ping goes unanswered', async () => {
    await server.close();
    server = await ScriptedServer.start({ autoPong: false });
    const { session, peer } = await open({ pingIntervalMs: 30, pongTimeoutMs: 80 });
    await peer.nextOf('ping');
    expect(await within(session.closed, 5_000, 'the session to close')).toEqual({ kind: 'pong-timeout', afterMs: 80 });
    expect((await peer.closed).kind).toBe('remote');
    await expect(session.ping()).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('ignores a pong nobody asked for', async () => {
    const { session, peer } = await open();
    peer.send(Uint8Array.of(0, 19, 0, 2, 0, 0));
    peer.sendPing(1);
    await peer.nextOf('pong');
    expect(session.isOpen).toBe(true);
    session.close();
  });
});

describe('PeerSession message checks', () => {
  it('closes the connection on an unknown even message, and delivers unknown odd ones', async () => {
    const received: PeerMessage[] = [];
    const { session, peer } = await open({ onMessage: (m) => void received.push(m) });
    peer.send(oddMessage(32769, 7));
    peer.send(oddMessage(32768, 7));
    expect(await within(session.closed, 5_000, 'the session to close')).toEqual({
      kind: 'protocol',
      detail: 'it sent a message of unknown even type 32768',
    });
    expect(received).toEqual([{ type: 'unknown_odd', typeNumber: 32769, payload: Uint8Array.of(7) }]);
    expect((await peer.closed).kind).toBe('remote');
  });

  it('answers a malformed known message with a connection-level warning, then closes', async () => {
    const received: PeerMessage[] = [];
    const { session, peer } = await open({ onMessage: (m) => void received.push(m) });
    const full = updateFee.encode({ channel_id: new Uint8Array(32).fill(1), feerate_per_kw: 253 });
    peer.send(full.subarray(0, full.length - 2));
    const reason = await within(session.closed, 5_000, 'the session to close');
    expect(reason.kind).toBe('protocol');
    expect(reason.kind === 'protocol' && reason.detail).toMatch(/^it sent a malformed update_fee message/);
    const told = await peer.nextOf('warning');
    expect(told.channel_id).toEqual(new Uint8Array(32));
    expect(peerErrorText(told.data)).toMatch(/malformed update_fee/);
    expect((await peer.closed).kind).toBe('remote');
    expect(received).toEqual([]);
  });

  it('treats a malformed ping the same way', async () => {
    const { session, peer } = await open();
    peer.send(ping.encode({ num_pong_bytes: 4, ignored: new Uint8Array(0) }).subarray(0, 3));
    expect((await within(session.closed, 5_000, 'close')).kind).toBe('protocol');
    expect((await peer.nextOf('warning')).type).toBe('warning');
  });

  it('passes error and warning to the handler, and remembers the peer error when the peer hangs up', async () => {
    const received: PeerMessage[] = [];
    const { session, peer } = await open({ onMessage: (m) => void received.push(m) });
    const text = (s: string) => new TextEncoder().encode(s);
    peer.send(warning.encode({ channel_id: new Uint8Array(32), data: text('careful') }));
    peer.send(error.encode({ channel_id: new Uint8Array(32), data: text('go away\x07') }));
    await sleep(50);
    peer.close();
    const reason = await within(session.closed, 5_000, 'close');
    expect(reason.kind === 'transport' && reason.peerError).toBe('go away\\x07');
    expect(received.map((m) => m.type)).toEqual(['warning', 'error']);
    expect(session.isOpen).toBe(false);
    expect(() => session.send(oddMessage(32769, 1))).toThrow(PeerError);
  });
});

describe('PeerSession delivery', () => {
  it('delivers in order, one at a time, awaiting an async handler, while still answering pings', async () => {
    const order: number[] = [];
    let running = 0;
    let maxRunning = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { session, peer } = await open({
      onMessage: async (m) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (m.type !== 'unknown_odd') throw new Error(`unexpected ${m.type}`);
        const n = m.payload[0]!;
        if (n === 0) await gate;
        else await sleep(Math.random() * 4);
        order.push(n);
        running--;
      },
    });
    for (let n = 0; n < 40; n++) peer.send(oddMessage(32769, n));
    // The handler is stuck on message 0, yet pings are answered.
    peer.sendPing(5);
    expect((await peer.nextOf('pong')).ignored.length).toBe(5);
    expect(order).toEqual([]);
    release();
    await within((async () => { while (order.length < 40) await sleep(5); })(), 5_000, 'all messages');
    expect(order).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(maxRunning).toBe(1);
    session.close();
  });

  it('closes when the handler fails, delivers nothing after, and settles closed once the handler is idle', async () => {
    const seen: number[] = [];
    let finished = false;
    const { session, peer } = await open({
      onMessage: async (m) => {
        const n = m.type === 'unknown_odd' ? m.payload[0]! : -1;
        seen.push(n);
        if (n === 1) throw new Error('disk full');
        if (n === 0) {
          await sleep(30);
          finished = true;
        }
      },
    });
    for (let n = 0; n < 5; n++) peer.send(oddMessage(32769, n));
    expect(await within(session.closed, 5_000, 'close')).toEqual({ kind: 'handler-failed', detail: 'unknown_odd: disk full' });
    expect(finished).toBe(true);
    expect(seen).toEqual([0, 1]);

    // A local close waits for the handler call in progress too.
    let started = false;
    const next = await open({
      onMessage: async () => {
        started = true;
        await sleep(50);
      },
    });
    next.peer.send(oddMessage(32769, 0));
    await within((async () => { while (!started) await sleep(1); })(), 5_000, 'the handler to start');
    const closedAt = Date.now();
    next.session.close();
    await next.session.closed;
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(30);
  });

  it('refuses to announce features BOLT 9 forbids in init', async () => {
    const connection = await connect({ url: server.url, localSecret: keyPair().secret, remotePubkey: server.key.pubkey, createSocket: createWsSocket });
    expect(() => PeerSession.start({ connection, network: 'regtest', features: FeatureVector.of({ option_payment_metadata: 'optional' }) })).toThrow(/option_payment_metadata/);
    expect(() => PeerSession.start({ connection, network: 'regtest', features: FeatureVector.of({ basic_mpp: 'optional' }) })).toThrow(/basic_mpp needs payment_secret/);
    connection.close();
  });
});
