/**
 * A scripted Lightning peer for the hostile-peer tests: the peer layer's ScriptedServer (a `ws`
 * server on 127.0.0.1 running the responder side of BOLT 8) under a node identity of its own.
 * Every connection exchanges `init`, answers pings, and hands the test every other message in
 * order, decoded with the wire registry. The test decides what to send: well-formed messages, raw
 * bytes inside the encrypted stream, or garbage outside it.
 */
import { encodeInvoice } from '../../protocol/bolt11/index.ts';
import { sha256 } from '../../protocol/crypto/index.ts';
import { FeatureVector } from '../../protocol/features/features.ts';
import { NETWORKS } from '../../protocol/networks.ts';
import { LightningKeys, type ChannelKeys } from '../../engine/keys/lightning-keys.ts';
import { ScriptedServer, type ScriptedPeer } from '../../engine/peer/test-support.ts';

/** One live connection from the wallet, driven by the test. */
export type HostileConnection = ScriptedPeer;

/** What the scripted peer announces: the features the wallet requires, plus channel types and zero-conf. */
export const HOSTILE_INIT_FEATURES = FeatureVector.of({
  option_data_loss_protect: 'required',
  var_onion_optin: 'required',
  option_static_remotekey: 'required',
  payment_secret: 'required',
  option_channel_type: 'optional',
  option_scid_alias: 'optional',
  option_zeroconf: 'optional',
});

/** A node identity: its keys come from a random seed, as a real node's would. */
export class PeerIdentity {
  readonly keys = LightningKeys.fromSeed(crypto.getRandomValues(new Uint8Array(64)), 'regtest');
  #nextChannel = 0;

  get nodeId(): string {
    return this.keys.nodeId();
  }

  get nodeSecret(): Uint8Array {
    return this.keys.nodeKey().secret;
  }

  /** Keys for this identity's next channel. */
  nextChannelKeys(): ChannelKeys {
    return this.keys.channelKeys(this.#nextChannel++);
  }

  /** A BOLT 11 invoice signed by this node, with its preimage. */
  invoice(amountMsat: bigint, description: string): { bolt11: string; preimage: Uint8Array; paymentHash: Uint8Array } {
    const preimage = crypto.getRandomValues(new Uint8Array(32));
    const paymentHash = sha256(preimage);
    const bolt11 = encodeInvoice(
      {
        network: NETWORKS.regtest,
        amountMsat,
        timestamp: Math.floor(Date.now() / 1000),
        paymentHash,
        paymentSecret: crypto.getRandomValues(new Uint8Array(32)),
        description,
        minFinalCltvExpiryDelta: 18,
        features: FeatureVector.of({ var_onion_optin: 'required', payment_secret: 'required' }),
      },
      this.nodeSecret,
    );
    return { bolt11, preimage, paymentHash };
  }
}

/** The scripted peer's server, under the identity's node key: each connection is handed out once init is exchanged. */
export class HostilePeer {
  private constructor(
    readonly identity: PeerIdentity,
    private readonly server: ScriptedServer,
  ) {}

  static async start(identity: PeerIdentity): Promise<HostilePeer> {
    // Pings are answered and kept out of the stream, so each scenario reads exactly what the wallet chose to send.
    return new HostilePeer(identity, await ScriptedServer.start({ secret: identity.nodeSecret, hidePings: true }));
  }

  get nodeId(): string {
    return this.server.nodeId;
  }

  /** `<node id>@ws://127.0.0.1:<port>`: what the wallet is given to connect. */
  get uri(): string {
    return this.server.uri;
  }

  /** The next connection from the wallet, in order of arrival, once its init is read and ours sent. */
  async nextConnection(timeoutMs = 15_000): Promise<HostileConnection> {
    const connection = await this.server.nextPeer(timeoutMs);
    await connection.handshakeInit(HOSTILE_INIT_FEATURES);
    return connection;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
