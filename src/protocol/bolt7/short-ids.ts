/**
 * BOLT 7 `encoded_short_ids`: one encoding-type byte, then the ids. Only type 0 (an
 * uncompressed, ascending array of 8-byte short_channel_ids) is supported; type 1 (zlib)
 * is deprecated by the spec ("MUST NOT be used") and rejected.
 */
import { formatScid, shortChannelId, scidToBigInt, type ShortChannelId } from '../codec/codec.ts';
import { fail } from '../codec/errors.ts';
import { Reader } from '../codec/reader.ts';
import { Writer } from '../codec/writer.ts';

export const ENCODING_UNCOMPRESSED = 0;
/** Deprecated zlib encoding: never produced, rejected on decode. */
export const ENCODING_ZLIB_DEPRECATED = 1;

/** Encodes with type 0. Ids must be valid and strictly ascending, as the spec requires. */
export function encodeShortChannelIds(scids: readonly ShortChannelId[]): Uint8Array {
  const w = new Writer(1 + 8 * scids.length);
  w.u8(ENCODING_UNCOMPRESSED);
  let previous = -1n;
  for (const s of scids) {
    if (!isValidScid(s)) throw new RangeError(`invalid short_channel_id ${formatScid(s)}`);
    const v = scidToBigInt(s);
    if (v <= previous) throw new RangeError('short_channel_ids must be strictly ascending');
    previous = v;
    shortChannelId.write(w, s);
  }
  return w.finish();
}

/**
 * Decodes `encoded_short_ids`. An empty field (no encoding byte at all) is tolerated as an
 * empty list. Throws DecodeError for zlib, unknown encodings, or a partial id.
 */
export function decodeShortChannelIds(bytes: Uint8Array): ShortChannelId[] {
  if (bytes.length === 0) return [];
  const r = new Reader(bytes);
  const encoding = r.u8('encoding_type');
  if (encoding === ENCODING_ZLIB_DEPRECATED) {
    fail('invalid_encoding', 'encoded_short_ids: zlib encoding (type 1) is unsupported: BOLT 7 deprecated it');
  }
  if (encoding !== ENCODING_UNCOMPRESSED) fail('invalid_encoding', `encoded_short_ids: unknown encoding type ${encoding}`);
  if (r.remaining % 8 !== 0) fail('invalid_encoding', `encoded_short_ids: ${r.remaining} bytes is not a whole number of short_channel_ids`);
  const out: ShortChannelId[] = [];
  while (!r.done) out.push(shortChannelId.read(r));
  return out;
}

function isValidScid(s: ShortChannelId): boolean {
  const inRange = (v: number, bits: number) => Number.isInteger(v) && v >= 0 && v < 2 ** bits;
  return inRange(s.block, 24) && inRange(s.txIndex, 24) && inRange(s.outputIndex, 16);
}
