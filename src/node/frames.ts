/**
 * Checksummed frames, the unit the file store writes: magic (u32 LE) | payload length (u32 LE) |
 * CRC-32 of the payload (u32 LE) | CRC-32 of the previous 12 bytes (u32 LE) | payload.
 * The log is a sequence of frames; a snapshot is one. The header has its own checksum so that a
 * damaged length field is told apart from a frame that was cut short.
 */
import { crc32 } from 'node:zlib';
import { StorageError } from '../engine/storage/storage-error.ts';

export const HEADER_BYTES = 16;
export const LOG_MAGIC = 0x4c574e4c; // "LNWL" on disk
export const SNAPSHOT_MAGIC = 0x53574e4c; // "LNWS" on disk

export function frame(magic: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(magic, 0);
  out.writeUInt32LE(payload.length, 4);
  out.writeUInt32LE(crc32(payload), 8);
  out.writeUInt32LE(crc32(out.subarray(0, 12)), 12);
  out.set(payload, HEADER_BYTES);
  return out;
}

export interface LogScan {
  /** Payloads of the intact frames, in order. */
  readonly payloads: Buffer[];
  /** Bytes covered by the intact frames; anything after them is a torn tail to cut off. */
  readonly validLength: number;
}

/**
 * Reads a log's frames. A crash while appending can damage only the last frame (each append is
 * fsynced before the next starts): cut short, or — after a power loss, with the file grown but its
 * data never written — zero-filled, or with a payload checksum that fails exactly at the end of the
 * file. Such a tail was never acknowledged and is dropped. Damage followed by more data cannot come
 * from a crash: StorageError('corrupt').
 */
export function scanLog(bytes: Buffer, name: string): LogScan {
  const payloads: Buffer[] = [];
  const corrupt = (at: number, why: string): never => {
    throw new StorageError('corrupt', `${name}: damaged record at byte ${at} (${why}); restore the wallet from a backup`);
  };
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < HEADER_BYTES) break;
    if (crc32(bytes.subarray(at, at + 12)) !== bytes.readUInt32LE(at + 12) || bytes.readUInt32LE(at) !== LOG_MAGIC) {
      if (bytes.subarray(at).every((b) => b === 0)) break;
      corrupt(at, 'bad header');
    }
    const end = at + HEADER_BYTES + bytes.readUInt32LE(at + 4);
    if (end > bytes.length) break;
    const payload = bytes.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== bytes.readUInt32LE(at + 8)) {
      if (end === bytes.length) break;
      corrupt(at, 'checksum mismatch');
    }
    payloads.push(payload);
    at = end;
  }
  return { payloads, validLength: at };
}

/** Reads a snapshot: exactly one intact frame. It is only ever replaced by rename, so any damage is corruption. */
export function readSnapshotFrame(bytes: Buffer, name: string): Buffer {
  const fail = (why: string): never => {
    throw new StorageError('corrupt', `${name}: ${why}; restore the wallet from a backup`);
  };
  if (bytes.length < HEADER_BYTES) fail('file too short');
  if (bytes.readUInt32LE(0) !== SNAPSHOT_MAGIC) fail('not a snapshot (bad magic)');
  if (crc32(bytes.subarray(0, 12)) !== bytes.readUInt32LE(12)) fail('header checksum mismatch');
  if (HEADER_BYTES + bytes.readUInt32LE(4) !== bytes.length) fail('length does not match the file');
  const payload = bytes.subarray(HEADER_BYTES);
  if (crc32(payload) !== bytes.readUInt32LE(8)) fail('checksum mismatch');
  return payload;
}
