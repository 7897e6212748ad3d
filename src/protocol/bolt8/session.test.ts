import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hex } from '../codec/bytes.ts';
import { NoiseSession } from './session.ts';
import { expectDecodeError, initiatorKeys, initiatorVector, responderKeys } from './test-vectors.ts';

/** Splits `stream` at the given cut points (any values; they are reduced modulo the length). */
function splitAt(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, stream.length]) {
    chunks.push(stream.subarray(start, point));
    start = point;
  }
  return chunks;
}

function handshake() {
  const { session: initiator, actOne } = NoiseSession.initiator(initiatorKeys);
  const responder = NoiseSession.responder(responderKeys);
  const [actTwo] = responder.feed(actOne).send;
  const [actThree] = initiator.feed(actTwo!).send;
  return { initiator, responder, actOne, actTwo: actTwo!, actThree: actThree! };
}

function feedAll(session: NoiseSession, chunks: Uint8Array[]) {
  const send: Uint8Array[] = [];
  const messages: Uint8Array[] = [];
  for (const chunk of chunks) {
    const result = session.feed(chunk);
    send.push(...result.send);
    messages.push(...result.messages);
  }
  return { send, messages };
}

const messagesArb = fc.array(fc.uint8Array({ maxLength: 1500 }), { minLength: 1, maxLength: 20 });
const cutsArb = fc.array(fc.nat(), { maxLength: 60 });

describe('NoiseSession streaming', () => {
  // The handshake is deterministic (fixed keys), so every run can replay the same acts.
  const acts = handshake();

  it('decodes handshake acts and messages however the stream is chunked (initiator → responder)', () => {
    fc.assert(
      fc.property(messagesArb, cutsArb, (messages, cuts) => {
        const { session: initiator } = NoiseSession.initiator(initiatorKeys);
        initiator.feed(acts.actTwo);
        const stream = concat(acts.actOne, acts.actThree, ...messages.map((m) => initiator.encrypt(m)));
        const responder = NoiseSession.responder(responderKeys);
        const out = feedAll(responder, splitAt(stream, cuts));
        expect(out.send.map(hex)).toEqual([hex(acts.actTwo)]);
        expect(out.messages.map(hex)).toEqual(messages.map(hex));
        expect(responder.ready).toBe(true);
        expect(hex(responder.remotePubkey!)).toBe(initiatorVector.ls_pub);
        responder.end();
      }),
      { numRuns: 25 },
    );
  });

  it('decodes act two and messages however the stream is chunked (responder → initiator)', () => {
    fc.assert(
      fc.property(messagesArb, cutsArb, (messages, cuts) => {
        const responder = NoiseSession.responder(responderKeys);
        responder.feed(concat(acts.actOne, acts.actThree));
        const stream = concat(acts.actTwo, ...messages.map((m) => responder.encrypt(m)));
        const { session: initiator } = NoiseSession.initiator(initiatorKeys);
        const out = feedAll(initiator, splitAt(stream, cuts));
        expect(out.send.map(hex)).toEqual([hex(acts.actThree)]);
        expect(out.messages.map(hex)).toEqual(messages.map(hex));
        initiator.end();
      }),
      { numRuns: 25 },
    );
  });

  it('stays in step across key rotations with random chunking both ways', () => {
    const { initiator, responder, actThree } = handshake();
    responder.feed(actThree);
    const count = 1100; // past the second rotation of each key (every 500 messages)
    const messages = Array.from({ length: count }, (_, i) => new Uint8Array(i % 300).fill(i & 0xff));
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 200, maxLength: 2000 }), (cuts) => {
        const forward = feedAll(responder, splitAt(concat(...messages.map((m) => initiator.encrypt(m))), cuts));
        const backward = feedAll(initiator, splitAt(concat(...messages.map((m) => responder.encrypt(m))), cuts));
        expect(forward.messages.map(hex)).toEqual(messages.map(hex));
        expect(backward.messages.map(hex)).toEqual(messages.map(hex));
      }),
      { numRuns: 2 },
    );
  });
});

describe('NoiseSession misuse and failures', () => {
  it('refuses to encrypt before the handshake completes, without failing the session', () => {
    const { session } = NoiseSession.initiator(initiatorKeys);
    expect(() => session.encrypt(new Uint8Array(1))).toThrow(/not complete/);
    expect(session.feed(new Uint8Array(0))).toEqual({ send: [], messages: [], ready: false });
  });

  it('rejects invalid caller keys with RangeError, before any I/O', () => {
    const uncompressed = Uint8Array.of(4, ...initiatorKeys.remotePubkey.subarray(1));
    expect(() => NoiseSession.initiator({ ...initiatorKeys, remotePubkey: uncompressed })).toThrow(RangeError);
    expect(() => NoiseSession.initiator({ ...initiatorKeys, ephemeralSecret: new Uint8Array(32) })).toThrow(RangeError);
    expect(() => NoiseSession.responder({ ...responderKeys, localSecret: new Uint8Array(31) })).toThrow(RangeError);
  });

  it('reports a stream that ends mid-frame as truncated', () => {
    const { responder, initiator, actThree } = handshake();
    responder.feed(actThree);
    const frame = initiator.encrypt(Uint8Array.of(1, 2, 3));
    responder.feed(frame.subarray(0, 20));
    expectDecodeError(() => responder.end(), 'truncated');
    expectDecodeError(() => responder.feed(frame.subarray(20)), 'truncated');
  });

  it('fails for good on a bad MAC, even for bytes that would have been valid', () => {
    const { responder, initiator, actThree } = handshake();
    responder.feed(actThree);
    const frame = initiator.encrypt(Uint8Array.of(1, 2, 3));
    const tampered = frame.slice();
    tampered[25]! ^= 0x80;
    expectDecodeError(() => responder.feed(tampered), 'bad_mac');
    expectDecodeError(() => responder.feed(frame), 'bad_mac');
    expectDecodeError(() => responder.encrypt(Uint8Array.of(1)), 'bad_mac');
  });

  it('a responder rejects an initiator that expected a different node id', () => {
    const { actOne } = NoiseSession.initiator({ ...initiatorKeys, remotePubkey: fromHex(initiatorVector.ls_pub) });
    const responder = NoiseSession.responder(responderKeys);
    expectDecodeError(() => responder.feed(actOne), 'bad_mac');
  });
});
