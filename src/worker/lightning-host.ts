/**
 * The Lightning node in the worker: one LightningService while the wallet is unlocked, stopped when it
 * locks or another tab takes the wallet over. It serves the LightningApi calls (calls made while the
 * node starts wait for it) and forwards the node's events, and the peers' comings and goings, to the UI.
 */
import { EngineError } from '../engine/engine-error.ts';
import type { LightningService } from '../engine/lightning/service.ts';
import type { LightningApi, LightningEvent } from '../engine/lightning/types.ts';
import { formatPeerUri, type PeerUri } from '../engine/peer-uri.ts';
import { put, type Store } from '../engine/storage/store.ts';
import type { Handlers } from './rpc.ts';

/** What the host uses of a LightningService (the tests pass a stand-in). */
export type HostedLightning = Pick<LightningService, 'api' | 'peersInfo' | 'peerConnect' | 'channels' | 'stop'> & {
  node: Pick<LightningService['node'], 'on'>;
  peers: Pick<LightningService['peers'], 'on'>;
};

/** The default peer last connected to on its own, so it is added once rather than on every start. */
export const DEFAULT_PEER_KEY = 'lightning_default_peer';

export interface LightningHostOptions {
  /** Where the node's events go (the RPC server's event channel). */
  emit(event: LightningEvent): void;
  /** Connected to (and remembered) the first time the node starts with it configured. */
  defaultPeer?: PeerUri | undefined;
  log?(message: string): void;
}

interface Running {
  service: HostedLightning;
  api: ReturnType<HostedLightning['api']>;
  off(): void;
}

export class LightningHost {
  /** The node starting or running, undefined while stopped. */
  #current: Promise<Running> | undefined;
  /** Which start #current is, so a start that was stopped meanwhile stays quiet. */
  #generation = 0;
  /** The last stop: a new node waits for it, so two never hold the same peer connections. */
  #stopped: Promise<void> = Promise.resolve();

  constructor(private readonly options: LightningHostOptions) {}

  get started(): boolean {
    return this.#current !== undefined;
  }

  /**
   * Starts the node with `open` unless it is starting or running already. A start that fails is
   * forgotten (the calls waiting for it hear why), so the next start or call tries again.
   */
  start(open: () => Promise<HostedLightning>, store: Store): void {
    if (this.#current) return;
    const after = this.#stopped;
    const generation = ++this.#generation;
    const current: Promise<Running> = (async () => {
      await after;
      const service = await open();
      // Until stop() has unsubscribed it, a node that was stopped meanwhile must not speak over the next one.
      const emit = (event: LightningEvent) => {
        if (this.#generation === generation) this.options.emit(event);
      };
      const emitPeers = () => emit({ type: 'peers_changed', peers: service.peersInfo() });
      const offs = [
        service.node.on(emit),
        service.peers.on('connected', emitPeers),
        service.peers.on('disconnected', emitPeers),
        service.peers.on('status', emitPeers),
      ];
      const running: Running = { service, api: service.api(), off: () => offs.forEach((off) => off()) };
      await this.#connectDefaultPeer(service, store).catch((error: unknown) => this.options.log?.(`could not connect to the default peer: ${String(error)}`));
      // The screens may have asked while the wallet was locked: tell them what the node holds.
      emit({ type: 'channels_changed', channels: service.channels() });
      emitPeers();
      return running;
    })();
    this.#current = current;
    current.catch((error: unknown) => {
      this.options.log?.(`the Lightning node did not start: ${String(error)}`);
      if (this.#current === current) this.#current = undefined;
    });
  }

  /** Stops the node (once it has started, if it is starting); resolves when it has. */
  stop(): Promise<void> {
    const current = this.#current;
    if (!current) return this.#stopped;
    this.#current = undefined;
    this.#generation++;
    this.#stopped = (async () => {
      const running = await current.catch(() => undefined);
      if (!running) return;
      running.off();
      await running.service.stop().catch((error: unknown) => this.options.log?.(`stopping the Lightning node: ${String(error)}`));
    })();
    return this.#stopped;
  }

  #emitPeers(service: HostedLightning): void {
    this.options.emit({ type: 'peers_changed', peers: service.peersInfo() });
  }

  async #connectDefaultPeer(service: HostedLightning, store: Store): Promise<void> {
    if (!this.options.defaultPeer) return;
    const uri = formatPeerUri(this.options.defaultPeer);
    if ((await store.get('meta', DEFAULT_PEER_KEY)) === uri) return;
    await service.peerConnect(uri);
    await store.commit([put('meta', DEFAULT_PEER_KEY, uri)]);
  }

  async #running(): Promise<Running> {
    if (!this.#current) throw new EngineError('not_running', 'The Lightning node is not running: unlock the wallet first.');
    return this.#current;
  }

  /**
   * The LightningApi handlers. `ready` runs first: it waits for the wallet, throws if it is not
   * unlocked, and starts the node if it is not running (e.g. after a failed start).
   */
  handlers(ready: () => Promise<void>): Handlers<LightningApi> {
    const running = async () => {
      await ready();
      return this.#running();
    };
    return {
      peerConnect: async (args) => {
        const { api, service } = await running();
        const peer = await api.peerConnect(args);
        this.#emitPeers(service);
        return peer;
      },
      peers: async () => (await running()).api.peers(undefined),
      peerTrust: async (args) => {
        const { api, service } = await running();
        const peer = await api.peerTrust(args);
        this.#emitPeers(service);
        return peer;
      },
      channelOpen: async (args) => (await running()).api.channelOpen(args),
      channels: async () => (await running()).api.channels(undefined),
      channelClose: async (args) => (await running()).api.channelClose(args),
      invoiceCreate: async (args) => (await running()).api.invoiceCreate(args),
      invoiceDecode: async (args) => (await running()).api.invoiceDecode(args),
      // Payment changes reach the screens as the node's payment_changed events, like channel changes.
      pay: async (args) => (await running()).api.pay(args),
      payments: async () => (await running()).api.payments(undefined),
      graph: async () => (await running()).api.graph(undefined),
    };
  }
}
