/**
 * Two LDK PeerManagers connected in memory. Bytes one side hands to `send_data` are queued and
 * fed to the other side's `read_event` by a synchronous pump (no sockets, no timers), so the
 * figures are LDK's own work plus the unavoidable JS<->WASM crossings of its bindings.
 *
 * The benchmark messages travel as a custom Lightning message (CustomMessageHandler +
 * CustomMessageReader): the sender's handler hands them to LDK from `get_and_clear_pending_msg`,
 * LDK encrypts and writes them, the receiver's reader decodes them and its handler counts them.
 */
import * as ldk from 'lightningdevkit';
import {
  BENCH_MESSAGE_TYPE,
  MESSAGE_COUNT,
  benchPayloads,
  isBenchPayload,
  looksLikeBenchPayload,
  type NoiseContender,
  type NoiseRound,
} from './scenario.ts';
import { startStopwatch, type Elapsed } from '../timing.ts';

/**
 * A benchmark message as an LDK `Type` (a JS object LDK calls back into for its id and bytes).
 *
 * The bindings register every JS-implemented trait object in a global array that never shrinks
 * and is scanned linearly on each registration, so a fresh `Type` per message makes each message
 * cost more than the last (quadratic over a process). To measure LDK rather than that registry,
 * the sender's 1,000 messages are created once and reused every round, and the reader returns one
 * shared marker `Type` per node for every message it decoded (the payload itself is checked and
 * counted in `read`).
 */
function benchMessage(payload: Uint8Array, description: string): ldk.Type {
  return ldk.Type.new_impl({
    type_id: () => BENCH_MESSAGE_TYPE,
    debug_str: () => description,
    write: () => payload,
  });
}

/** The custom-message side of one node: what to send next, what arrived. */
class BenchMessageEndpoint {
  connectedPeer: Uint8Array | null = null;
  messagesToSend = 0;
  decoded = 0;
  handled = 0;
  rejected = 0;
  keepPayloads = false;
  readonly keptPayloads: Uint8Array[] = [];

  readonly handler: ldk.CustomMessageHandler;
  private readonly outgoingMessages = benchPayloads().map((payload) => benchMessage(payload, 'bench message (sent)'));
  private readonly receivedMarker = benchMessage(new Uint8Array(0), 'bench message (received)');

  constructor() {
    this.handler = ldk.CustomMessageHandler.new_impl(
      {
        handle_custom_message: (_message, _sender) => {
          this.handled++;
          return ldk.Result_NoneLightningErrorZ.constructor_ok();
        },
        get_and_clear_pending_msg: () => this.takeOutgoing(),
        peer_disconnected: (_peer) => {
          this.connectedPeer = null;
        },
        peer_connected: (peer, _init, _inbound) => {
          this.connectedPeer = peer;
          return ldk.Result_NoneNoneZ.constructor_ok();
        },
        provided_node_features: () => ldk.NodeFeatures.constructor_empty(),
        provided_init_features: (_peer) => ldk.InitFeatures.constructor_empty(),
      },
      {
        read: (messageType, buffer) => this.read(messageType, buffer),
      },
    );
  }

  resetCounters(): void {
    this.decoded = 0;
    this.handled = 0;
    this.rejected = 0;
    this.keptPayloads.length = 0;
  }

  private read(messageType: number, buffer: Uint8Array): ldk.Result_COption_TypeZDecodeErrorZ {
    // The bindings hand the u16 message type over as a signed 16-bit number.
    if ((messageType & 0xffff) !== BENCH_MESSAGE_TYPE) {
      return ldk.Result_COption_TypeZDecodeErrorZ.constructor_ok(ldk.Option_TypeZ.constructor_none());
    }
    if (!looksLikeBenchPayload(buffer)) {
      this.rejected++;
      return ldk.Result_COption_TypeZDecodeErrorZ.constructor_err(ldk.DecodeError.constructor_invalid_value());
    }
    this.decoded++;
    if (this.keepPayloads) this.keptPayloads.push(buffer);
    return ldk.Result_COption_TypeZDecodeErrorZ.constructor_ok(ldk.Option_TypeZ.constructor_some(this.receivedMarker));
  }

  private takeOutgoing(): ldk.TwoTuple_PublicKeyTypeZ[] {
    const peer = this.connectedPeer;
    if (peer === null || this.messagesToSend === 0) return [];
    const outgoing: ldk.TwoTuple_PublicKeyTypeZ[] = [];
    for (let i = 0; i < this.messagesToSend; i++) {
      outgoing.push(ldk.TwoTuple_PublicKeyTypeZ.constructor_new(peer, this.outgoingMessages[i]!));
    }
    this.messagesToSend = 0;
    return outgoing;
  }
}

/** One LDK node reduced to what a connection needs: keys, a PeerManager and the custom handler. */
class LdkPeer {
  readonly peerManager: ldk.PeerManager;
  readonly nodeId: Uint8Array;
  readonly endpoint = new BenchMessageEndpoint();
  logRecords = 0;

  constructor(seedByte: number) {
    const nowMs = Date.now();
    const keys = ldk.KeysManager.constructor_new(
      new Uint8Array(32).fill(seedByte),
      BigInt(Math.floor(nowMs / 1000)),
      (nowMs % 1000) * 1_000_000,
    );
    const logger = ldk.Logger.new_impl({
      log: (_record) => {
        this.logRecords++;
      },
    });
    const ignoring = ldk.IgnoringMessageHandler.constructor_new();
    this.peerManager = ldk.PeerManager.constructor_new(
      ldk.ErroringMessageHandler.constructor_new().as_ChannelMessageHandler(),
      ignoring.as_RoutingMessageHandler(),
      ignoring.as_OnionMessageHandler(),
      this.endpoint.handler,
      Math.floor(nowMs / 1000),
      keys.as_EntropySource().get_secure_random_bytes(),
      logger,
      keys.as_NodeSigner(),
    );
    const nodeId = keys.as_NodeSigner().get_node_id(ldk.Recipient.LDKRecipient_Node);
    if (!(nodeId instanceof ldk.Result_PublicKeyNoneZ_OK)) throw new Error('LDK: no node id');
    this.nodeId = nodeId.res;
  }
}

let nextSocketId = 1n;

/** One end of the in-memory connection: a SocketDescriptor plus the bytes waiting for this end. */
class MemorySocketEnd {
  readonly descriptor: ldk.SocketDescriptor;
  readonly inbox: Uint8Array[] = [];
  private inboxRead = 0;
  remote: MemorySocketEnd | null = null;
  closed = false;

  constructor(readonly owner: LdkPeer) {
    const id = nextSocketId++;
    this.descriptor = ldk.SocketDescriptor.new_impl({
      send_data: (data, _resumeRead) => {
        if (this.closed || this.remote === null) return 0;
        this.remote.inbox.push(data); // the bindings already copied `data` out of WASM memory
        return data.length;
      },
      disconnect_socket: () => {
        this.closed = true;
      },
      eq: (other) => other.hash() === id,
      hash: () => id,
    });
  }

  get hasPending(): boolean {
    return this.inboxRead < this.inbox.length;
  }

  /** Feeds everything queued for this end to its PeerManager, then lets it process events. */
  drainIntoOwner(): void {
    const peerManager = this.owner.peerManager;
    while (this.inboxRead < this.inbox.length) {
      const result = peerManager.read_event(this.descriptor, this.inbox[this.inboxRead++]!);
      if (!(result instanceof ldk.Result_boolPeerHandleErrorZ_OK)) throw new Error('LDK read_event failed');
      if (result.res) throw new Error('LDK asked to pause reading; the benchmark does not model back-pressure');
    }
    this.inbox.length = 0;
    this.inboxRead = 0;
    peerManager.process_events();
  }
}

interface MemoryConnection {
  outbound: MemorySocketEnd;
  inbound: MemorySocketEnd;
  ends: MemorySocketEnd[];
}

/** Delivers queued bytes both ways until `done()` holds; throws if the exchange stalls. */
function pumpUntil(ends: readonly MemorySocketEnd[], done: () => boolean): void {
  while (!done()) {
    let progressed = false;
    for (const end of ends) {
      if (end.hasPending) {
        end.drainIntoOwner();
        progressed = true;
      }
    }
    if (!progressed) {
      for (const end of ends) end.owner.peerManager.process_events();
      if (!ends.some((end) => end.hasPending) && !done()) throw new Error('LDK in-memory exchange stalled');
    }
  }
}

export class LdkNoiseContender implements NoiseContender {
  readonly name = 'LDK PeerManager';
  private readonly initiator = new LdkPeer(1);
  private readonly responder = new LdkPeer(2);

  runRound(): NoiseRound {
    return this.round(false);
  }

  verifyOnce(): void {
    this.round(true);
    const kept = this.responder.endpoint.keptPayloads;
    if (kept.length !== MESSAGE_COUNT || !kept.every((payload, index) => isBenchPayload(payload, index))) {
      throw new Error('LDK: received payloads differ from those sent');
    }
  }

  /** Log records LDK emitted in total (the logger discards them; counted to show it is not idle). */
  get logRecords(): number {
    return this.initiator.logRecords + this.responder.logRecords;
  }

  runHandshake(): Elapsed {
    const stop = startStopwatch();
    const connection = this.connect();
    const elapsed = stop();
    this.disconnect(connection);
    return elapsed;
  }

  /** New socket pair, LDK handshake and init exchange, pumped until both handlers saw the peer connect. */
  private connect(): MemoryConnection {
    const { initiator, responder } = this;
    const outbound = new MemorySocketEnd(initiator);
    const inbound = new MemorySocketEnd(responder);
    outbound.remote = inbound;
    inbound.remote = outbound;
    const ends = [outbound, inbound];
    const accepted = responder.peerManager.new_inbound_connection(inbound.descriptor, ldk.Option_SocketAddressZ.constructor_none());
    if (!accepted.is_ok()) throw new Error('LDK new_inbound_connection failed');
    const actOne = initiator.peerManager.new_outbound_connection(
      responder.nodeId,
      outbound.descriptor,
      ldk.Option_SocketAddressZ.constructor_none(),
    );
    if (!(actOne instanceof ldk.Result_CVec_u8ZPeerHandleErrorZ_OK)) throw new Error('LDK new_outbound_connection failed');
    inbound.inbox.push(actOne.res);
    pumpUntil(ends, () => initiator.endpoint.connectedPeer !== null && responder.endpoint.connectedPeer !== null);
    return { outbound, inbound, ends };
  }

  private disconnect({ outbound, inbound }: MemoryConnection): void {
    this.initiator.peerManager.socket_disconnected(outbound.descriptor);
    this.responder.peerManager.socket_disconnected(inbound.descriptor);
    if (this.initiator.endpoint.connectedPeer !== null || this.responder.endpoint.connectedPeer !== null) {
      throw new Error('LDK: peers did not disconnect');
    }
  }

  private round(keepPayloads: boolean): NoiseRound {
    const sender = this.initiator.endpoint;
    const receiver = this.responder.endpoint;
    receiver.resetCounters();
    receiver.keepPayloads = keepPayloads;

    const stopHandshake = startStopwatch();
    const connection = this.connect();
    const handshake = stopHandshake();

    const stopMessages = startStopwatch();
    sender.messagesToSend = MESSAGE_COUNT;
    this.initiator.peerManager.process_events();
    pumpUntil(connection.ends, () => receiver.handled >= MESSAGE_COUNT);
    const messages = stopMessages();

    if (receiver.decoded !== MESSAGE_COUNT || receiver.handled !== MESSAGE_COUNT || receiver.rejected !== 0) {
      throw new Error(`LDK: ${receiver.decoded} decoded, ${receiver.handled} handled, ${receiver.rejected} rejected`);
    }
    this.disconnect(connection);
    return { handshake, messages };
  }
}
