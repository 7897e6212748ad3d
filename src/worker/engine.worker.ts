// The engine's modules finish loading asynchronously (the secp256k1 WebAssembly is instantiated by a
// top-level await). Messages the page posts meanwhile would reach a worker with no listener and be
// lost, so they are held until the RPC server is listening, then replayed in order.
const early: MessageEvent[] = [];
const hold = (event: MessageEvent) => early.push(event);
self.addEventListener('message', hold);

const [{ resolveConfig }, { hostEngine }, { WalletHost }] = await Promise.all([
  import('../engine/engine.ts'),
  import('./host.ts'),
  import('./wallet-host.ts'),
]);

// Read at build time; `npm start` sets them to the local devnet. Unset means regtest with no chain server or peer yet.
const config = resolveConfig({
  network: import.meta.env.VITE_NETWORK,
  esploraUrl: import.meta.env.VITE_ESPLORA_URL,
  defaultPeer: import.meta.env.VITE_DEFAULT_PEER,
});
const wallet = new WalletHost(config);
hostEngine(self, config, { handlers: wallet.handlers(), attach: (emit) => wallet.attach(emit) });
self.removeEventListener('message', hold);
for (const event of early) self.dispatchEvent(new MessageEvent('message', { data: event.data }));
// The shell answers at once; the wallet joins when its lock and storage are ready (or reports why not).
void wallet.start().catch((error: unknown) => console.error('wallet failed to start', error));

export {};
