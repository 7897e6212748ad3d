import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOnlyDecodeErrors, mutationsOf } from '../../test-support/fuzz.ts';
import { concat, fromHex, hex, u16be, u32be, u64be } from '../codec/bytes.ts';
import type { ShortChannelId } from '../codec/codec.ts';
import { DecodeError } from '../codec/errors.ts';
import { publicKey, sha256 } from '../crypto/index.ts';
import { NETWORKS } from '../networks.ts';
import { wireMessages, wireRegistry, type WireMessage } from '../wire.ts';
import {
  acceptChannel,
  bolt2Messages,
  channelIdFromFunding,
  channelReady,
  channelReestablish,
  closingSigned,
  commitmentSigned,
  fundingCreated,
  fundingSigned,
  ONION_PACKET_SIZE,
  openChannel,
  revokeAndAck,
  shutdown,
  updateAddHtlc,
  updateFailHtlc,
  updateFailMalformedHtlc,
  updateFee,
  updateFulfillHtlc,
} from './messages.ts';

const enc = new TextEncoder();
const bytesOf = (label: string, length = 32) => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 32) out.set(sha256(enc.encode(`${label}/${i}`)).subarray(0, Math.min(32, length - i)), i);
  return out;
};
/** A valid point: the public key of a secret derived from the label. */
const pointOf = (label: string) => publicKey(sha256(enc.encode(label)));
/** Stand-in for a real signature: the codec only checks its length. */
const sigOf = (label: string) => bytesOf(`sig ${label}`, 64);

const chain = NETWORKS.regtest.chainHash;
const tempId = bytesOf('temporary_channel_id');
const chanId = bytesOf('channel_id');
const keys = {
  funding_pubkey: pointOf('funding'),
  revocation_basepoint: pointOf('revocation'),
  payment_basepoint: pointOf('payment'),
  delayed_payment_basepoint: pointOf('delayed'),
  htlc_basepoint: pointOf('htlc'),
  first_per_commitment_point: pointOf('per-commitment 0'),
};
const keyBytes = concat(...Object.values(keys));
const p2wpkh = fromHex('0014' + '11'.repeat(20));
const channelType = fromHex('401000'); // option_static_remotekey + option_anchors (bits 12, 22)
const scid: ShortChannelId = { block: 800_000, txIndex: 42, outputIndex: 1 };
const onion = bytesOf('onion', ONION_PACKET_SIZE);
const preimage = bytesOf('preimage');
const paymentHash = sha256(preimage);

/**
 * Each message with realistic values, and its encoding built independently, field by field,
 * in the order and widths BOLT 2 lists.
 */
const cases: { name: string; bytes: Uint8Array; expected: Uint8Array }[] = [
  {
    name: 'open_channel',
    bytes: openChannel.encode({
      chain_hash: chain,
      temporary_channel_id: tempId,
      funding_satoshis: 250_000n,
      push_msat: 10_000_000n,
      dust_limit_satoshis: 354n,
      max_htlc_value_in_flight_msat: 250_000_000n,
      channel_reserve_satoshis: 2_500n,
      htlc_minimum_msat: 1n,
      feerate_per_kw: 253,
      to_self_delay: 144,
      max_accepted_htlcs: 483,
      ...keys,
      channel_flags: 1,
      tlvs: { upfront_shutdown_script: new Uint8Array(0), channel_type: channelType },
    }),
    expected: concat(
      u16be(32),
      chain,
      tempId,
      u64be(250_000n),
      u64be(10_000_000n),
      u64be(354n),
      u64be(250_000_000n),
      u64be(2_500n),
      u64be(1n),
      u32be(253),
      u16be(144),
      u16be(483),
      keyBytes,
      Uint8Array.of(1),
      fromHex('0000'), // upfront_shutdown_script: type 0, empty
      fromHex('0103'),
      channelType,
    ),
  },
  {
    name: 'accept_channel',
    bytes: acceptChannel.encode({
      temporary_channel_id: tempId,
      dust_limit_satoshis: 546n,
      max_htlc_value_in_flight_msat: 200_000_000n,
      channel_reserve_satoshis: 2_500n,
      htlc_minimum_msat: 1_000n,
      minimum_depth: 3,
      to_self_delay: 720,
      max_accepted_htlcs: 30,
      ...keys,
      tlvs: { upfront_shutdown_script: p2wpkh, channel_type: channelType },
    }),
    expected: concat(
      u16be(33),
      tempId,
      u64be(546n),
      u64be(200_000_000n),
      u64be(2_500n),
      u64be(1_000n),
      u32be(3),
      u16be(720),
      u16be(30),
      keyBytes,
      Uint8Array.of(0, p2wpkh.length),
      p2wpkh,
      fromHex('0103'),
      channelType,
    ),
  },
  {
    name: 'funding_created',
    bytes: fundingCreated.encode({ temporary_channel_id: tempId, funding_txid: bytesOf('txid'), funding_output_index: 1, signature: sigOf('fc') }),
    expected: concat(u16be(34), tempId, bytesOf('txid'), u16be(1), sigOf('fc')),
  },
  {
    name: 'funding_signed',
    bytes: fundingSigned.encode({ channel_id: chanId, signature: sigOf('fs') }),
    expected: concat(u16be(35), chanId, sigOf('fs')),
  },
  {
    name: 'channel_ready',
    bytes: channelReady.encode({ channel_id: chanId, second_per_commitment_point: pointOf('per-commitment 1'), tlvs: { short_channel_id: scid } }),
    expected: concat(u16be(36), chanId, pointOf('per-commitment 1'), fromHex('0108'), u64be((800_000n << 40n) | (42n << 16n) | 1n)),
  },
  {
    name: 'shutdown',
    bytes: shutdown.encode({ channel_id: chanId, scriptpubkey: p2wpkh }),
    expected: concat(u16be(38), chanId, u16be(p2wpkh.length), p2wpkh),
  },
  {
    name: 'closing_signed',
    bytes: closingSigned.encode({
      channel_id: chanId,
      fee_satoshis: 1_100n,
      signature: sigOf('cs'),
      tlvs: { fee_range: { min_fee_satoshis: 500n, max_fee_satoshis: 2_000n } },
    }),
    expected: concat(u16be(39), chanId, u64be(1_100n), sigOf('cs'), fromHex('0110'), u64be(500n), u64be(2_000n)),
  },
  {
    name: 'update_add_htlc',
    bytes: updateAddHtlc.encode({
      channel_id: chanId,
      id: 7n,
      amount_msat: 123_456_789n,
      payment_hash: paymentHash,
      cltv_expiry: 800_144,
      onion_routing_packet: onion,
      tlvs: { blinded_path: pointOf('path_key') },
    }),
    expected: concat(u16be(128), chanId, u64be(7n), u64be(123_456_789n), paymentHash, u32be(800_144), onion, fromHex('0021'), pointOf('path_key')),
  },
  {
    name: 'update_fulfill_htlc',
    bytes: updateFulfillHtlc.encode({ channel_id: chanId, id: 7n, payment_preimage: preimage }),
    expected: concat(u16be(130), chanId, u64be(7n), preimage),
  },
  {
    name: 'update_fail_htlc',
    bytes: updateFailHtlc.encode({ channel_id: chanId, id: 8n, reason: bytesOf('reason', 292) }),
    expected: concat(u16be(131), chanId, u64be(8n), u16be(292), bytesOf('reason', 292)),
  },
  {
    name: 'update_fail_malformed_htlc',
    bytes: updateFailMalformedHtlc.encode({ channel_id: chanId, id: 9n, sha256_of_onion: sha256(onion), failure_code: 0x8000 | 0x4000 | 5 }),
    expected: concat(u16be(135), chanId, u64be(9n), sha256(onion), u16be(0xc005)),
  },
  {
    name: 'commitment_signed',
    bytes: commitmentSigned.encode({ channel_id: chanId, signature: sigOf('commit'), htlc_signature: [sigOf('h0'), sigOf('h1')] }),
    expected: concat(u16be(132), chanId, sigOf('commit'), u16be(2), sigOf('h0'), sigOf('h1')),
  },
  {
    name: 'revoke_and_ack',
    bytes: revokeAndAck.encode({ channel_id: chanId, per_commitment_secret: bytesOf('secret 0'), next_per_commitment_point: pointOf('per-commitment 2') }),
    expected: concat(u16be(133), chanId, bytesOf('secret 0'), pointOf('per-commitment 2')),
  },
  {
    name: 'update_fee',
    bytes: updateFee.encode({ channel_id: chanId, feerate_per_kw: 2_500 }),
    expected: concat(u16be(134), chanId, u32be(2_500)),
  },
  {
    name: 'channel_reestablish',
    bytes: channelReestablish.encode({
      channel_id: chanId,
      next_commitment_number: 5n,
      next_revocation_number: 4n,
      your_last_per_commitment_secret: bytesOf('secret 3'),
      my_current_per_commitment_point: pointOf('per-commitment 5'),
    }),
    expected: concat(u16be(136), chanId, u64be(5n), u64be(4n), bytesOf('secret 3'), pointOf('per-commitment 5')),
  },
];

const defByName = new Map<string, (typeof wireMessages)[number]>(wireMessages.map((d) => [d.name, d]));
function reencode(msg: Exclude<WireMessage, { type: 'unknown_odd' }>): Uint8Array {
  return defByName.get(msg.type)!.encode(msg as never);
}

describe('BOLT 2 messages', () => {
  it('covers every message in bolt2Messages', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(bolt2Messages.map((d) => d.name).sort());
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: encodes in the spec layout and round-trips', (name, c) => {
    expect(hex(c.bytes)).toBe(hex(c.expected));
    const msg = wireRegistry.decode(c.bytes);
    expect(msg.type).toBe(name);
    if (msg.type === 'unknown_odd') return;
    expect(hex(reencode(msg))).toBe(hex(c.bytes));
  });

  it('decodes the values it was given', () => {
    const open = wireRegistry.decode(cases[0]!.bytes);
    if (open.type !== 'open_channel') throw new Error('expected open_channel');
    expect(open).toMatchObject({ funding_satoshis: 250_000n, push_msat: 10_000_000n, to_self_delay: 144, max_accepted_htlcs: 483, channel_flags: 1 });
    expect(hex(open.first_per_commitment_point)).toBe(hex(keys.first_per_commitment_point));
    expect(hex(open.tlvs.channel_type!)).toBe(hex(channelType));
    const ready = wireRegistry.decode(cases.find((c) => c.name === 'channel_ready')!.bytes);
    if (ready.type !== 'channel_ready') throw new Error('expected channel_ready');
    expect(ready.tlvs.short_channel_id).toEqual(scid);
    const commit = wireRegistry.decode(cases.find((c) => c.name === 'commitment_signed')!.bytes);
    if (commit.type !== 'commitment_signed') throw new Error('expected commitment_signed');
    expect(commit.htlc_signature.map(hex)).toEqual([hex(sigOf('h0')), hex(sigOf('h1'))]);
  });

  it('keeps unknown odd TLVs (e.g. attribution_data) and rejects unknown even ones', () => {
    const fulfill = updateFulfillHtlc.encode({ channel_id: chanId, id: 1n, payment_preimage: preimage });
    const withOdd = concat(fulfill, fromHex('0102abcd'));
    const decoded = wireRegistry.decode(withOdd);
    if (decoded.type !== 'update_fulfill_htlc') throw new Error('expected update_fulfill_htlc');
    expect(decoded.tlvs.unknownOdd).toEqual([{ type: 1n, value: fromHex('abcd') }]);
    expect(hex(reencode(decoded))).toBe(hex(withOdd));
    expect(() => wireRegistry.decode(concat(fulfill, fromHex('0201ab')))).toThrow(DecodeError);
  });

  it('rejects an invalid point', () => {
    const bytes = revokeAndAck.encode({ channel_id: chanId, per_commitment_secret: bytesOf('s'), next_per_commitment_point: pointOf('p') });
    bytes[2 + 32 + 32] = 0x04;
    expect(() => wireRegistry.decode(bytes)).toThrow(expect.objectContaining({ code: 'invalid_point' }));
  });
});

describe('channelIdFromFunding', () => {
  /** BOLT 2: funding_txid XOR funding_output_index, big-endian, as 256-bit integers. */
  function expectedChannelId(txid: Uint8Array, index: number): string {
    const n = BigInt('0x' + hex(txid)) ^ BigInt(index);
    return n.toString(16).padStart(64, '0');
  }

  it('XORs the output index into the last two bytes', () => {
    const txid = bytesOf('funding txid');
    for (const index of [0, 1, 2, 255, 256, 0x1234, 0xffff]) expect(hex(channelIdFromFunding(txid, index))).toBe(expectedChannelId(txid, index));
    expect(hex(channelIdFromFunding(txid, 0))).toBe(hex(txid));
    const id = channelIdFromFunding(new Uint8Array(32).fill(0xff), 0x0102);
    expect(hex(id)).toBe('ff'.repeat(30) + 'fefd');
  });

  it('agrees with the integer definition for arbitrary txids and indexes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 0xffff }), (txid, index) => {
        expect(hex(channelIdFromFunding(txid, index))).toBe(expectedChannelId(txid, index));
      }),
      { numRuns: 1_000 },
    );
  });

  it('rejects a txid that is not 32 bytes', () => {
    expect(() => channelIdFromFunding(new Uint8Array(31), 0)).toThrow(RangeError);
  });
});

describe('wire fuzz (BOLT 2)', () => {
  it('only ever throws DecodeError, and what decodes re-encodes to the same bytes', () => {
    const typed = fc
      .tuple(fc.constantFrom(...bolt2Messages.map((d) => d.typeNumber)), fc.uint8Array({ maxLength: 400 }))
      .map(([t, body]) => concat(u16be(t), body));
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 80 }), typed, mutationsOf(cases.map((c) => c.bytes)));
    assertOnlyDecodeErrors(
      inputs,
      (bytes) => wireRegistry.decode(bytes),
      (msg, input) => {
        if (msg.type === 'unknown_odd') return;
        if (bolt2Messages.some((d) => d.name === msg.type)) expect(hex(reencode(msg))).toBe(hex(input));
        else expect(wireRegistry.decode(reencode(msg))).toEqual(msg);
      },
    );
  });
});
