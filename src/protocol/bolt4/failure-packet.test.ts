import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { concat, fromHex, hex } from '../codec/bytes.ts';
import { DecodeError } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { Writer } from '../codec/writer.ts';
import { chachaStream, hmacSha256 } from '../crypto/index.ts';
import type { HopSecret } from './create-onion.ts';
import { decodeFailureMessage, type FailureMessage } from './failure-messages.ts';
import { createFailurePacket, decryptFailure, obfuscateFailurePacket, type DecryptedFailure } from './failure-packet.ts';
import { deriveOnionKey, sphinxKeySchedule } from './keys.ts';

interface ReturningErrorVectors {
  params: { session_key: string; hops: { index: number; pubkey: string }[]; failure_source: string };
  creation: { shared_secret: string; payload: string; um_key: string; raw_error_packet: string };
  forwarding: { node: number; shared_secret: string; ammag_key: string; stream: string; error_packet: string }[];
}
interface OnionErrorVectors {
  generate: {
    session_key: string;
    failure_message: string;
    hops: { pubkey: string; hop_shared_secret: string; ammag_key: string; um_key?: string; payload?: string }[];
  };
  errorpacket: string;
}

const returning = loadVectors<ReturningErrorVectors>('bolt04-returning-errors.json');
const onionError = loadVectors<OnionErrorVectors>('onion-error-test.json');

function hopSecretsFor(sessionKey: string, pubkeys: string[]): HopSecret[] {
  const nodeIds = pubkeys.map(fromHex);
  return sphinxKeySchedule(fromHex(sessionKey), nodeIds).map((k, i) => ({ nodeId: nodeIds[i]!, sharedSecret: k.sharedSecret }));
}

/** failuremsg out of `u16 failure_len || failuremsg || u16 pad_len || pad`. */
function failureOfPayload(payload: Uint8Array): FailureMessage {
  const r = new Reader(payload);
  return decodeFailureMessage(r.bytes(r.u16()));
}

function expectFailureFrom(result: DecryptedFailure, hopIndex: number, hops: HopSecret[]): FailureMessage {
  if (result.type !== 'failure') throw new Error(`expected a decoded failure, got ${result.type}`);
  expect(result.hopIndex).toBe(hopIndex);
  expect(hex(result.nodeId)).toBe(hex(hops[hopIndex]!.nodeId));
  return result.failure;
}

describe('returning errors (bolt04-returning-errors.json)', () => {
  const hops = hopSecretsFor(
    returning.params.session_key,
    returning.params.hops.map((h) => h.pubkey),
  );
  const failingNode = Number(/^node (\d+)$/.exec(returning.params.failure_source)![1]);
  const payload = fromHex(returning.creation.payload);

  it('derives every hop’s shared secret from the session key', () => {
    for (const step of returning.forwarding) expect(hex(hops[step.node]!.sharedSecret)).toBe(step.shared_secret);
    expect(hex(hops[failingNode]!.sharedSecret)).toBe(returning.creation.shared_secret);
  });

  it('derives the um key, the ammag keys and their streams', () => {
    expect(hex(deriveOnionKey('um', fromHex(returning.creation.shared_secret)))).toBe(returning.creation.um_key);
    for (const step of returning.forwarding) {
      const ammag = deriveOnionKey('ammag', fromHex(step.shared_secret));
      expect(hex(ammag)).toBe(step.ammag_key);
      expect(hex(chachaStream(ammag, step.stream.length / 2))).toBe(step.stream);
    }
  });

  it('creates the error packet at the failing node: HMAC(um) || payload, then obfuscated', () => {
    const secret = hops[failingNode]!.sharedSecret;
    const packet = createFailurePacket(secret, failureOfPayload(payload), payload.length - 4);
    expect(hex(obfuscateFailurePacket(secret, packet))).toBe(returning.creation.raw_error_packet);
    expect(returning.creation.raw_error_packet.slice(64)).toBe(returning.creation.payload);
    expect(hex(packet)).toBe(returning.forwarding[0]!.error_packet);
  });

  it('re-obfuscates the packet at every node on the way back', () => {
    let packet = fromHex(returning.forwarding[0]!.error_packet);
    for (const step of returning.forwarding.slice(1)) {
      packet = obfuscateFailurePacket(hops[step.node]!.sharedSecret, packet);
      expect(hex(packet)).toBe(step.error_packet);
    }
  });

  it('identifies the failing node at the origin and decodes its message', () => {
    const received = fromHex(returning.forwarding.at(-1)!.error_packet);
    const failure = expectFailureFrom(decryptFailure(hops, received), failingNode, hops);
    expect(failure).toEqual(failureOfPayload(payload));
  });
});

describe('returning errors (onion-error-test.json)', () => {
  const vectorHops = onionError.generate.hops;
  const hops = hopSecretsFor(
    onionError.generate.session_key,
    vectorHops.map((h) => h.pubkey),
  );
  const failingNode = vectorHops.findIndex((h) => h.um_key !== undefined);

  it('derives the shared secrets, um and ammag keys', () => {
    expect(hops.map((h) => hex(h.sharedSecret))).toEqual(vectorHops.map((h) => h.hop_shared_secret));
    expect(vectorHops.map((h) => hex(deriveOnionKey('ammag', fromHex(h.hop_shared_secret))))).toEqual(vectorHops.map((h) => h.ammag_key));
    expect(hex(deriveOnionKey('um', hops[failingNode]!.sharedSecret))).toBe(vectorHops[failingNode]!.um_key);
  });

  it('pads the failure to 256 bytes and builds the packet every node re-obfuscates into the vector’s', () => {
    const failure = decodeFailureMessage(fromHex(onionError.generate.failure_message));
    let packet = createFailurePacket(hops[failingNode]!.sharedSecret, failure);
    expect(hex(obfuscateFailurePacket(hops[failingNode]!.sharedSecret, packet).subarray(32))).toBe(vectorHops[failingNode]!.payload);
    for (let i = failingNode - 1; i >= 0; i--) packet = obfuscateFailurePacket(hops[i]!.sharedSecret, packet);
    expect(hex(packet)).toBe(onionError.errorpacket);
  });

  it('identifies the failing node at the origin', () => {
    const failure = expectFailureFrom(decryptFailure(hops, fromHex(onionError.errorpacket)), failingNode, hops);
    expect(failure).toEqual(decodeFailureMessage(fromHex(onionError.generate.failure_message)));
  });
});

describe('failure packets', () => {
  const hops = hopSecretsFor(
    onionError.generate.session_key,
    onionError.generate.hops.map((h) => h.pubkey),
  );
  const received = fromHex(onionError.errorpacket);

  /** A packet as node `index` would send it, with the given body under a valid HMAC, wrapped by the nodes before it. */
  function packetFrom(index: number, body: Uint8Array): Uint8Array {
    const secret = hops[index]!.sharedSecret;
    let packet = obfuscateFailurePacket(secret, concat(hmacSha256(deriveOnionKey('um', secret), body), body));
    for (let i = index - 1; i >= 0; i--) packet = obfuscateFailurePacket(hops[i]!.sharedSecret, packet);
    return packet;
  }

  it('a failure from an intermediate node is attributed to it', () => {
    const failure = { type: 'temporary_channel_failure', channelUpdate: new Uint8Array(0), tlvs: {} } as const;
    let packet = createFailurePacket(hops[1]!.sharedSecret, failure);
    packet = obfuscateFailurePacket(hops[0]!.sharedSecret, packet);
    expect(expectFailureFrom(decryptFailure(hops, packet), 1, hops)).toEqual(failure);
  });

  it('a corrupted packet is unreadable, blaming no one', () => {
    const corrupted = received.slice();
    corrupted[100]! ^= 1;
    expect(decryptFailure(hops, corrupted).type).toBe('unreadable');
    expect(decryptFailure(hops, received.subarray(0, 31)).type).toBe('unreadable');
    expect(decryptFailure(hops.slice(0, 4), received).type).toBe('unreadable');
  });

  it('an authenticated packet whose framing is wrong is still attributed, as undecodable', () => {
    const result = decryptFailure(hops, packetFrom(2, Uint8Array.of(0, 5, 0x20)));
    expect(result).toMatchObject({ type: 'undecodable_failure', hopIndex: 2, failureCode: undefined });
  });

  it('an authenticated packet whose message does not decode keeps the failure code', () => {
    const body = new Writer().u16(3).bytes(Uint8Array.of(0x10, 0x07, 0xff)).u16(0).finish();
    const result = decryptFailure(hops, packetFrom(3, body));
    expect(result).toMatchObject({ type: 'undecodable_failure', hopIndex: 3, failureCode: 0x1007 });
    if (result.type === 'undecodable_failure') expect(result.error).toBeInstanceOf(DecodeError);
  });

  it('does not pad a message longer than the padded length, and refuses less than 256', () => {
    const secret = hops[0]!.sharedSecret;
    const failure = { type: 'temporary_channel_failure', channelUpdate: new Uint8Array(300), tlvs: {} } as const;
    expect(createFailurePacket(secret, failure)).toHaveLength(32 + 2 + 2 + 302 + 2);
    expect(() => createFailurePacket(secret, failure, 255)).toThrow(RangeError);
  });

  it('any authenticated body is attributed to the node that sent it', () => {
    const senders = fc.nat({ max: hops.length - 1 });
    fc.assert(
      fc.property(senders, fc.uint8Array({ maxLength: 64 }), (index, body) => {
        const result = decryptFailure(hops, packetFrom(index, body));
        expect(result.type).not.toBe('unreadable');
        if (result.type !== 'unreadable') expect(result.hopIndex).toBe(index);
      }),
      { numRuns: 1000 },
    );
  });

  it(`fuzz: arbitrary and mutated packets always give a typed result (${FUZZ_RUNS} cases)`, () => {
    // Each call runs 27 decryption rounds over the whole packet, so the fuzz sticks to the smaller 292-byte vector packet.
    const packets = fc.oneof(fc.uint8Array({ maxLength: 128 }), mutationsOf([received]));
    fc.assert(
      fc.property(packets, (packet) => {
        const result = decryptFailure(hops, packet);
        expect(['failure', 'undecodable_failure', 'unreadable']).toContain(result.type);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
