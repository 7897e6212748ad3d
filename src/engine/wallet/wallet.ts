/**
 * The on-chain wallet: one object that owns the seed vault, the BIP84 account, the Esplora sync
 * state and our own sends, persisted through the engine's Store. It implements the WalletApi the
 * worker exposes (src/worker/wallet-api.ts) and is what the Node CLI drives too.
 */
import { equal, fromHex, reversed } from '../../protocol/codec/bytes.ts';
import type { NetworkName } from '../../protocol/networks.ts';
import { EsploraClient, EsploraError, WalletSync, emptySyncState, nextUnusedIndex, walletBalance, walletHistory, walletUtxos, type FetchFn, type SyncState } from '../chain/index.ts';
import { EngineError } from '../engine-error.ts';
import { Emitter, type Listener } from '../engine-events.ts';
import { Bip84Account, LightningKeys, createMnemonic, createVault, mnemonicToSeed, mnemonicWords, parseMnemonic, unlockVault, type Mnemonic, type ScryptCost } from '../keys/index.ts';
import {
  bumpFee as buildBump,
  createSend,
  createSendAll,
  customFeeRate,
  feeRatesFromEstimates,
  formatBip21,
  isSpendable,
  parseAddress,
  parseBip21,
  type OnchainSigner,
  type SignedTransaction,
  type WalletUtxo as SpendableUtxo,
} from '../onchain/index.ts';
import { put, type Store, type StoreValue } from '../storage/store.ts';
import { loadSent, loadSettings, loadSyncState, loadVault, saveSent, SETTINGS_KEY, SYNC_KEY, VAULT_KEY, RECEIVE_CURSOR_KEY, loadReceiveCursor, type SentRecord } from './records.ts';
import type { Balance, FeeRates, HistoryItem, SendPreview, SendRequest, SyncStatus, WalletEvent, WalletState } from './types.ts';

export interface WalletOptions {
  store: Store;
  network: NetworkName;
  /** Used until the person sets another in settings. */
  defaultEsploraUrl: string;
  fetch?: FetchFn;
  /** scrypt cost for new vaults, or how to find it (the browser measures the device); tests pass a tiny one. */
  vaultCost?: ScryptCost | (() => Promise<ScryptCost>);
  /** BIP44 gap limit (default 20). */
  gapLimit?: number;
}

const CHAIN_NAMES = ['receive', 'change'] as const;

function toChainError(error: unknown): never {
  if (error instanceof EsploraError) throw new EngineError('chain_unavailable', error.message);
  throw error;
}

export class Wallet {
  readonly #options: WalletOptions;
  readonly #events = new Emitter<WalletEvent>();
  #account: Bip84Account | undefined;
  #hasVault = false;
  #esploraUrl: string;
  #client: EsploraClient;
  #sync: SyncState = emptySyncState();
  #syncStatus: SyncStatus = { phase: 'idle' };
  #receiveCursor = 0;
  /** Receive addresses handed out since the engine started: someone may be paying one right now. */
  #shownThisSession = false;
  #syncing: Promise<SyncStatus> | undefined;
  #lightning: LightningKeys | undefined;
  /** Funding transactions built but not yet published, by txid. */
  readonly #funding = new Map<string, SignedTransaction>();
  /**
   * Change addresses handed out this session (funding change, channel closes) beyond the next unused
   * one: until a sync sees them used, each call must still get a fresh one.
   */
  #changeHandedOut = 0;

  private constructor(options: WalletOptions, esploraUrl: string) {
    this.#options = options;
    this.#esploraUrl = esploraUrl;
    this.#client = new EsploraClient(esploraUrl, options.fetch ? { fetch: options.fetch } : {});
  }

  static async open(options: WalletOptions): Promise<Wallet> {
    const settings = await loadSettings(options.store);
    const wallet = new Wallet(options, settings?.esploraUrl ?? options.defaultEsploraUrl);
    wallet.#hasVault = (await loadVault(options.store)) !== undefined;
    return wallet;
  }

  on(listener: Listener<WalletEvent>): () => void {
    return this.#events.on(listener);
  }

  get network(): NetworkName {
    return this.#options.network;
  }

  get esploraUrl(): string {
    return this.#esploraUrl;
  }

  /** Esplora requests sent so far (the benchmark reads it). */
  get requestCount(): number {
    return this.#client.requestCount;
  }

  walletState(): WalletState {
    if (!this.#hasVault) return { state: 'none' };
    if (!this.#account) return { state: 'locked' };
    return { state: 'unlocked', receiveAddress: this.#receiveKey(this.#receiveCursor).address };
  }

  generateMnemonic(): string[] {
    return mnemonicWords(createMnemonic());
  }

  async finishCreate(words: string[], passphrase: string): Promise<WalletState> {
    this.#refuseSecondWallet();
    return this.#store(parseMnemonic(words.join(' ')), passphrase, { fresh: true });
  }

  async restore(words: string, passphrase: string): Promise<WalletState> {
    this.#refuseSecondWallet();
    return this.#store(parseMnemonic(words), passphrase, { fresh: false });
  }

  async unlock(passphrase: string): Promise<WalletState> {
    const vault = await loadVault(this.#options.store);
    if (!vault) throw new EngineError('no_wallet', 'There is no wallet on this device yet: create one or restore it from its words.');
    await this.#openKeys(await unlockVault(vault, passphrase));
    return this.#changedState();
  }

  lock(): WalletState {
    this.#account = undefined;
    return this.#changedState();
  }

  async revealMnemonic(passphrase: string): Promise<string[]> {
    const vault = await loadVault(this.#options.store);
    if (!vault) throw new EngineError('no_wallet', 'There is no wallet on this device yet.');
    return mnemonicWords(await unlockVault(vault, passphrase));
  }

  balance(): Balance {
    const b = walletBalance(this.#sync);
    const spendable = this.#account
      ? this.#spendableUtxos(this.#account)
          .filter((u) => isSpendable(u))
          .reduce((sum, u) => sum + Number(u.value), 0)
      : 0;
    return { confirmedSat: b.confirmed, unconfirmedIncomingSat: b.unconfirmedIncoming, unconfirmedOutgoingSat: b.unconfirmedOutgoing, spendableSat: spendable };
  }

  syncStatus(): SyncStatus {
    return this.#syncStatus;
  }

  /** One sync at a time: a second caller waits for the one running. */
  sync(options: { force?: boolean } = {}): Promise<SyncStatus> {
    this.#syncing ??= this.#runSync(options).finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  /** A fresh address each call: the next one after the last handed out, within the gap limit. */
  async newReceiveAddress(request: { amountSat?: number; label?: string } = {}): Promise<{ address: string; uri: string }> {
    this.#requireUnlocked();
    const gap = this.#options.gapLimit ?? 20;
    const firstUnused = nextUnusedIndex(this.#sync, 0);
    // Past the gap limit another wallet restoring from the words would stop looking, so go back to the first unused one.
    let index = Math.max(this.#receiveCursor + 1, firstUnused);
    if (index >= firstUnused + gap) index = firstUnused;
    this.#receiveCursor = index;
    this.#shownThisSession = true;
    await this.#options.store.commit([put('wallet', RECEIVE_CURSOR_KEY, index)]);
    const { address } = this.#receiveKey(index);
    const uri = formatBip21({
      address,
      ...(request.amountSat ? { amountSats: BigInt(request.amountSat) } : {}),
      ...(request.label ? { label: request.label } : {}),
    });
    this.#events.emit({ type: 'wallet_state', state: this.walletState() });
    return { address, uri };
  }

  /** The Lightning keys of the unlocked wallet's seed. */
  lightningKeys(): LightningKeys {
    this.#requireUnlocked();
    return this.#lightning!;
  }

  /** A signed transaction paying `amountSat` to a channel's funding script, kept until publishFunding. */
  async buildFunding(script: Uint8Array, amountSat: bigint, feeratePerKw: number): Promise<{ raw: Uint8Array; txid: Uint8Array; outputIndex: number }> {
    const account = this.#requireUnlocked();
    const signed = createSend({
      utxos: this.#spendableUtxos(account).filter((u) => ![...this.#funding.values()].some((f) => f.inputs.some((i) => i.txid === u.txid && i.vout === u.vout))),
      feeRate: customFeeRate(Math.max(1, Math.ceil(feeratePerKw / 250))),
      tipHeight: this.#sync.tip?.height ?? 0,
      signer: this.#signer(account),
      recipients: [{ value: amountSat, script }],
      changeScript: account.changeKey(nextUnusedIndex(this.#sync, 1) + this.#changeHandedOut++).scriptPubKey,
    });
    const outputIndex = signed.tx.outputs.findIndex((o, i) => !signed.changeOutputs.includes(i) && equal(o.script, script));
    this.#funding.set(signed.txid, signed);
    return { raw: signed.raw, txid: reversed(fromHex(signed.txid)), outputIndex };
  }

  /** Broadcasts a funding transaction from buildFunding (recorded first, like every send). */
  async publishFunding(raw: Uint8Array): Promise<void> {
    const entry = [...this.#funding.entries()].find(([, signed]) => equal(signed.raw, raw));
    if (!entry) throw new EngineError('channel_failed', 'This funding transaction was not built by this wallet.');
    try {
      await this.#broadcast(entry[1]);
    } catch (error) {
      // Already known to the server (a rebroadcast) is fine.
      if (!(error instanceof EngineError && error.code === 'broadcast_rejected' && /already|known|duplicate/i.test(error.message))) throw error;
    }
    this.#funding.delete(entry[0]);
  }

  /** A fresh change-chain script for a channel's closing outputs and claims. */
  closeScript(): Uint8Array {
    const account = this.#requireUnlocked();
    return account.changeKey(nextUnusedIndex(this.#sync, 1) + this.#changeHandedOut++).scriptPubKey;
  }

  async feeRates(): Promise<FeeRates> {
    const estimates = await this.#client.feeEstimates().catch(toChainError);
    return feeRatesFromEstimates(Object.fromEntries(estimates.map((e) => [String(e.target), e.satPerVbyte])));
  }

  async previewSend(request: SendRequest): Promise<SendPreview> {
    return this.#buildSend(request).preview;
  }

  async send(request: SendRequest): Promise<{ txid: string }> {
    const { signed } = this.#buildSend(request);
    return this.#broadcast(signed);
  }

  async bumpFee(txid: string, feeRate: number): Promise<{ txid: string }> {
    const account = this.#requireUnlocked();
    const original = await loadSent(this.#options.store, txid);
    const known = this.#sync.txs[txid];
    if (!original || !known) throw new EngineError('cannot_bump_fee', 'Only transactions this wallet sent can have their fee raised.');
    const signed = buildBump({
      original,
      confirmed: known.block !== null,
      feeRate: customFeeRate(feeRate),
      utxos: this.#spendableUtxos(account).filter((u) => !original.inputs.some((i) => i.txid === u.txid && i.vout === u.vout)),
      changeScript: account.changeKey(nextUnusedIndex(this.#sync, 1)).scriptPubKey,
      tipHeight: this.#sync.tip?.height ?? 0,
      signer: this.#signer(account),
    });
    return this.#broadcast(signed);
  }

  history(): HistoryItem[] {
    // walletHistory already orders newest first, unconfirmed on top.
    return walletHistory(this.#sync).map((entry) => {
      const tx = this.#sync.txs[entry.txid]!;
      return {
        txid: entry.txid,
        netSat: entry.net,
        feeSat: tx.spent.length > 0 ? entry.fee : undefined,
        confirmations: entry.confirmations,
        ...(entry.height !== null ? { blockHeight: entry.height } : {}),
        time: entry.time * 1000,
        canBumpFee: entry.height === null && entry.net < 0,
      } satisfies HistoryItem;
    });
  }

  async setEsploraUrl(url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EngineError('invalid_config', 'The chain server must be a URL, e.g. https://mempool.space/api');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new EngineError('invalid_config', 'The chain server must be an http(s) URL.');
    const normalised = parsed.href.replace(/\/$/, '');
    await this.#options.store.commit([put('meta', SETTINGS_KEY, { esploraUrl: normalised })]);
    this.#esploraUrl = normalised;
    this.#client = new EsploraClient(normalised, this.#options.fetch ? { fetch: this.#options.fetch } : {});
  }

  async #store(mnemonic: Mnemonic, passphrase: string, { fresh }: { fresh: boolean }): Promise<WalletState> {
    const { vaultCost } = this.#options;
    const cost = typeof vaultCost === 'function' ? await vaultCost() : vaultCost;
    const vault = await createVault(mnemonic, passphrase, cost ? { cost } : {});
    const sync = emptySyncState();
    await this.#options.store.commit([put('vault', VAULT_KEY, vault as unknown as StoreValue), put('chain', SYNC_KEY, sync as unknown as StoreValue), put('wallet', RECEIVE_CURSOR_KEY, 0)]);
    this.#hasVault = true;
    await this.#openKeys(mnemonic);
    // A restored wallet may have history to find; a new one cannot.
    if (!fresh) void this.sync({ force: true }).catch(() => undefined);
    return this.#changedState();
  }

  async #openKeys(mnemonic: Mnemonic): Promise<void> {
    const seed = await mnemonicToSeed(mnemonic);
    this.#account = Bip84Account.fromSeed(seed, this.#options.network);
    this.#lightning = LightningKeys.fromSeed(seed, this.#options.network);
    this.#sync = (await loadSyncState(this.#options.store)) ?? emptySyncState();
    this.#receiveCursor = await loadReceiveCursor(this.#options.store);
  }

  #refuseSecondWallet(): void {
    if (this.#hasVault) throw new EngineError('invalid_config', 'This device already has a wallet: it must be removed before another is created or restored.');
  }

  #changedState(): WalletState {
    const state = this.walletState();
    this.#events.emit({ type: 'wallet_state', state });
    return state;
  }

  #requireUnlocked(): Bip84Account {
    if (!this.#hasVault) throw new EngineError('no_wallet', 'There is no wallet on this device yet.');
    if (!this.#account) throw new EngineError('locked', 'The wallet is locked: enter your passphrase.');
    return this.#account;
  }

  #receiveKey(index: number) {
    return this.#requireUnlocked().receiveKey(index);
  }

  async #runSync(options: { force?: boolean }): Promise<SyncStatus> {
    const account = this.#requireUnlocked();
    this.#setSyncStatus({ ...this.#syncStatus, phase: 'syncing' });
    const sync = new WalletSync({
      client: this.#client,
      network: this.#options.network,
      gapLimit: this.#options.gapLimit ?? 20,
      scriptAt: (chain, index) => {
        const key = account.key(CHAIN_NAMES[chain], index);
        return { address: key.address, script: key.scriptPubKey };
      },
    });
    try {
      const outcome = await sync.sync(this.#sync, {
        ...(options.force ? { force: true } : {}),
        ...(this.#shownThisSession ? { watch: [{ chain: 0 as const, index: this.#receiveCursor }] } : {}),
      });
      if (outcome.scanned || outcome.state !== this.#sync) {
        await this.#options.store.commit([put('chain', SYNC_KEY, outcome.state as unknown as StoreValue)]);
        this.#sync = outcome.state;
        this.#events.emit({ type: 'balance', balance: this.balance() });
        this.#events.emit({ type: 'history_changed' });
      }
      const tipHeight = outcome.state.tip?.height;
      return this.#setSyncStatus({ phase: 'idle', ...(tipHeight !== undefined ? { tipHeight } : {}), lastSyncedAt: Date.now() });
    } catch (error) {
      const message = error instanceof EsploraError ? error.message : error instanceof Error ? error.message : String(error);
      this.#setSyncStatus({ ...this.#syncStatus, phase: 'error', error: message });
      if (error instanceof EsploraError) throw new EngineError('chain_unavailable', message);
      throw error;
    }
  }

  #setSyncStatus(status: SyncStatus): SyncStatus {
    this.#syncStatus = status;
    this.#events.emit({ type: 'sync', status });
    return status;
  }

  #spendableUtxos(account: Bip84Account): SpendableUtxo[] {
    return walletUtxos(this.#sync).map((u) => ({
      txid: u.txid,
      vout: u.vout,
      value: BigInt(u.value),
      script: account.key(CHAIN_NAMES[u.chain], u.index).scriptPubKey,
      ...(u.height !== null ? { height: u.height } : {}),
      keyPath: { chain: CHAIN_NAMES[u.chain], index: u.index },
    }));
  }

  #signer(account: Bip84Account): OnchainSigner {
    return { privateKeyFor: (path) => account.key(path.chain, path.index).privateKey };
  }

  #buildSend(request: SendRequest): { signed: SignedTransaction; preview: SendPreview } {
    const account = this.#requireUnlocked();
    const network = this.#options.network;
    const destination = request.destination.trim();
    const payment = /^bitcoin:/i.test(destination) ? parseBip21(destination, network) : { address: parseAddress(destination, network) };
    if (!payment.address) throw new EngineError('invalid_address', 'This payment link has no Bitcoin address.');
    const feeRate = customFeeRate(request.feeRate);
    const context = { utxos: this.#spendableUtxos(account), feeRate, tipHeight: this.#sync.tip?.height ?? 0, signer: this.#signer(account) };
    let signed: SignedTransaction;
    if (request.sendAll) {
      signed = createSendAll({ ...context, destination: payment.address.script });
    } else {
      const amount = request.amountSat ?? ('amountSats' in payment && payment.amountSats !== undefined ? Number(payment.amountSats) : undefined);
      if (amount === undefined || !Number.isSafeInteger(amount)) throw new EngineError('invalid_amount', 'Enter the amount to send, in whole sats.');
      signed = createSend({
        ...context,
        recipients: [{ value: BigInt(amount), script: payment.address.script }],
        changeScript: account.changeKey(nextUnusedIndex(this.#sync, 1)).scriptPubKey,
      });
    }
    const change = signed.changeOutputs.reduce((sum, i) => sum + Number(signed.tx.outputs[i]!.value), 0);
    const paid = signed.tx.outputs.reduce((sum, o) => sum + Number(o.value), 0) - change;
    const preview: SendPreview = {
      address: payment.address.address,
      amountSat: paid,
      feeSat: Number(signed.fee),
      feeRate: signed.feeRate,
      vsize: signed.vsize,
      changeSat: change,
      ...('label' in payment && payment.label ? { label: payment.label } : {}),
      ...('message' in payment && payment.message ? { message: payment.message } : {}),
    };
    return { signed, preview };
  }

  async #broadcast(signed: SignedTransaction): Promise<{ txid: string }> {
    // Recorded before broadcasting, so a fee bump can find the original even if we crash right after.
    const record: SentRecord = { tx: signed.tx, inputs: signed.inputs, changeOutputs: signed.changeOutputs };
    await saveSent(this.#options.store, signed.txid, record);
    try {
      await this.#client.broadcast(signed.raw);
    } catch (error) {
      // Only an explicit refusal means it did not go out; after a timeout or a server error it may have,
      // and the saved record plus the next sync will tell.
      if (error instanceof EsploraError && error.code === 'rejected') {
        throw new EngineError('broadcast_rejected', `The chain server refused the transaction: ${error.message}`);
      }
      toChainError(error);
    }
    await this.sync({ force: true }).catch(() => undefined);
    return { txid: signed.txid };
  }
}
