/**
 * Our BOLT 8 transport (src/protocol/bolt8 NoiseSession): an initiator and a responder in memory.
 * Every frame is handed to the receiver as its own chunk, as LDK's `send_data` hands them over,
 * and each side sends and decodes a BOLT 1 `init` after the handshake, as LDK does before it lets
 * any other message through.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { init } from '../../src/protocol/bolt1/messages.ts';
import { NoiseSession } from '../../src/protocol/bolt8/index.ts';
import { FeatureVector } from '../../src/protocol/features/features.ts';
import { startStopwatch, type Elapsed } from '../timing.ts';
import {
  BENCH_MESSAGE_TYPE,
  MESSAGE_COUNT,
  PAYLOAD_LENGTH,
  benchPayloads,
  isBenchPayload,
  looksLikeBenchPayload,
  type NoiseContender,
  type NoiseRound,
} from './scenario.ts';

/** The init features LDK 0.1 announces (seen in its log), so both sides encode the same init. */
const LDK_INIT_FEATURES = FeatureVector.fromBytes(Uint8Array.of(34, 162, 10, 10, 0, 160, 8));

/** Decodes the peer's init (type, features, TLVs); throws if what arrived is anything else. */
function expectInit(messages: Uint8Array[]): void {
  const [message] = messages;
  if (messages.length !== 1 || message === undefined) throw new Error(`ours: expected one init, got ${messages.length} messages`);
  const type = (message[0]! << 8) | message[1]!;
  if (type !== init.typeNumber) throw new Error(`ours: expected init, got type ${type}`);
  init.decodePayload(message.subarray(2));
}

function only(chunks: Uint8Array[], what: string): Uint8Array {
  const [chunk] = chunks;
  if (chunks.length !== 1 || chunk === undefined) throw new Error(`ours: expected ${what}, got ${chunks.length} chunks`);
  return chunk;
}

export class OursNoiseContender implements NoiseContender {
  readonly name = 'ours (src/protocol/bolt8)';
  private readonly initiatorSecret = secp256k1.utils.randomSecretKey();
  private readonly responderSecret = secp256k1.utils.randomSecretKey();
  private readonly responderNodeId = secp256k1.getPublicKey(this.responderSecret, true);

  runRound(): NoiseRound {
    return this.round(undefined);
  }

  runHandshake(): Elapsed {
    const stop = startStopwatch();
    const { initiator, responder } = this.connect();
    const elapsed = stop();
    if (!initiator.ready || !responder.ready) throw new Error('ours: handshake did not complete');
    return elapsed;
  }

  verifyOnce(): void {
    const kept: Uint8Array[] = [];
    this.round(kept);
    if (kept.length !== MESSAGE_COUNT || !kept.every((payload, index) => isBenchPayload(payload, index))) {
      throw new Error('ours: received payloads differ from those sent');
    }
  }

  /** Handshake (three acts, then init both ways) between fresh sessions with fresh ephemeral keys. */
  private connect(): { initiator: NoiseSession; responder: NoiseSession } {
    const { session: initiator, actOne } = NoiseSession.initiator({
      localSecret: this.initiatorSecret,
      remotePubkey: this.responderNodeId,
      ephemeralSecret: secp256k1.utils.randomSecretKey(),
    });
    const responder = NoiseSession.responder({
      localSecret: this.responderSecret,
      ephemeralSecret: secp256k1.utils.randomSecretKey(),
    });
    const actTwo = only(responder.feed(actOne).send, 'act two');
    const actThree = only(initiator.feed(actTwo).send, 'act three');
    responder.feed(actThree);
    if (!initiator.ready || !responder.ready) throw new Error('ours: handshake did not complete');

    const initiatorInit = initiator.encrypt(init.encode({ globalfeatures: FeatureVector.empty, features: LDK_INIT_FEATURES }));
    const responderInit = responder.encrypt(init.encode({ globalfeatures: FeatureVector.empty, features: LDK_INIT_FEATURES }));
    expectInit(responder.feed(initiatorInit).messages);
    expectInit(initiator.feed(responderInit).messages);
    return { initiator, responder };
  }

  private round(keptPayloads: Uint8Array[] | undefined): NoiseRound {
    const stopHandshake = startStopwatch();
    const { initiator, responder } = this.connect();
    const handshake = stopHandshake();

    const stopMessages = startStopwatch();
    const payloads = benchPayloads();
    const wire: Uint8Array[] = [];
    for (let i = 0; i < MESSAGE_COUNT; i++) {
      const message = new Uint8Array(2 + PAYLOAD_LENGTH);
      message[0] = BENCH_MESSAGE_TYPE >>> 8;
      message[1] = BENCH_MESSAGE_TYPE & 0xff;
      message.set(payloads[i]!, 2);
      wire.push(initiator.encrypt(message));
    }
    let received = 0;
    for (const frame of wire) {
      for (const message of responder.feed(frame).messages) {
        const type = (message[0]! << 8) | message[1]!;
        const payload = message.subarray(2);
        if (type !== BENCH_MESSAGE_TYPE || !looksLikeBenchPayload(payload)) throw new Error('ours: unexpected message');
        received++;
        keptPayloads?.push(payload);
      }
    }
    const messages = stopMessages();
    if (received !== MESSAGE_COUNT) throw new Error(`ours: ${received} of ${MESSAGE_COUNT} messages arrived`);
    return { handshake, messages };
  }
}
