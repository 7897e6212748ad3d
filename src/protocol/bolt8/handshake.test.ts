import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../codec/bytes.ts';
import type { DecodeErrorCode } from '../codec/errors.ts';
import { initiatorHandshake, responderHandshake } from './handshake.ts';
import { NoiseSession } from './session.ts';
import {
  expectDecodeError,
  initiatorVector,
  responderVector,
  stepData,
  vectors,
  type HandshakeVector,
} from './test-vectors.ts';

/** How the vector file's error names map onto DecodeError codes. */
const ERROR_CODES: Record<string, DecodeErrorCode> = {
  READ_FAILED: 'truncated',
  BAD_VERSION: 'bad_version',
  BAD_PUBKEY: 'invalid_point',
  BAD_TAG: 'bad_mac',
  BAD_CIPHERTEXT: 'bad_mac',
};

function expectedCode(error: string): DecodeErrorCode {
  const kind = /^ACT\d_([A-Z_]+)/.exec(error)?.[1];
  const code = kind === undefined ? undefined : ERROR_CODES[kind];
  if (code === undefined) throw new Error(`unmapped vector error ${error}`);
  return code;
}

const splitters: [string, (data: Uint8Array) => Uint8Array[]][] = [
  ['in one chunk', (data) => [data]],
  ['byte by byte', (data) => Array.from(data, (_, i) => data.subarray(i, i + 1))],
];

function startSession(vector: HandshakeVector, role: 'initiator' | 'responder') {
  const localSecret = fromHex(vector.ls_priv);
  const ephemeralSecret = fromHex(vector.e_priv);
  if (role === 'responder') return { session: NoiseSession.responder({ localSecret, ephemeralSecret }), sent: [] };
  const { session, actOne } = NoiseSession.initiator({ localSecret, ephemeralSecret, remotePubkey: fromHex(vector.rs_pub!) });
  return { session, sent: [actOne] };
}

/** Plays a vector's steps against a session, feeding each input split by `split`. */
function play(vector: HandshakeVector, role: 'initiator' | 'responder', split: (data: Uint8Array) => Uint8Array[]) {
  const { session, sent } = startSession(vector, role);
  const feed = (data: Uint8Array) => {
    for (const chunk of split(data)) {
      const result = session.feed(chunk);
      expect(result.messages).toEqual([]);
      sent.push(...result.send);
    }
  };
  vector.steps.forEach((step, i) => {
    const next = vector.steps[i + 1];
    if (step.direction === 'input' && next?.error !== undefined) {
      // A short read only shows when the stream ends.
      expectDecodeError(() => {
        feed(fromHex(step.data!));
        session.end();
      }, expectedCode(next.error));
    } else if (step.direction === 'input') {
      feed(fromHex(step.data!));
    } else if (step.data !== undefined) {
      expect(hex(sent.shift()!)).toBe(step.data);
    }
  });
  expect(sent).toEqual([]);
  return session;
}

describe('BOLT 8 handshake vectors through NoiseSession', () => {
  for (const [how, split] of splitters) {
    describe(how, () => {
      it.each(vectors.initiator_tests.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
        const session = play(vector, 'initiator', split);
        expect(session.ready).toBe(vector.expected_error === undefined);
      });
      it.each(vectors.responder_tests.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
        const session = play(vector, 'responder', split);
        expect(session.ready).toBe(vector.expected_error === undefined);
      });
    });
  }

  it('the responder learns the initiator node id in act three', () => {
    expect(hex(stepData(responderVector, 'Act One', 'input'))).toBe(hex(stepData(initiatorVector, 'Act One', 'output')));
    const session = play(responderVector, 'responder', (data) => [data]);
    expect(hex(session.remotePubkey!)).toBe(initiatorVector.ls_pub);
  });

  it('a failed session stays failed with the same error code', () => {
    for (const vector of [...vectors.initiator_tests, ...vectors.responder_tests]) {
      if (vector.expected_error === undefined) continue;
      const code = expectedCode(vector.expected_error);
      const session = play(vector, vector.rs_pub === undefined ? 'responder' : 'initiator', (data) => [data]);
      expectDecodeError(() => session.feed(new Uint8Array(1)), code);
      expectDecodeError(() => session.end(), code);
      expectDecodeError(() => session.encrypt(new Uint8Array(1)), code);
    }
  });
});

describe('BOLT 8 handshake vectors: final keys', () => {
  it('initiator derives sk and rk', () => {
    const handshake = initiatorHandshake(
      fromHex(initiatorVector.ls_priv),
      fromHex(initiatorVector.rs_pub!),
      fromHex(initiatorVector.e_priv),
    );
    expect(hex(handshake.actOne)).toBe(hex(stepData(initiatorVector, 'Act One', 'output')));
    const { actThree, keys } = handshake.receiveActTwo(stepData(initiatorVector, 'Act Two', 'input'));
    expect(hex(actThree)).toBe(hex(stepData(initiatorVector, 'Act Three', 'output')));
    expect(hex(keys.sendingKey)).toBe(initiatorVector.final_keys!.sk);
    expect(hex(keys.receivingKey)).toBe(initiatorVector.final_keys!.rk);
    expect(hex(keys.chainingKey)).toBe(vectors.message_test.ck);
  });

  it('responder derives the mirror-image keys', () => {
    const handshake = responderHandshake(fromHex(responderVector.ls_priv), fromHex(responderVector.e_priv));
    const actTwo = handshake.receiveActOne(stepData(responderVector, 'Act One', 'input'));
    expect(hex(actTwo.actTwo)).toBe(hex(stepData(responderVector, 'Act Two', 'output')));
    const { keys, remotePubkey } = actTwo.receiveActThree(stepData(responderVector, 'Act Three', 'input'));
    expect(hex(keys.sendingKey)).toBe(responderVector.final_keys!.sk);
    expect(hex(keys.receivingKey)).toBe(responderVector.final_keys!.rk);
    expect(hex(keys.chainingKey)).toBe(vectors.message_test.ck);
    expect(hex(remotePubkey)).toBe(initiatorVector.ls_pub);
  });

  it('rejects acts of the wrong length before touching keys', () => {
    const handshake = responderHandshake(fromHex(responderVector.ls_priv), fromHex(responderVector.e_priv));
    const actOne = stepData(responderVector, 'Act One', 'input');
    expectDecodeError(() => handshake.receiveActOne(Uint8Array.of(...actOne, 0)), 'trailing_bytes');
    expectDecodeError(() => handshake.receiveActOne(actOne.subarray(0, 49)), 'truncated');
  });
});
