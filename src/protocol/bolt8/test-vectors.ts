/** Test-only: typed access to the BOLT 8 vectors and shared assertions for the bolt8 tests. */
import { expect } from 'vitest';
import { fromHex } from '../codec/bytes.ts';
import { DecodeError, type DecodeErrorCode } from '../codec/errors.ts';
import { loadVectors } from '../../test-support/vectors.ts';

export interface HandshakeStep {
  act: string;
  direction: 'input' | 'output';
  data?: string;
  error?: string;
}

export interface HandshakeVector {
  name: string;
  rs_pub?: string;
  ls_priv: string;
  ls_pub: string;
  e_priv: string;
  e_pub: string;
  final_keys?: { sk: string; rk: string };
  expected_error?: string;
  steps: HandshakeStep[];
}

export interface TransportVectors {
  initiator_tests: HandshakeVector[];
  responder_tests: HandshakeVector[];
  message_test: {
    plaintext: string;
    ck: string;
    sk: string;
    rk: string;
    outputs: { index: number; output: string }[];
  };
}

export const vectors = loadVectors<TransportVectors>('bolt08-transport.json');

const successful = (tests: HandshakeVector[]): HandshakeVector => {
  const found = tests.find((t) => t.final_keys !== undefined);
  if (!found) throw new Error('bolt08-transport.json has no successful handshake');
  return found;
};
export const initiatorVector = successful(vectors.initiator_tests);
export const responderVector = successful(vectors.responder_tests);

/** The bytes of the first step of `vector` for `act` in `direction`. */
export function stepData(vector: HandshakeVector, act: string, direction: 'input' | 'output'): Uint8Array {
  const step = vector.steps.find((s) => s.act === act && s.direction === direction && s.data !== undefined);
  if (!step) throw new Error(`${vector.name}: no ${direction} for ${act}`);
  return fromHex(step.data!);
}

export const initiatorKeys = {
  localSecret: fromHex(initiatorVector.ls_priv),
  remotePubkey: fromHex(initiatorVector.rs_pub!),
  ephemeralSecret: fromHex(initiatorVector.e_priv),
};
export const responderKeys = {
  localSecret: fromHex(responderVector.ls_priv),
  ephemeralSecret: fromHex(responderVector.e_priv),
};

export function expectDecodeError(run: () => unknown, code: DecodeErrorCode): DecodeError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).code).toBe(code);
    return e as DecodeError;
  }
  throw new Error(`expected DecodeError('${code}') but nothing was thrown`);
}
