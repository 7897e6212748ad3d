import type { Codec } from '../codec/codec.ts';
import { fail } from '../codec/errors.ts';

/** BOLT 7 address descriptor (also used by init's remote_addr). */
export type NetAddress =
  | { type: 'ipv4'; address: string; port: number }
  | { type: 'ipv6'; address: string; port: number }
  | { type: 'torv3'; onion: Uint8Array; port: number }
  | { type: 'dns'; hostname: string; port: number }
  | { type: 'unknown'; descriptor: number; data: Uint8Array };

function ipv6ToString(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':');
}

function ipv6FromString(s: string): Uint8Array {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) throw new RangeError(`bad IPv6 address ${s}`);
  const parts = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  const out = new Uint8Array(16);
  parts.forEach((p, i) => {
    const v = parseInt(p, 16);
    if (!/^[0-9a-fA-F]{1,4}$/.test(p)) throw new RangeError(`bad IPv6 address ${s}`);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/**
 * One descriptor. An unknown descriptor type has no known length, so it takes the rest of
 * its container: callers reading a list must stop there (BOLT 7 says to ignore what follows).
 */
export const netAddress: Codec<NetAddress> = {
  read(r) {
    const descriptor = r.u8('address type');
    switch (descriptor) {
      case 1:
        return { type: 'ipv4', address: Array.from(r.bytes(4, 'ipv4 address')).join('.'), port: r.u16('port') };
      case 2:
        return { type: 'ipv6', address: ipv6ToString(r.bytes(16, 'ipv6 address')), port: r.u16('port') };
      case 4:
        return { type: 'torv3', onion: r.bytes(35, 'tor v3 address').slice(), port: r.u16('port') };
      case 5: {
        const raw = r.bytes(r.u8('hostname length'), 'hostname');
        if (raw.some((c) => c < 0x21 || c > 0x7e)) fail('invalid_value', 'hostname must be printable ASCII');
        return { type: 'dns', hostname: String.fromCharCode(...raw), port: r.u16('port') };
      }
      default:
        return { type: 'unknown', descriptor, data: r.rest().slice() };
    }
  },
  write(w, a) {
    switch (a.type) {
      case 'ipv4': {
        const octets = a.address.split('.').map(Number);
        if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
          throw new RangeError(`bad IPv4 address ${a.address}`);
        }
        w.u8(1).bytes(Uint8Array.from(octets)).u16(a.port);
        return;
      }
      case 'ipv6':
        w.u8(2).bytes(ipv6FromString(a.address)).u16(a.port);
        return;
      case 'torv3':
        w.u8(4).bytes(a.onion).u16(a.port);
        return;
      case 'dns': {
        const raw = Uint8Array.from(a.hostname, (c) => c.charCodeAt(0));
        if (raw.length > 255) throw new RangeError('hostname longer than 255 bytes');
        w.u8(5).u8(raw.length).bytes(raw).u16(a.port);
        return;
      }
      case 'unknown':
        w.u8(a.descriptor).bytes(a.data);
        return;
    }
  },
};
