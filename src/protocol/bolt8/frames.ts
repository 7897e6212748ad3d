/**
 * BOLT 8 transport frames: `encrypted u16 length || MAC || encrypted message || MAC`.
 */
import { MAC_LENGTH, type CipherState } from './cipher-state.ts';

export const MAX_MESSAGE_LENGTH = 65535;
const LENGTH_FIELD = 2;
const HEADER_LENGTH = LENGTH_FIELD + MAC_LENGTH;

/** Encrypts one Lightning message into a complete frame. Throws RangeError above 65535 bytes. */
export function encryptFrame(sender: CipherState, message: Uint8Array): Uint8Array<ArrayBuffer> {
  const length = message.length;
  if (length > MAX_MESSAGE_LENGTH) {
    throw new RangeError(`BOLT 8 messages are at most ${MAX_MESSAGE_LENGTH} bytes, got ${length}`);
  }
  // Two spare leading bytes put the body at byte offset 20 of the buffer: 4-byte aligned, which
  // lets ChaCha20 XOR whole words instead of single bytes.
  const frame = new Uint8Array(2 + HEADER_LENGTH + length + MAC_LENGTH).subarray(2);
  frame[0] = length >>> 8;
  frame[1] = length & 0xff;
  sender.encryptInto(frame.subarray(0, LENGTH_FIELD), frame.subarray(0, HEADER_LENGTH));
  sender.encryptInto(message, frame.subarray(HEADER_LENGTH));
  return frame;
}

/**
 * Reassembles and decrypts frames from arbitrary chunks of the byte stream. A frame that lies
 * wholly inside one chunk is decrypted in place of the chunk (no copy); only a frame split across
 * chunks is gathered into an internal buffer, so no reference to a caller's chunk outlives `feed`.
 * After it throws, the decoder's state is undefined: NoiseSession stops using it.
 */
export class FrameDecoder {
  private partial = new Uint8Array(0);
  private partialLength = 0;
  private want = HEADER_LENGTH;
  private readingBody = false;

  constructor(private readonly receiver: CipherState) {}

  /** Decrypts every frame completed by `chunk`, appending the messages to `out`. */
  feed(chunk: Uint8Array, out: Uint8Array[]): void {
    let pos = 0;
    while (pos < chunk.length) {
      let unit: Uint8Array;
      const available = chunk.length - pos;
      if (this.partialLength === 0 && available >= this.want) {
        unit = chunk.subarray(pos, pos + this.want);
        pos += this.want;
      } else {
        if (this.partialLength === 0 && this.partial.length < this.want) this.partial = new Uint8Array(this.want);
        const take = Math.min(this.want - this.partialLength, available);
        this.partial.set(chunk.subarray(pos, pos + take), this.partialLength);
        this.partialLength += take;
        pos += take;
        if (this.partialLength < this.want) return;
        unit = this.partial.subarray(0, this.want);
        this.partialLength = 0;
      }
      this.consume(unit, out);
    }
  }

  /** Whether the stream so far ends exactly on a frame boundary. */
  get atBoundary(): boolean {
    return this.partialLength === 0 && !this.readingBody;
  }

  private consume(unit: Uint8Array, out: Uint8Array[]): void {
    if (this.readingBody) {
      out.push(this.receiver.decrypt(unit, 'message body'));
      this.readingBody = false;
      this.want = HEADER_LENGTH;
    } else {
      const length = this.receiver.decrypt(unit, 'message length');
      this.readingBody = true;
      this.want = ((length[0]! << 8) | length[1]!) + MAC_LENGTH;
    }
  }
}
