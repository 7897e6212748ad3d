import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { loadVectors } from '../../test-support/vectors.ts';
import { compare, concat, fromHex, hex, u16be, u32be, u64be } from '../codec/bytes.ts';
import { formatScid, type ShortChannelId } from '../codec/codec.ts';
import { DecodeError } from '../codec/errors.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import { FeatureVector } from '../features/features.ts';
import { NETWORKS } from '../networks.ts';
import { wireMessages, wireRegistry, type WireMessage } from '../wire.ts';
import {
  announcementSignatures,
  bolt7Messages,
  channelAnnouncement,
  channelUpdate,
  gossipTimestampFilter,
  nodeAnnouncement,
  queryChannelRange,
  queryShortChannelIds,
  replyChannelRange,
  replyShortChannelIdsEnd,
  type ChannelAnnouncement,
  type ChannelUpdate,
  type NodeAnnouncement,
} from './messages.ts';
import { decodeShortChannelIds, encodeShortChannelIds } from './short-ids.ts';
import {
  channelAnnouncementSignedBytes,
  channelUpdateNodeId,
  channelUpdateSignedBytes,
  nodeAnnouncementSignedBytes,
  verifyChannelAnnouncement,
  verifyChannelUpdate,
  verifyNodeAnnouncement,
} from './signatures.ts';

const enc = new TextEncoder();
const secretOf = (label: string) => sha256(enc.encode(label));
const keyOf = (label: string) => publicKey(secretOf(label));
/** Signs independently of the code under test: noble, over double-SHA256 of the given bytes. */
const sign = (signed: Uint8Array, label: string) =>
  secp256k1.sign(nobleSha256(nobleSha256(signed)), secretOf(label), { prehash: false });

const chain = NETWORKS.regtest.chainHash;
const scid: ShortChannelId = { block: 700_123, txIndex: 1_234, outputIndex: 1 };
const scidBytes = u64be((700_123n << 40n) | (1_234n << 16n) | 1n);
const zeroSig = new Uint8Array(64);

// node_id_1 must be the lesser key; pick the order from the keys.
const alice: [string, Uint8Array] = ['alice', keyOf('alice')];
const bob: [string, Uint8Array] = ['bob', keyOf('bob')];
const [n1, n2] = compare(alice[1], bob[1]) < 0 ? [alice, bob] : [bob, alice];

function signedAnnouncement(features = FeatureVector.of({ option_zeroconf: 'optional' }).toBytes()): ChannelAnnouncement {
  const fields = {
    features,
    chain_hash: chain,
    short_channel_id: scid,
    node_id_1: n1[1],
    node_id_2: n2[1],
    bitcoin_key_1: keyOf(`${n1[0]}-funding`),
    bitcoin_key_2: keyOf(`${n2[0]}-funding`),
  };
  // The signed bytes, built field by field from the spec's layout.
  const signed = concat(
    u16be(features.length),
    features,
    chain,
    scidBytes,
    fields.node_id_1,
    fields.node_id_2,
    fields.bitcoin_key_1,
    fields.bitcoin_key_2,
  );
  return {
    type: 'channel_announcement',
    node_signature_1: sign(signed, n1[0]),
    node_signature_2: sign(signed, n2[0]),
    bitcoin_signature_1: sign(signed, `${n1[0]}-funding`),
    bitcoin_signature_2: sign(signed, `${n2[0]}-funding`),
    ...fields,
    tlvs: {},
  };
}

function signedUpdate(direction: 0 | 1, extension: Uint8Array = new Uint8Array(0)): ChannelUpdate {
  const fields = {
    chain_hash: chain,
    short_channel_id: scid,
    timestamp: 1_700_000_000,
    message_flags: 1,
    channel_flags: direction,
    cltv_expiry_delta: 144,
    htlc_minimum_msat: 1_000n,
    fee_base_msat: 1_000,
    fee_proportional_millionths: 100,
    htlc_maximum_msat: 990_000_000n,
  };
  const signed = concat(
    chain,
    scidBytes,
    u32be(fields.timestamp),
    Uint8Array.of(fields.message_flags, fields.channel_flags),
    u16be(fields.cltv_expiry_delta),
    u64be(fields.htlc_minimum_msat),
    u32be(fields.fee_base_msat),
    u32be(fields.fee_proportional_millionths),
    u64be(fields.htlc_maximum_msat),
    extension,
  );
  const signer = direction === 0 ? n1[0] : n2[0];
  const decoded = channelUpdate.decodePayload(concat(zeroSig, signed));
  return { ...decoded, signature: sign(signed, signer) };
}

function signedNodeAnnouncement(): NodeAnnouncement {
  const features = FeatureVector.of({ var_onion_optin: 'required', payment_secret: 'required' }).toBytes();
  const alias = new Uint8Array(32);
  alias.set(enc.encode('IRATEMONK'));
  // ipv4 127.0.0.1:9735 then a DNS name, kept raw.
  const addresses = concat(fromHex('017f0000012607'), fromHex('05'), Uint8Array.of(11), enc.encode('example.com'), fromHex('2607'));
  const signed = concat(u16be(features.length), features, u32be(1_700_000_001), n1[1], fromHex('ff8800'), alias, u16be(addresses.length), addresses);
  const decoded = nodeAnnouncement.decodePayload(concat(zeroSig, signed));
  return { ...decoded, signature: sign(signed, n1[0]) };
}

/**
 * Flips one byte at each offset of a message's encoding; every variant that still decodes
 * must fail verification (a flipped length or point byte may stop it decoding at all).
 */
function expectFlipsRejected<M extends { type: string }>(msg: M, offsets: number[], verify: (m: M) => boolean): void {
  const def = defByName.get(msg.type)!;
  let verified = 0;
  for (const offset of offsets) {
    const bytes = def.encode(msg as never);
    bytes[offset]! ^= 0x01;
    let changed: M;
    try {
      changed = wireRegistry.decode(bytes) as unknown as M;
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      continue;
    }
    expect(verify(changed), `byte ${offset} flipped`).toBe(false);
    verified++;
  }
  expect(verified).toBeGreaterThan(offsets.length / 2);
}

const defByName = new Map<string, (typeof wireMessages)[number]>(wireMessages.map((d) => [d.name, d]));
function reencode(msg: Exclude<WireMessage, { type: 'unknown_odd' }>): Uint8Array {
  return defByName.get(msg.type)!.encode(msg as never);
}

interface QueryVector {
  hex: string;
  msg: {
    type: string;
    firstBlockNum?: number;
    numberOfBlocks?: number;
    complete?: number;
    shortChannelIds?: { encoding: string; array: string[] };
    timestamps?: { encoding: string; timestamps: { timestamp1: number; timestamp2: number }[] };
    checksums?: { checksums: { checksum1: number; checksum2: number }[] };
    tlvStream?: { records: unknown[] };
  };
}
const queryVectors = loadVectors<QueryVector[]>('extended-queries.json');

function u32Pairs(raw: Uint8Array): [number, number][] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: [number, number][] = [];
  for (let i = 0; i + 8 <= raw.length; i += 8) out.push([view.getUint32(i), view.getUint32(i + 4)]);
  return out;
}

describe('BOLT 7 messages: layout and round trips', () => {
  it('encodes channel_update with the spec layout (138 bytes, htlc_maximum_msat always present)', () => {
    const msg = signedUpdate(1);
    const bytes = channelUpdate.encode(msg);
    expect(bytes.length).toBe(2 + 64 + 32 + 8 + 4 + 1 + 1 + 2 + 8 + 4 + 4 + 8);
    expect(hex(bytes.subarray(0, 2))).toBe('0102');
    expect(hex(bytes.subarray(66, 98))).toBe(hex(chain));
    expect(hex(bytes.subarray(bytes.length - 8))).toBe(hex(u64be(990_000_000n)));
    expect(wireRegistry.decode(bytes)).toEqual(msg);
  });

  it('round-trips every gossip message through the wire registry, byte for byte', () => {
    const samples = [
      channelAnnouncement.encode(signedAnnouncement()),
      nodeAnnouncement.encode(signedNodeAnnouncement()),
      channelUpdate.encode(signedUpdate(0)),
      announcementSignatures.encode({
        channel_id: new Uint8Array(32).fill(9),
        short_channel_id: scid,
        node_signature: sign(new Uint8Array(1), 'alice'),
        bitcoin_signature: sign(new Uint8Array(2), 'alice-funding'),
      }),
      queryShortChannelIds.encode({
        chain_hash: chain,
        encoded_short_ids: encodeShortChannelIds([scid, { ...scid, block: scid.block + 1 }]),
        tlvs: { query_flags: { encoding_type: 0, encoded_query_flags: fromHex('011f') } },
      }),
      replyShortChannelIdsEnd.encode({ chain_hash: chain, full_information: 1 }),
      queryChannelRange.encode({ chain_hash: chain, first_blocknum: 1, number_of_blocks: 0xffffffff, tlvs: { query_option: 3n } }),
      queryChannelRange.encode({ chain_hash: chain, first_blocknum: 1, number_of_blocks: 10, tlvs: { query_option: 0x1_0000_0000n } }),
      replyChannelRange.encode({
        chain_hash: chain,
        first_blocknum: 700_000,
        number_of_blocks: 2016,
        sync_complete: 1,
        encoded_short_ids: encodeShortChannelIds([scid]),
        tlvs: {
          timestamps_tlv: { encoding_type: 0, encoded_timestamps: concat(u32be(1), u32be(2)) },
          checksums_tlv: concat(u32be(3), u32be(4)),
          unknownOdd: [{ type: 7n, value: fromHex('abcd') }],
        },
      }),
      gossipTimestampFilter.encode({ chain_hash: chain, first_timestamp: 1_700_000_000, timestamp_range: 0xffffffff }),
    ];
    const seen = new Set<string>();
    for (const bytes of samples) {
      const msg = wireRegistry.decode(bytes);
      if (msg.type === 'unknown_odd') throw new Error('gossip message not registered');
      seen.add(msg.type);
      expect(hex(reencode(msg))).toBe(hex(bytes));
    }
    expect([...seen].sort()).toEqual(bolt7Messages.map((d) => d.name).sort());
  });

  it('decodes node_announcement fields with their spec names, keeping features and addresses raw', () => {
    const msg = wireRegistry.decode(nodeAnnouncement.encode(signedNodeAnnouncement()));
    if (msg.type !== 'node_announcement') throw new Error('expected node_announcement');
    expect(hex(msg.rgb_color)).toBe('ff8800');
    expect(new TextDecoder().decode(msg.alias).replace(/\0+$/, '')).toBe('IRATEMONK');
    expect(FeatureVector.fromBytes(msg.features).bits()).toEqual([8, 14]);
    expect(hex(msg.addresses.subarray(0, 7))).toBe('017f0000012607');
  });

  it('rejects a channel_announcement with an invalid node_id point', () => {
    const bytes = channelAnnouncement.encode(signedAnnouncement());
    // node_id_1 starts after type, 4 signatures, features (2 + len), chain_hash and scid.
    const features = signedAnnouncement().features;
    const at = 2 + 256 + 2 + features.length + 32 + 8;
    bytes[at] = 0x05;
    expect(() => wireRegistry.decode(bytes)).toThrow(DecodeError);
  });
});

describe('BOLT 7 extended query vectors', () => {
  it.each(queryVectors.map((v, i) => [`${i} ${v.msg.type}`, v] as const))('%s', (_name, v) => {
    const msg = wireRegistry.decode(fromHex(v.hex));
    if (msg.type === 'unknown_odd') throw new Error('not decoded');
    expect(hex(reencode(msg))).toBe(v.hex);
    if (msg.type === 'query_channel_range') {
      expect(msg.first_blocknum).toBe(v.msg.firstBlockNum);
      expect(msg.number_of_blocks).toBe(v.msg.numberOfBlocks);
      expect(msg.tlvs.query_option).toBe(v.msg.tlvStream!.records.length ? 3n : undefined);
      return;
    }
    if (msg.type !== 'reply_channel_range' && msg.type !== 'query_short_channel_ids') throw new Error(`unexpected ${msg.type}`);
    const ids = v.msg.shortChannelIds!;
    if (ids.encoding === 'COMPRESSED_ZLIB') {
      expect(() => decodeShortChannelIds(msg.encoded_short_ids)).toThrow(/zlib.*unsupported/);
    } else {
      expect(decodeShortChannelIds(msg.encoded_short_ids).map(formatScid)).toEqual(ids.array);
    }
    if (msg.type === 'reply_channel_range') {
      expect(msg.first_blocknum).toBe(v.msg.firstBlockNum);
      expect(msg.sync_complete).toBe(v.msg.complete);
      if (v.msg.checksums) {
        expect(u32Pairs(msg.tlvs.checksums_tlv!)).toEqual(v.msg.checksums.checksums.map((c) => [c.checksum1, c.checksum2]));
      }
      if (v.msg.timestamps?.encoding === 'UNCOMPRESSED') {
        expect(msg.tlvs.timestamps_tlv!.encoding_type).toBe(0);
        expect(u32Pairs(msg.tlvs.timestamps_tlv!.encoded_timestamps)).toEqual(
          v.msg.timestamps.timestamps.map((t) => [t.timestamp1, t.timestamp2]),
        );
      }
    }
  });
});

describe('encoded_short_ids', () => {
  const ids: ShortChannelId[] = [
    { block: 0, txIndex: 0, outputIndex: 142 },
    { block: 1, txIndex: 2, outputIndex: 3 },
    { block: 0xffffff, txIndex: 0xffffff, outputIndex: 0xffff },
  ];

  it('encodes type 0 as the encoding byte then 8-byte ids, and decodes back', () => {
    const bytes = encodeShortChannelIds(ids);
    expect(hex(bytes)).toBe('00' + '000000000000008e' + '0000010000020003' + 'ffffffffffffffff');
    expect(decodeShortChannelIds(bytes)).toEqual(ids);
    expect(hex(encodeShortChannelIds([]))).toBe('00');
    expect(decodeShortChannelIds(fromHex('00'))).toEqual([]);
    expect(decodeShortChannelIds(new Uint8Array(0))).toEqual([]);
  });

  it('rejects zlib, unknown encodings and partial ids with DecodeError', () => {
    expect(() => decodeShortChannelIds(fromHex('01789c6360'))).toThrow(/zlib encoding \(type 1\) is unsupported/);
    expect(() => decodeShortChannelIds(fromHex('01'))).toThrow(DecodeError);
    expect(() => decodeShortChannelIds(fromHex('02'))).toThrow(/unknown encoding type 2/);
    expect(() => decodeShortChannelIds(fromHex('00000000000000008e00'))).toThrow(DecodeError);
  });

  it('refuses to encode ids that are out of range or not strictly ascending', () => {
    expect(() => encodeShortChannelIds([ids[1]!, ids[0]!])).toThrow(RangeError);
    expect(() => encodeShortChannelIds([ids[0]!, ids[0]!])).toThrow(RangeError);
    expect(() => encodeShortChannelIds([{ block: 1 << 24, txIndex: 0, outputIndex: 0 }])).toThrow(RangeError);
  });

  it('only throws DecodeError on arbitrary bytes; ascending type-0 decodes re-encode identically', () => {
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ maxLength: 60 }).map((b) => Uint8Array.from([0, ...b])));
    assertOnlyDecodeErrors(inputs, decodeShortChannelIds, (decoded, input) => {
      if (input.length === 0) return;
      expect(decoded.length).toBe((input.length - 1) / 8);
      const ascending = decoded.every((s, i) => i === 0 || compareScid(decoded[i - 1]!, s) < 0);
      if (ascending) expect(hex(encodeShortChannelIds(decoded))).toBe(hex(input));
    });
  });
});

function compareScid(a: ShortChannelId, b: ShortChannelId): number {
  return a.block - b.block || a.txIndex - b.txIndex || a.outputIndex - b.outputIndex;
}

describe('gossip signatures', () => {
  it('signs channel_announcement over the message from offset 258 (after type and four signatures)', () => {
    const msg = signedAnnouncement();
    expect(hex(channelAnnouncementSignedBytes(msg))).toBe(hex(channelAnnouncement.encode(msg).subarray(258)));
    expect(verifyChannelAnnouncement(msg)).toBe(true);
    expect(verifyChannelAnnouncement(wireRegistry.decode(channelAnnouncement.encode(msg)) as ChannelAnnouncement)).toBe(true);
  });

  it('rejects a channel_announcement when any signature or signed byte changes', () => {
    const msg = signedAnnouncement();
    const length = channelAnnouncement.encode(msg).length;
    // One byte in each signature, then bytes of the signed part (features, chain_hash, scid, keys).
    expectFlipsRejected(msg, [2, 66, 130, 194, 257, 263, 270, 300, 306, 320, length - 1], verifyChannelAnnouncement);
    // Swapped node signatures fail too.
    expect(verifyChannelAnnouncement({ ...msg, node_signature_1: msg.node_signature_2, node_signature_2: msg.node_signature_1 })).toBe(false);
  });

  it('covers a TLV extension appended to the announcement', () => {
    const msg = signedAnnouncement();
    const extended = { ...msg, tlvs: { unknownOdd: [{ type: 1n, value: fromHex('00') }] } };
    expect(verifyChannelAnnouncement(extended)).toBe(false);
  });

  it('verifies channel_update against the node_id chosen by its direction bit', () => {
    const ann = signedAnnouncement();
    for (const direction of [0, 1] as const) {
      const update = signedUpdate(direction);
      expect(hex(channelUpdateSignedBytes(update))).toBe(hex(channelUpdate.encode(update).subarray(66)));
      const nodeId = channelUpdateNodeId(ann, update);
      expect(hex(nodeId)).toBe(hex(direction === 0 ? n1[1] : n2[1]));
      expect(verifyChannelUpdate(update, nodeId)).toBe(true);
      expect(verifyChannelUpdate(update, direction === 0 ? n2[1] : n1[1])).toBe(false);
      expect(verifyChannelUpdate({ ...update, fee_base_msat: update.fee_base_msat + 1 }, nodeId)).toBe(false);
      expectFlipsRejected(update, [10, 65, 66, 97, 98, 106, 115, 135, 137], (m) => verifyChannelUpdate(m, nodeId));
      expect(verifyChannelUpdate(update, new Uint8Array(33))).toBe(false);
    }
  });

  it('includes the TLV extension in a channel_update signature', () => {
    const ext = fromHex('0302abcd'); // unknown odd record type 3
    const update = signedUpdate(0, ext);
    expect(update.tlvs.unknownOdd).toEqual([{ type: 3n, value: fromHex('abcd') }]);
    const decoded = wireRegistry.decode(channelUpdate.encode(update)) as ChannelUpdate;
    expect(verifyChannelUpdate(decoded, n1[1])).toBe(true);
    expect(verifyChannelUpdate({ ...decoded, tlvs: {} }, n1[1])).toBe(false);
  });

  it('accepts the high-S twin of a valid signature (BOLT 7: relays may negate s)', () => {
    const update = signedUpdate(0);
    const n = secp256k1.Point.CURVE().n;
    const s = BigInt('0x' + hex(update.signature.subarray(32)));
    const highS = concat(update.signature.subarray(0, 32), fromHex((n - s).toString(16).padStart(64, '0')));
    expect(verifyChannelUpdate({ ...update, signature: highS }, n1[1])).toBe(true);
  });

  it('verifies node_announcement against its own node_id, from offset 66', () => {
    const msg = signedNodeAnnouncement();
    expect(hex(nodeAnnouncementSignedBytes(msg))).toBe(hex(nodeAnnouncement.encode(msg).subarray(66)));
    expect(verifyNodeAnnouncement(msg)).toBe(true);
    expect(verifyNodeAnnouncement({ ...msg, timestamp: msg.timestamp + 1 })).toBe(false);
    expect(verifyNodeAnnouncement({ ...msg, node_id: n2[1] })).toBe(false);
    const length = nodeAnnouncement.encode(msg).length;
    expectFlipsRejected(msg, [3, 65, 69, 72, 110, 112, length - 1], verifyNodeAnnouncement);
  });
});

describe('wire fuzz (gossip)', () => {
  it('only ever throws DecodeError, and what decodes re-encodes to the same bytes', () => {
    const valid = [
      channelAnnouncement.encode(signedAnnouncement()),
      nodeAnnouncement.encode(signedNodeAnnouncement()),
      channelUpdate.encode(signedUpdate(1, fromHex('0100'))),
      announcementSignatures.encode({ channel_id: new Uint8Array(32), short_channel_id: scid, node_signature: zeroSig, bitcoin_signature: zeroSig }),
      ...queryVectors.map((v) => fromHex(v.hex)),
      gossipTimestampFilter.encode({ chain_hash: chain, first_timestamp: 0, timestamp_range: 1 }),
      replyShortChannelIdsEnd.encode({ chain_hash: chain, full_information: 0 }),
    ];
    const typed = fc
      .tuple(fc.constantFrom(...bolt7Messages.map((d) => d.typeNumber)), fc.uint8Array({ maxLength: 160 }))
      .map(([t, body]) => concat(u16be(t), body));
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 80 }), typed, mutationsOf(valid));
    assertOnlyDecodeErrors(
      inputs,
      (bytes) => wireRegistry.decode(bytes),
      (msg, input) => {
        if (msg.type === 'unknown_odd') return;
        if (bolt7Messages.some((d) => d.name === msg.type)) expect(hex(reencode(msg))).toBe(hex(input));
        else expect(wireRegistry.decode(reencode(msg))).toEqual(msg);
      },
    );
  });
});
