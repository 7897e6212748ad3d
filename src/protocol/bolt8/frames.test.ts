import { describe, expect, it } from 'vitest';
import { equal, fromHex, hex } from '../codec/bytes.ts';
import { CipherState } from './cipher-state.ts';
import { encryptFrame, FrameDecoder, MAX_MESSAGE_LENGTH } from './frames.ts';
import { NoiseSession } from './session.ts';
import { expectDecodeError, initiatorKeys, initiatorVector, responderKeys, vectors } from './test-vectors.ts';

const messageTest = vectors.message_test;
const plaintext = fromHex(messageTest.plaintext);
const lastIndex = Math.max(...messageTest.outputs.map((o) => o.index));
const sendingState = () => new CipherState(fromHex(messageTest.sk), fromHex(messageTest.ck));

describe('BOLT 8 message encryption vectors (two key rotations)', () => {
  it('encrypts every listed message to the exact wire bytes', () => {
    const sender = sendingState();
    const frames = Array.from({ length: lastIndex + 1 }, () => encryptFrame(sender, plaintext));
    for (const { index, output } of messageTest.outputs) expect(hex(frames[index]!)).toBe(output);
  });

  it('decrypts the same stream back, across both rotations', () => {
    const sender = sendingState();
    const frames: Uint8Array[] = Array.from({ length: lastIndex + 1 }, () => encryptFrame(sender, plaintext));
    for (const { index, output } of messageTest.outputs) frames[index] = fromHex(output);
    const decoder = new FrameDecoder(sendingState());
    for (const frame of frames) {
      const out: Uint8Array[] = [];
      decoder.feed(frame, out);
      expect(out.map(hex)).toEqual([messageTest.plaintext]);
    }
    expect(decoder.atBoundary).toBe(true);
  });

  it('a session that completed the vector handshake sends the vector messages', () => {
    expect(initiatorVector.final_keys!.sk).toBe(messageTest.sk);
    const { session, actOne } = NoiseSession.initiator(initiatorKeys);
    const responder = NoiseSession.responder(responderKeys);
    const [actTwo] = responder.feed(actOne).send;
    const [actThree] = session.feed(actTwo!).send;
    responder.feed(actThree!);
    const frames = Array.from({ length: lastIndex + 1 }, () => session.encrypt(plaintext));
    for (const { index, output } of messageTest.outputs) {
      expect(hex(frames[index]!)).toBe(output);
    }
    expect(responder.feed(frames[0]!).messages.map(hex)).toEqual([messageTest.plaintext]);
  });
});

describe('BOLT 8 frames', () => {
  it('round-trips empty and maximum-length messages', () => {
    const sender = sendingState();
    const decoder = new FrameDecoder(sendingState());
    const big = new Uint8Array(MAX_MESSAGE_LENGTH).map((_, i) => i);
    const out: Uint8Array[] = [];
    decoder.feed(encryptFrame(sender, new Uint8Array(0)), out);
    decoder.feed(encryptFrame(sender, big), out);
    expect(out.map((m) => m.length)).toEqual([0, MAX_MESSAGE_LENGTH]);
    expect(equal(out[1]!, big)).toBe(true);
  });

  it('refuses to encrypt more than 65535 bytes without consuming a nonce', () => {
    const sender = sendingState();
    expect(() => encryptFrame(sender, new Uint8Array(MAX_MESSAGE_LENGTH + 1))).toThrow(RangeError);
    expect(hex(encryptFrame(sender, plaintext))).toBe(messageTest.outputs.find((o) => o.index === 0)!.output);
  });

  it('rejects a tampered length or body with bad_mac', () => {
    const frame = encryptFrame(sendingState(), plaintext);
    for (const at of [0, frame.length - 1]) {
      const tampered = frame.slice();
      tampered[at]! ^= 1;
      expectDecodeError(() => new FrameDecoder(sendingState()).feed(tampered, []), 'bad_mac');
    }
  });

  it('does not keep or alter the caller chunk', () => {
    const sender = sendingState();
    const two = [encryptFrame(sender, plaintext), encryptFrame(sender, plaintext)];
    const chunk = new Uint8Array(two[0]!.length + 10);
    chunk.set(two[0]!);
    chunk.set(two[1]!.subarray(0, 10), two[0]!.length);
    const before = chunk.slice();
    const decoder = new FrameDecoder(sendingState());
    const out: Uint8Array[] = [];
    decoder.feed(chunk, out);
    expect(chunk).toEqual(before);
    chunk.fill(0);
    decoder.feed(two[1]!.subarray(10), out);
    expect(out.map(hex)).toEqual([messageTest.plaintext, messageTest.plaintext]);
  });
});
