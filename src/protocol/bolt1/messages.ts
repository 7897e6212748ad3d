import { arrayToEnd, bytes16, chainHash, channelId, u16, type Codec } from '../codec/codec.ts';
import { defineMessage, type DecodedOf } from '../codec/message.ts';
import { tlv } from '../codec/tlv.ts';
import { FeatureVector } from '../features/features.ts';
import { netAddress } from './address.ts';

/** u16-length-prefixed feature bits. */
export const featureBytes: Codec<FeatureVector> = {
  read: (r) => FeatureVector.fromBytes(bytes16.read(r)),
  write: (w, v) => bytes16.write(w, v.toBytes()),
};

export const init = defineMessage(
  16,
  'init',
  { globalfeatures: featureBytes, features: featureBytes },
  { networks: tlv(1, arrayToEnd(chainHash)), remote_addr: tlv(3, netAddress) },
);

export const error = defineMessage(17, 'error', { channel_id: channelId, data: bytes16 });
export const warning = defineMessage(1, 'warning', { channel_id: channelId, data: bytes16 });

export const ping = defineMessage(18, 'ping', { num_pong_bytes: u16, ignored: bytes16 });
export const pong = defineMessage(19, 'pong', { ignored: bytes16 });

export const bolt1Messages = [init, error, warning, ping, pong] as const;

/** BOLT 1: a peer must answer pings asking for fewer than 65532 bytes, and must not answer the others. */
export const PONG_NO_REPLY_THRESHOLD = 65532;

/** The features a peer announced: BOLT 1 says to treat `globalfeatures` and `features` as one set. */
export function initFeatures(msg: DecodedOf<typeof init>): FeatureVector {
  return msg.globalfeatures.union(msg.features);
}

/** The text of an error or warning, made safe to show: non-printable bytes become \xNN. */
export function peerErrorText(data: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    text = Array.from(data, (b) => String.fromCharCode(b)).join('');
  }
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const control = (code < 0x20 && ch !== '\n' && ch !== '\t') || (code >= 0x7f && code <= 0x9f);
    out += control ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** channel_id of all zeros: the error or warning is about the connection, not one channel. */
export function isConnectionLevel(channelIdBytes: Uint8Array): boolean {
  return channelIdBytes.every((b) => b === 0);
}
