/**
 * Runs the wallet in the worker: one engine per wallet across tabs (Web Lock), state in IndexedDB,
 * a sync every half minute while unlocked, the Lightning node while unlocked, and the WalletApi
 * handlers the UI calls.
 */
import type { EngineConfig } from '../engine/engine-config.ts';
import { EngineError } from '../engine/engine-error.ts';
import { defaultEsploraUrl } from '../engine/chain/index.ts';
import { calibrateScrypt } from '../engine/keys/index.ts';
import { LightningService } from '../engine/lightning/service.ts';
import type { Store } from '../engine/storage/store.ts';
import type { Settings, WalletState } from '../engine/wallet/types.ts';
import { Wallet } from '../engine/wallet/wallet.ts';
import { LightningHost } from './lightning-host.ts';
import { explorerFor, paymentLink, readPaymentLink } from './links.ts';
import type { Handlers } from './rpc.ts';
import { openIdbStore } from './storage/idb-store.ts';
import { persistentStorageStatus } from './storage/persistent-storage.ts';
import { acquireWalletLock, takeOverWalletLock } from './storage/wallet-lock.ts';
import type { WalletApi, WalletUiEvent } from './wallet-api.ts';

const WALLET_ID = 'default';
const SYNC_INTERVAL_MS = 30_000;
/** How often the Lightning node polls the chain: the devnet mines on demand, so often there. */
const CHAIN_POLL_MS = { regtest: 5_000, other: 30_000 };

export class WalletHost {
  #wallet: Wallet | undefined;
  #store: Store | undefined;
  #syncTimer: ReturnType<typeof setInterval> | undefined;
  #started: Promise<void> | undefined;

  readonly #lightning: LightningHost;

  #emit: (event: WalletUiEvent) => void = () => undefined;

  constructor(private readonly config: EngineConfig) {
    this.#lightning = new LightningHost({
      emit: (event) => this.#emit(event),
      defaultPeer: config.defaultPeer,
      log: (message) => console.warn(`lightning: ${message}`),
    });
  }

  /** Where wallet and Lightning events go (the RPC server's event channel). */
  attach(emit: (event: WalletUiEvent) => void): void {
    this.#emit = emit;
  }

  /** Takes the wallet if no other tab has it; otherwise the UI is told it is open elsewhere. */
  start(): Promise<void> {
    this.#started = (async () => {
      const result = await acquireWalletLock(WALLET_ID, { onStolen: () => this.#stolen() });
      // The lock is held for the worker's life (or until another tab steals it); the browser frees it when the worker ends.
      if (result.acquired) await this.#open();
      else this.#emit({ type: 'wallet_state', state: { state: 'open_elsewhere' } });
    })();
    return this.#started;
  }

  /** Calls that arrive while the wallet is starting wait for it, rather than hearing it is open elsewhere. */
  async #ready(): Promise<void> {
    await this.#started?.catch(() => undefined);
  }

  async takeOver(): Promise<WalletState> {
    if (!this.#wallet) {
      await takeOverWalletLock(WALLET_ID, { onStolen: () => this.#stolen() });
      await this.#open();
    }
    return this.#require().walletState();
  }

  async #open(): Promise<void> {
    this.#store = await openIdbStore(WALLET_ID, { onClose: () => this.#stolen() });
    const wallet = await Wallet.open({
      store: this.#store,
      network: this.config.network,
      defaultEsploraUrl: this.config.esploraUrl ?? defaultEsploraUrl(this.config.network),
      vaultCost: async () => (await calibrateScrypt()).cost,
    });
    wallet.on((event) => {
      this.#emit(event);
      if (event.type === 'wallet_state') {
        this.#scheduleSync(event.state);
        if (event.state.state === 'unlocked') this.#startLightning(wallet);
        else void this.#lightning.stop();
      }
    });
    this.#wallet = wallet;
    this.#emit({ type: 'wallet_state', state: wallet.walletState() });
  }

  #scheduleSync(state: WalletState): void {
    if (state.state !== 'unlocked') {
      clearInterval(this.#syncTimer);
      this.#syncTimer = undefined;
      return;
    }
    if (this.#syncTimer) return;
    const sync = () => void this.#wallet?.sync().catch(() => undefined);
    sync();
    this.#syncTimer = setInterval(sync, SYNC_INTERVAL_MS);
  }

  /** Runs the Lightning node of the unlocked wallet (nothing if it runs already). */
  #startLightning(wallet: Wallet): void {
    const store = this.#store;
    if (!store || wallet !== this.#wallet) return;
    const { network } = this.config;
    this.#lightning.start(
      () =>
        LightningService.start({
          wallet,
          store,
          network,
          esploraUrl: wallet.esploraUrl,
          createSocket: (url) => new WebSocket(url),
          pollIntervalMs: network === 'regtest' ? CHAIN_POLL_MS.regtest : CHAIN_POLL_MS.other,
          log: (message) => console.debug(`lightning: ${message}`),
        }),
      store,
    );
  }

  /** Another tab took over: stop at once and write nothing more; its engine owns the state now. */
  #stolen(): void {
    clearInterval(this.#syncTimer);
    this.#syncTimer = undefined;
    void this.#lightning.stop();
    this.#wallet = undefined;
    void this.#store?.close().catch(() => undefined);
    this.#store = undefined;
    this.#emit({ type: 'wallet_state', state: { state: 'open_elsewhere' } });
  }

  #require(): Wallet {
    if (!this.#wallet) throw new EngineError('open_elsewhere', 'This wallet is open in another tab. Take over here to use it in this one.');
    return this.#wallet;
  }

  async #settings(wallet: Wallet): Promise<Settings> {
    const persistence = await persistentStorageStatus();
    const explorerUrl = explorerFor(wallet.esploraUrl);
    return {
      network: wallet.network,
      esploraUrl: wallet.esploraUrl,
      ...(explorerUrl ? { explorerUrl } : {}),
      storagePersisted: persistence.supported ? persistence.persisted : 'unsupported',
    };
  }

  handlers(): Handlers<WalletApi> {
    const w = async () => {
      await this.#ready();
      return this.#require();
    };
    const lightningReady = async () => {
      const wallet = await w();
      // Throws no_wallet or locked: the node runs only while the wallet is unlocked.
      wallet.lightningKeys();
      this.#startLightning(wallet);
    };
    return {
      ...this.#lightning.handlers(lightningReady),
      walletState: async () => {
        await this.#ready();
        return this.#wallet ? this.#wallet.walletState() : { state: 'open_elsewhere' };
      },
      generateMnemonic: async () => (await w()).generateMnemonic(),
      finishCreate: async ({ words, passphrase }) => (await w()).finishCreate(words, passphrase),
      restore: async ({ words, passphrase }) => (await w()).restore(words, passphrase),
      unlock: async ({ passphrase }) => (await w()).unlock(passphrase),
      lock: async () => (await w()).lock(),
      takeOver: () => this.takeOver(),
      revealMnemonic: async ({ passphrase }) => (await w()).revealMnemonic(passphrase),
      balance: async () => (await w()).balance(),
      syncStatus: async () => (await w()).syncStatus(),
      sync: async () => (await w()).sync({ force: true }),
      newReceiveAddress: async (args) => (await w()).newReceiveAddress(args ?? {}),
      paymentLink: (request) => paymentLink(request),
      readPaymentLink: ({ text }) => readPaymentLink(text, this.config.network),
      feeRates: async () => (await w()).feeRates(),
      previewSend: async (request) => (await w()).previewSend(request),
      send: async (request) => (await w()).send(request),
      bumpFee: async ({ txid, feeRate }) => (await w()).bumpFee(txid, feeRate),
      history: async () => (await w()).history(),
      settings: async () => this.#settings(await w()),
      updateSettings: async ({ esploraUrl }) => {
        const wallet = await w();
        const before = wallet.esploraUrl;
        if (esploraUrl !== undefined) await wallet.setEsploraUrl(esploraUrl);
        // The node reads the chain through the same server: restart it on the new one.
        if (wallet.esploraUrl !== before && this.#lightning.started) {
          await this.#lightning.stop();
          if (wallet.walletState().state === 'unlocked') this.#startLightning(wallet);
        }
        return this.#settings(wallet);
      },
    };
  }
}
