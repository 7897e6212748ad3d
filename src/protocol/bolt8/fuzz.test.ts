import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { CipherState } from './cipher-state.ts';
import { encryptFrame, FrameDecoder } from './frames.ts';
import { initiatorHandshake, responderHandshake } from './handshake.ts';
import { NoiseSession } from './session.ts';
import { initiatorKeys, initiatorVector, responderKeys, responderVector, stepData, vectors } from './test-vectors.ts';

const actOne = stepData(responderVector, 'Act One', 'input');
const actTwo = stepData(initiatorVector, 'Act Two', 'input');
const actThree = stepData(responderVector, 'Act Three', 'input');

/**
 * Random bytes and mutations of a valid act. Random-heavy because a mutation that keeps the
 * version and length costs an ECDH, milliseconds each, and 10,000 cases must stay quick.
 */
const actInputs = (valid: Uint8Array, randomWeight: number) =>
  fc.oneof(
    { arbitrary: fc.uint8Array({ maxLength: 2 * valid.length }), weight: randomWeight },
    { arbitrary: mutationsOf([valid]), weight: 1 },
  );

/** Feeds `bytes` in chunks of 1, 2, ... 17 bytes, cycling, to exercise reassembly. */
function inChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = (i % 17) + 1;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('BOLT 8 fuzzing: malformed input only ever throws DecodeError', () => {
  it('act one, into a responder', () => {
    const responder = responderHandshake(responderKeys.localSecret, responderKeys.ephemeralSecret);
    assertOnlyDecodeErrors(
      actInputs(actOne, 9),
      (bytes) => responder.receiveActOne(bytes),
      (_result, input) => expect(hex(input)).toBe(hex(actOne)),
    );
  });

  it('act two, into an initiator that sent act one', () => {
    const initiator = initiatorHandshake(initiatorKeys.localSecret, initiatorKeys.remotePubkey, initiatorKeys.ephemeralSecret);
    assertOnlyDecodeErrors(
      actInputs(actTwo, 9),
      (bytes) => initiator.receiveActTwo(bytes),
      (_result, input) => expect(hex(input)).toBe(hex(actTwo)),
    );
  });

  it('act three, into a responder that sent act two', () => {
    const responder = responderHandshake(responderKeys.localSecret, responderKeys.ephemeralSecret).receiveActOne(actOne);
    assertOnlyDecodeErrors(
      actInputs(actThree, 4),
      (bytes) => responder.receiveActThree(bytes),
      (_result, input) => expect(hex(input)).toBe(hex(actThree)),
    );
  });

  it('transport frames, into a fresh frame decoder', () => {
    const { sk, ck } = vectors.message_test;
    const cipher = () => new CipherState(fromHex(sk), fromHex(ck));
    const sent = [new Uint8Array(0), fromHex(vectors.message_test.plaintext), new Uint8Array(300).fill(7)];
    const sender = cipher();
    const stream = concat(...sent.map((m) => encryptFrame(sender, m)));
    const decode = (chunks: Uint8Array[]) => {
      const decoder = new FrameDecoder(cipher());
      const out: Uint8Array[] = [];
      try {
        for (const chunk of chunks) decoder.feed(chunk, out);
      } catch (e) {
        if (e instanceof DecodeError) return { error: e, messages: out.map(hex) };
        throw e;
      }
      return { error: undefined, messages: out.map(hex) };
    };
    assertOnlyDecodeErrors(
      fc.oneof(fc.uint8Array({ maxLength: 400 }), mutationsOf([stream])),
      (bytes) => {
        const whole = decode([bytes]);
        // However the bytes are chunked, the outcome is the same.
        expect(decode(inChunks(bytes))).toEqual(whole);
        if (whole.error) throw whole.error;
        return whole.messages;
      },
      // Whatever decodes must be the genuine messages, in order.
      (messages) => expect(messages).toEqual(sent.slice(0, messages.length).map(hex)),
    );
  });

  it('chunked garbage, into a fresh responder session', () => {
    assertOnlyDecodeErrors(
      fc.uint8Array({ maxLength: 300 }),
      (bytes) => {
        const session = NoiseSession.responder(responderKeys);
        for (const chunk of inChunks(bytes)) session.feed(chunk);
        session.end();
      },
      () => expect.unreachable('random bytes completed a handshake'),
    );
  });
});
