/**
 * The wallet the hostile peers attack: the harness's wallet node (a Wallet over the crash-safe file
 * store with its LightningService) against an in-memory devnet chain and its Esplora server on
 * 127.0.0.1, polling the chain by itself as the app does.
 */
import type { ChannelPolicy } from '../../engine/channel/policy.ts';
import type { ChannelInfo } from '../../engine/lightning/types.ts';
import { parseTx } from '../../protocol/bitcoin/index.ts';
import { equal, fromHex } from '../../protocol/codec/bytes.ts';
import { openWalletNode, startTestChain, waitFor, type TestChain, type WalletNode } from '../test-support/lightning-harness.ts';
import { PeerChannel, type FundingOutput, type OpenOptions } from './peer-channel.ts';
import { HostilePeer, type PeerIdentity } from './scripted-peer.ts';

export interface WalletUnderTest extends WalletNode, Omit<TestChain, 'stop'> {
  channel(channelId: string): ChannelInfo | undefined;
  /** Syncs, then the wallet's confirmed on-chain balance. */
  confirmedSat(): Promise<bigint>;
  /** Pays `sats` to `script` from the devnet faucet (unconfirmed) and says which output it is. */
  fund(script: Uint8Array, sats: bigint): FundingOutput;
  /** Stops the wallet, then the chain. */
  stop(): Promise<void>;
}

export async function startWalletUnderTest(o: { dir: string; policy: Partial<ChannelPolicy> }): Promise<WalletUnderTest> {
  const test = await startTestChain();
  const { chain, faucet } = test;
  const node = await openWalletNode({ dir: o.dir, esploraUrl: test.esplora.url, policy: o.policy, pollIntervalMs: 200 });
  const more: Omit<WalletUnderTest, keyof WalletNode> = {
    chain,
    faucet,
    esplora: test.esplora,
    channel: (channelId) => node.service.channels().find((c) => c.channelId === channelId),
    confirmedSat: async () => {
      await node.tick();
      return BigInt(node.wallet.balance().confirmedSat);
    },
    fund: (script, sats) => {
      const txid = faucet.send(script, sats);
      const tx = parseTx(chain.getTransaction(txid)!.raw);
      const outputIndex = tx.outputs.findIndex((out) => equal(out.script, script));
      if (outputIndex < 0) throw new Error('the faucet did not pay the funding script');
      return { txid: fromHex(txid).reverse(), outputIndex };
    },
    stop: async () => {
      await node.close();
      await test.stop();
    },
  };
  // The same object, so that hooks set on it (dropConnectionAfter) reach the node.
  return Object.assign(node, more);
}

export interface HostileChannel {
  peer: HostilePeer;
  ch: PeerChannel;
  /** The channel id, hex. */
  id: string;
}

/**
 * A scripted peer under `identity` (one the wallet trusts for zero-conf) is connected and opens a
 * channel to the wallet as funder; resolves once the wallet can pay through it.
 */
export async function openHostileChannel(w: WalletUnderTest, identity: PeerIdentity, o: Omit<OpenOptions, 'fund'>): Promise<HostileChannel> {
  const peer = await HostilePeer.start(identity);
  try {
    await w.service.peerConnect(peer.uri);
    const ch = await PeerChannel.open(await peer.nextConnection(), identity, w.nodeId, { ...o, fund: (script, sats) => w.fund(script, sats) });
    await waitFor('the channel to be usable', () => {
      const info = w.channel(ch.channelIdHex);
      return info?.phase === 'normal' && info.canSendMsat > 0;
    });
    return { peer, ch, id: ch.channelIdHex };
  } catch (e) {
    await peer.close();
    throw e;
  }
}
