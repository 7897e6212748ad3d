import { describe, expect, it } from 'vitest';
import { Emitter } from '../engine/engine-events.ts';
import type { ChannelInfo, DecodedInvoice, LightningEvent, PaymentInfo, PeerInfo } from '../engine/lightning/types.ts';
import { parsePeerUri } from '../engine/peer-uri.ts';
import type { Entry, Store, StoreValue, Write } from '../engine/storage/store.ts';
import { DEFAULT_PEER_KEY, LightningHost, type HostedLightning } from './lightning-host.ts';
import { RpcError, toErrorData } from './rpc.ts';

const LSP = '02' + '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'.toLowerCase();
const LSP_URI = `${LSP}@ws://127.0.0.1:9735`;

function memoryStore(): Store & { data: Map<string, StoreValue> } {
  const data = new Map<string, StoreValue>();
  return {
    data,
    get: async (collection, key) => data.get(`${collection}/${key}`),
    list: async (collection) =>
      [...data.entries()].filter(([k]) => k.startsWith(`${collection}/`)).map(([k, value]): Entry => ({ key: k.slice(collection.length + 1), value })),
    commit: async (writes: readonly Write[]) => {
      for (const w of writes) {
        if (w.op === 'put') data.set(`${w.collection}/${w.key}`, w.value);
        else data.delete(`${w.collection}/${w.key}`);
      }
    },
    close: async () => undefined,
  };
}

const channel = (channelId: string): ChannelInfo => ({
  channelId,
  peer: LSP,
  peerConnected: true,
  phase: 'awaiting_confirmation',
  status: 'Waiting for 3 more confirmations',
  weOpened: true,
  capacitySat: 200_000,
  localMsat: 200_000_000,
  remoteMsat: 0,
  localReserveSat: 2_000,
  remoteReserveSat: 2_000,
  canSendMsat: 0,
  canReceiveMsat: 0,
  pendingHtlcs: [],
});

const HASH = 'aa'.repeat(32);

const payment = (direction: PaymentInfo['direction'], status: PaymentInfo['status'], amountMsat: number | null): PaymentInfo => ({
  paymentHash: HASH,
  direction,
  status,
  amountMsat,
  feeMsat: 0,
  description: 'coffee',
  payee: LSP,
  bolt11: `lnbcrt${direction}`,
  createdAt: 1_700_000_000_000,
});

/** Stands in for LightningService: records what the host does with it. */
class FakeService implements HostedLightning {
  readonly events = new Emitter<LightningEvent>();
  readonly node = { on: (listener: (event: LightningEvent) => void) => this.events.on(listener) };
  readonly peerListeners = { connected: new Set<() => void>(), disconnected: new Set<() => void>(), status: new Set<() => void>() };
  readonly peers = {
    on: (event: 'connected' | 'disconnected' | 'status' | 'message', listener: () => void) => {
      if (event === 'message') return () => undefined;
      this.peerListeners[event].add(listener);
      return () => void this.peerListeners[event].delete(listener);
    },
  } as unknown as HostedLightning['peers'];
  readonly known: PeerInfo[] = [];
  readonly list: ChannelInfo[] = [];
  connects: string[] = [];
  stopped = false;

  peersInfo = () => this.known.map((p) => ({ ...p }));
  channels = () => [...this.list];
  peerConnect = async (uri: string): Promise<PeerInfo> => {
    this.connects.push(uri);
    const { nodeId } = parsePeerUri(uri);
    const peer = { nodeId, uri, connected: false, trusted: false };
    if (!this.known.some((p) => p.nodeId === nodeId)) this.known.push(peer);
    return peer;
  };
  stop = async () => {
    this.stopped = true;
  };
  api: HostedLightning['api'] = () => ({
    peerConnect: ({ uri }) => this.peerConnect(uri),
    peers: async () => this.peersInfo(),
    peerTrust: async ({ nodeId, trusted }) => {
      const peer = this.known.find((p) => p.nodeId === nodeId)!;
      peer.trusted = trusted;
      return { ...peer };
    },
    channelOpen: async ({ peer, sats }) => {
      const opened = { ...channel(`c${this.list.length}`), peer, capacitySat: sats };
      this.list.push(opened);
      this.events.emit({ type: 'channels_changed', channels: this.channels() });
      return opened;
    },
    channels: async () => this.channels(),
    channelClose: async ({ channelId }) => ({ ...this.list.find((c) => c.channelId === channelId)!, phase: 'negotiating_close' }),
    invoiceCreate: async ({ amountMsat, description }) => {
      const invoice = { ...payment('incoming', 'pending', amountMsat), description };
      this.paymentList.unshift(invoice);
      this.events.emit({ type: 'payment_changed', payment: invoice });
      return invoice;
    },
    invoiceDecode: async ({ text, amountMsat }): Promise<DecodedInvoice> => {
      if (!text.startsWith('lnbcrt')) throw Object.assign(new Error('not an invoice'), { code: 'invalid_invoice' });
      const amount = amountMsat ?? null;
      return { bolt11: text, amountMsat: amount, description: '', payee: LSP, paymentHash: HASH, createdAt: 0, expiresAt: 3_600_000, maxFeeMsat: amount === null ? null : amount / 100 + 5_000, alreadyPaid: null };
    },
    pay: async ({ amountMsat }) => {
      const sent = { ...payment('outgoing', 'succeeded', amountMsat ?? null), feeMsat: 1_000, preimage: 'bb'.repeat(32) };
      this.paymentList.unshift(sent);
      this.events.emit({ type: 'payment_changed', payment: sent });
      return sent;
    },
    payments: async () => [...this.paymentList],
    graph: async () => ({ nodes: 2, channels: 1, lastSync: null, syncing: true }),
  });
  readonly paymentList: PaymentInfo[] = [];

  peerEvent(event: 'connected' | 'disconnected' | 'status', connected: boolean): void {
    for (const p of this.known) p.connected = connected;
    for (const listener of this.peerListeners[event]) listener();
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(options: { defaultPeer?: string } = {}) {
  const events: LightningEvent[] = [];
  const host = new LightningHost({ emit: (e) => events.push(e), ...(options.defaultPeer ? { defaultPeer: parsePeerUri(options.defaultPeer) } : {}) });
  let unlocked = true;
  const handlers = host.handlers(async () => {
    if (!unlocked) throw Object.assign(new Error('The wallet is locked: enter your passphrase.'), { code: 'locked' });
  });
  return { host, events, handlers, lock: () => (unlocked = false) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function codeOf(result: unknown): Promise<string> {
  try {
    await result;
  } catch (error) {
    return new RpcError(toErrorData(error)).code;
  }
  throw new Error('expected a rejection');
}

describe('the Lightning host', () => {
  it('serves calls made while the node starts once it is up, and forwards its events', async () => {
    const { host, events, handlers } = setup();
    const service = new FakeService();
    const opening = deferred<HostedLightning>();
    host.start(() => opening.promise, memoryStore());
    const early = handlers.channels();
    const peers = handlers.peers();
    opening.resolve(service);
    expect(await early).toEqual([]);
    expect(await peers).toEqual([]);
    // What the node holds is announced on start, for screens that asked before.
    expect(events).toEqual([
      { type: 'channels_changed', channels: [] },
      { type: 'peers_changed', peers: [] },
    ]);

    events.length = 0;
    await handlers.peerConnect({ uri: LSP_URI });
    expect(events).toEqual([{ type: 'peers_changed', peers: [{ nodeId: LSP, uri: LSP_URI, connected: false, trusted: false }] }]);
    service.peerEvent('connected', true);
    service.peerEvent('disconnected', false);
    service.peerEvent('status', false);
    expect(events.slice(1)).toEqual([
      { type: 'peers_changed', peers: [{ nodeId: LSP, uri: LSP_URI, connected: true, trusted: false }] },
      { type: 'peers_changed', peers: [{ nodeId: LSP, uri: LSP_URI, connected: false, trusted: false }] },
      // A failed attempt or a scheduled retry is news too (the screen shows the error and the countdown).
      { type: 'peers_changed', peers: [{ nodeId: LSP, uri: LSP_URI, connected: false, trusted: false }] },
    ]);

    // The screens count on these events rather than reloading after connecting or trusting a peer.
    events.length = 0;
    await handlers.peerTrust({ nodeId: LSP, trusted: true });
    expect(events).toEqual([{ type: 'peers_changed', peers: [{ nodeId: LSP, uri: LSP_URI, connected: false, trusted: true }] }]);

    events.length = 0;
    const opened = await handlers.channelOpen({ peer: LSP, sats: 200_000 });
    expect(opened.capacitySat).toBe(200_000);
    expect(events).toEqual([{ type: 'channels_changed', channels: [opened] }]);
    expect((await handlers.channelClose({ channelId: opened.channelId })).phase).toBe('negotiating_close');
  });

  it('passes the payment calls through, and forwards the payment_changed events', async () => {
    const { host, events, handlers } = setup();
    host.start(async () => new FakeService(), memoryStore());
    await handlers.channels();
    events.length = 0;

    const invoice = await handlers.invoiceCreate({ amountMsat: 5_000_000, description: 'tea' });
    expect(invoice).toMatchObject({ direction: 'incoming', status: 'pending', amountMsat: 5_000_000, description: 'tea' });
    expect(events).toEqual([{ type: 'payment_changed', payment: invoice }]);

    expect(await handlers.invoiceDecode({ text: 'lnbcrt1x', amountMsat: 100_000 })).toMatchObject({ amountMsat: 100_000, maxFeeMsat: 6_000 });
    expect(await codeOf(handlers.invoiceDecode({ text: 'lnbc1x' }))).toBe('invalid_invoice');

    events.length = 0;
    const paid = await handlers.pay({ bolt11: 'lnbcrt1x', amountMsat: 2_000 });
    expect(paid).toMatchObject({ direction: 'outgoing', status: 'succeeded', amountMsat: 2_000, feeMsat: 1_000 });
    expect(events).toEqual([{ type: 'payment_changed', payment: paid }]);
    expect((await handlers.payments()).map((p) => p.direction)).toEqual(['outgoing', 'incoming']);
    expect(await handlers.graph()).toEqual({ nodes: 2, channels: 1, lastSync: null, syncing: true });
  });

  it('refuses payment calls while the wallet is locked', async () => {
    const { host, handlers, lock } = setup();
    host.start(async () => new FakeService(), memoryStore());
    lock();
    expect(await codeOf(handlers.pay({ bolt11: 'lnbcrt1x' }))).toBe('locked');
    expect(await codeOf(handlers.invoiceCreate({ amountMsat: null, description: '' }))).toBe('locked');
  });

  it('stops the node, goes quiet, and answers not_running until started again', async () => {
    const { host, events, handlers } = setup();
    const first = new FakeService();
    host.start(async () => first, memoryStore());
    await handlers.channels();
    await host.stop();
    expect(first.stopped).toBe(true);
    expect(host.started).toBe(false);
    events.length = 0;
    first.events.emit({ type: 'channels_changed', channels: [] });
    first.peerEvent('connected', true);
    expect(events).toEqual([]);
    expect(await codeOf(handlers.channels())).toBe('not_running');

    const second = new FakeService();
    second.list.push(channel('kept'));
    host.start(async () => second, memoryStore());
    expect((await handlers.channels()).map((c) => c.channelId)).toEqual(['kept']);
  });

  it('stops a node that was still starting, and starts the next only once it has stopped', async () => {
    const { host, events, handlers } = setup();
    const first = new FakeService();
    const opening = deferred<HostedLightning>();
    host.start(() => opening.promise, memoryStore());
    const stopping = host.stop();
    let secondOpened = false;
    const second = new FakeService();
    host.start(async () => {
      secondOpened = true;
      expect(first.stopped).toBe(true);
      return second;
    }, memoryStore());
    await flush();
    expect(secondOpened).toBe(false);
    opening.resolve(first);
    await stopping;
    expect(first.stopped).toBe(true);
    await handlers.channels();
    expect(secondOpened).toBe(true);
    expect(events.filter((e) => e.type === 'channels_changed')).toHaveLength(1);
  });

  it('keeps a node that was stopped while starting quiet, also before it is unsubscribed', async () => {
    const { host, events } = setup({ defaultPeer: LSP_URI });
    const service = new FakeService();
    const connecting = deferred<void>();
    const connect = service.peerConnect;
    service.peerConnect = async (uri) => {
      await connecting.promise;
      return connect(uri);
    };
    host.start(async () => service, memoryStore());
    await flush(); // listening to the node, and waiting for the default peer
    const stopping = host.stop();
    service.events.emit({ type: 'channels_changed', channels: [] });
    service.peerEvent('status', false);
    connecting.resolve();
    await stopping;
    expect(service.stopped).toBe(true);
    expect(events).toEqual([]);
  });

  it('lets the calls waiting for a failed start hear why, and tries again on the next start', async () => {
    const { host, handlers } = setup();
    host.start(async () => {
      throw Object.assign(new Error('IndexedDB went away'), { code: 'unavailable' });
    }, memoryStore());
    expect(await codeOf(handlers.channels())).toBe('unavailable');
    expect(host.started).toBe(false);
    host.start(async () => new FakeService(), memoryStore());
    expect(await handlers.channels()).toEqual([]);
  });

  it('refuses calls the wallet is not ready for', async () => {
    const { host, handlers, lock } = setup();
    host.start(async () => new FakeService(), memoryStore());
    lock();
    expect(await codeOf(handlers.peers())).toBe('locked');
  });

  it('connects to the default peer on the first start with it, and only then', async () => {
    const { host, handlers } = setup({ defaultPeer: LSP_URI });
    const store = memoryStore();
    const first = new FakeService();
    host.start(async () => first, store);
    expect(await handlers.peers()).toEqual([{ nodeId: LSP, uri: LSP_URI, connected: false, trusted: false }]);
    expect(first.connects).toEqual([LSP_URI]);
    expect(store.data.get(`meta/${DEFAULT_PEER_KEY}`)).toBe(LSP_URI);

    await host.stop();
    const second = new FakeService();
    host.start(async () => second, store);
    await handlers.peers();
    expect(second.connects).toEqual([]);
  });

  it('still starts when the default peer cannot be added', async () => {
    const { host, handlers } = setup({ defaultPeer: LSP_URI });
    const service = new FakeService();
    service.peerConnect = async () => {
      throw new Error('storage full');
    };
    host.start(async () => service, memoryStore());
    expect(await handlers.channels()).toEqual([]);
  });
});
