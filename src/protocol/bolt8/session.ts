/**
 * A BOLT 8 connection as a pure state machine over bytes: feed it whatever chunks the network
 * delivers (handshake acts and transport frames, split or coalesced anyhow) and send what it says.
 */
import { DecodeError, fail } from '../codec/errors.ts';
import { CipherState } from './cipher-state.ts';
import { encryptFrame, FrameDecoder } from './frames.ts';
import {
  ACT_ONE_LENGTH,
  ACT_THREE_LENGTH,
  ACT_TWO_LENGTH,
  initiatorHandshake,
  responderHandshake,
  type InitiatorActOne,
  type ResponderActTwo,
  type ResponderAwaitingActOne,
  type TransportKeys,
} from './handshake.ts';

export interface FeedResult {
  /** Handshake bytes to send to the peer, in order, before anything from `encrypt` (act two or act three). */
  send: Uint8Array<ArrayBuffer>[];
  /** Lightning messages completed by this chunk, decrypted. */
  messages: Uint8Array[];
  /** Whether the handshake is complete, so `encrypt` may be used. */
  ready: boolean;
}

export interface InitiatorOptions {
  localSecret: Uint8Array;
  /** The responder's node id (33-byte compressed key), known in advance in Noise_XK. */
  remotePubkey: Uint8Array;
  /** A fresh random secret for this connection only. */
  ephemeralSecret: Uint8Array;
}

export interface ResponderOptions {
  localSecret: Uint8Array;
  ephemeralSecret: Uint8Array;
}

type Phase =
  | { kind: 'awaiting act two'; handshake: InitiatorActOne }
  | { kind: 'awaiting act one'; handshake: ResponderAwaitingActOne }
  | { kind: 'awaiting act three'; handshake: ResponderActTwo }
  | { kind: 'transport'; sender: CipherState; frames: FrameDecoder }
  | { kind: 'failed'; error: DecodeError };

type HandshakePhase = Exclude<Phase, { kind: 'transport' | 'failed' }>;

const ACT_LENGTH: Record<HandshakePhase['kind'], number> = {
  'awaiting act one': ACT_ONE_LENGTH,
  'awaiting act two': ACT_TWO_LENGTH,
  'awaiting act three': ACT_THREE_LENGTH,
};

/**
 * Any protocol violation throws DecodeError and leaves the session failed: every later call
 * throws a DecodeError with the same code.
 */
export class NoiseSession {
  private act = new Uint8Array(0);
  private actFilled = 0;

  private constructor(
    private phase: Phase,
    private remote: Uint8Array | undefined,
  ) {}

  /** Starts an outgoing connection; `actOne` must be sent before anything is fed. */
  static initiator(options: InitiatorOptions): { session: NoiseSession; actOne: Uint8Array<ArrayBuffer> } {
    const handshake = initiatorHandshake(options.localSecret, options.remotePubkey, options.ephemeralSecret);
    const session = new NoiseSession({ kind: 'awaiting act two', handshake }, options.remotePubkey);
    return { session, actOne: handshake.actOne };
  }

  /** Accepts an incoming connection; the initiator's node id is known once `ready`. */
  static responder(options: ResponderOptions): NoiseSession {
    return new NoiseSession({ kind: 'awaiting act one', handshake: responderHandshake(options.localSecret, options.ephemeralSecret) }, undefined);
  }

  get ready(): boolean {
    return this.phase.kind === 'transport';
  }

  /** The peer's node id: given to an initiator, learnt by a responder in act three. */
  get remotePubkey(): Uint8Array | undefined {
    return this.remote;
  }

  feed(chunk: Uint8Array): FeedResult {
    return this.guard(() => {
      const send: Uint8Array<ArrayBuffer>[] = [];
      const messages: Uint8Array[] = [];
      const consumed = this.feedHandshake(chunk, send);
      if (this.phase.kind === 'transport' && consumed < chunk.length) {
        this.phase.frames.feed(consumed === 0 ? chunk : chunk.subarray(consumed), messages);
      }
      return { send, messages, ready: this.ready };
    });
  }

  /** Encrypts one message (at most 65535 bytes, else RangeError) into the bytes to send. */
  encrypt(message: Uint8Array): Uint8Array<ArrayBuffer> {
    const phase = this.phase;
    if (phase.kind === 'failed') throw this.failedError(phase.error);
    if (phase.kind !== 'transport') throw new Error('BOLT 8 handshake is not complete yet');
    return encryptFrame(phase.sender, message);
  }

  /** Declares the end of the incoming stream; throws DecodeError('truncated') if it stopped mid-act or mid-frame. */
  end(): void {
    this.guard(() => {
      const phase = this.phase;
      if (phase.kind === 'transport') {
        if (!phase.frames.atBoundary) fail('truncated', 'stream ended inside a message frame');
      } else if (phase.kind !== 'failed') {
        fail('truncated', `stream ended ${phase.kind} (${this.actFilled} of ${ACT_LENGTH[phase.kind]} bytes received)`);
      }
    });
  }

  private guard<T>(run: () => T): T {
    const phase = this.phase;
    if (phase.kind === 'failed') throw this.failedError(phase.error);
    try {
      return run();
    } catch (e) {
      if (e instanceof DecodeError) this.phase = { kind: 'failed', error: e };
      throw e;
    }
  }

  private failedError(cause: DecodeError): DecodeError {
    return new DecodeError(cause.code, `BOLT 8 session is unusable after an earlier failure: ${cause.message}`);
  }

  /** Consumes handshake acts from the start of `chunk`; returns how many bytes were used. */
  private feedHandshake(chunk: Uint8Array, send: Uint8Array<ArrayBuffer>[]): number {
    let pos = 0;
    while (pos < chunk.length) {
      const phase = this.phase;
      if (phase.kind === 'transport' || phase.kind === 'failed') break;
      const length = ACT_LENGTH[phase.kind];
      if (this.actFilled === 0) this.act = new Uint8Array(length);
      const take = Math.min(length - this.actFilled, chunk.length - pos);
      this.act.set(chunk.subarray(pos, pos + take), this.actFilled);
      this.actFilled += take;
      pos += take;
      if (this.actFilled < length) break;
      this.actFilled = 0;
      this.completeAct(phase, this.act, send);
    }
    return pos;
  }

  private completeAct(phase: HandshakePhase, act: Uint8Array, send: Uint8Array<ArrayBuffer>[]): void {
    switch (phase.kind) {
      case 'awaiting act one': {
        const next = phase.handshake.receiveActOne(act);
        send.push(next.actTwo);
        this.phase = { kind: 'awaiting act three', handshake: next };
        return;
      }
      case 'awaiting act two': {
        const { actThree, keys } = phase.handshake.receiveActTwo(act);
        send.push(actThree);
        this.startTransport(keys);
        return;
      }
      case 'awaiting act three': {
        const { remotePubkey, keys } = phase.handshake.receiveActThree(act);
        this.remote = remotePubkey;
        this.startTransport(keys);
        return;
      }
    }
  }

  private startTransport(keys: TransportKeys): void {
    this.phase = {
      kind: 'transport',
      sender: new CipherState(keys.sendingKey, keys.chainingKey),
      frames: new FrameDecoder(new CipherState(keys.receivingKey, keys.chainingKey)),
    };
  }
}
