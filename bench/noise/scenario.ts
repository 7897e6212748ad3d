/**
 * The Noise workload both implementations run: a BOLT 8 handshake (followed by the BOLT 1 `init`
 * exchange, which LDK always performs before it lets any other message through), then
 * MESSAGE_COUNT Lightning messages of a custom odd type carrying PAYLOAD_LENGTH bytes each, sent
 * from the initiator to the responder and decrypted there.
 */
export const MESSAGE_COUNT = 1000;
export const PAYLOAD_LENGTH = 1024;
/** Odd ("it's OK to be odd") and in the custom range >= 32768. */
export const BENCH_MESSAGE_TYPE = 32769;

/** The payload of message `index`: deterministic, different per message, cheap to check. */
export function benchPayload(index: number): Uint8Array {
  const payload = new Uint8Array(PAYLOAD_LENGTH);
  for (let i = 0; i < PAYLOAD_LENGTH; i++) payload[i] = (index + i) & 0xff;
  return payload;
}

/** The cheap per-message check both receivers run inside the timed loop. */
export function looksLikeBenchPayload(payload: Uint8Array): boolean {
  return payload.length === PAYLOAD_LENGTH && payload[1] === ((payload[0]! + 1) & 0xff);
}

/** The full check run once per implementation, outside the timings. */
export function isBenchPayload(payload: Uint8Array, index: number): boolean {
  if (payload.length !== PAYLOAD_LENGTH) return false;
  for (let i = 0; i < PAYLOAD_LENGTH; i++) if (payload[i] !== ((index + i) & 0xff)) return false;
  return true;
}

import type { Elapsed } from '../timing.ts';

/** One timed round of the workload. */
export interface NoiseRound {
  handshake: Elapsed;
  messages: Elapsed;
}

/** A pair of peers that can run the workload repeatedly, each round on a fresh connection. */
export interface NoiseContender {
  readonly name: string;
  /** Connects, runs the handshake, sends the messages, disconnects. Throws if anything is lost. */
  runRound(): NoiseRound;
  /** Connects, runs the handshake, disconnects; returns the handshake's duration. */
  runHandshake(): Elapsed;
  /** Runs one round and additionally checks every received payload byte by byte. */
  verifyOnce(): void;
}

let payloadCache: Uint8Array[] | undefined;

/** The MESSAGE_COUNT payloads, built once and shared by both implementations. */
export function benchPayloads(): readonly Uint8Array[] {
  payloadCache ??= Array.from({ length: MESSAGE_COUNT }, (_, index) => benchPayload(index));
  return payloadCache;
}
