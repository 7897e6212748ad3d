import { btcDecimalToSats, satsToBtcDecimal } from './sats.ts';

export interface Bip21 {
  address: string;
  amountSat?: number;
  label?: string;
  message?: string;
}

const SCHEME = /^bitcoin:/i;

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Reads the parts of a pasted BIP21 URI the send screen shows and pre-fills; the engine does the
 * real validation. Undefined when the text is not a bitcoin: URI (e.g. a bare address).
 */
export function parseBip21(text: string): Bip21 | undefined {
  const trimmed = text.trim();
  if (!SCHEME.test(trimmed)) return undefined;
  const [path = '', query = ''] = trimmed.slice('bitcoin:'.length).split(/\?(.*)/s, 2);
  const result: Bip21 = { address: path.replace(/^\/\//, '') };
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const [rawKey = '', rawValue = ''] = pair.split(/=(.*)/s, 2);
    const key = decode(rawKey).toLowerCase();
    const value = decode(rawValue);
    if (key === 'amount') {
      const sat = btcDecimalToSats(value);
      if (sat !== undefined) result.amountSat = sat;
    } else if (key === 'label') {
      result.label = value;
    } else if (key === 'message') {
      result.message = value;
    }
  }
  return result;
}

/** The destination part of what a person pasted: the URI's address, or the text itself. */
export function destinationAddress(text: string): string {
  return parseBip21(text)?.address ?? text.trim();
}

/** bitcoin:<address>?amount=…&label=… for an address the wallet gave out. */
export function buildBip21(address: string, { amountSat, label }: { amountSat?: number; label?: string } = {}): string {
  const params: string[] = [];
  if (amountSat !== undefined && amountSat > 0) params.push(`amount=${satsToBtcDecimal(amountSat)}`);
  if (label) params.push(`label=${encodeURIComponent(label)}`);
  return `bitcoin:${address}${params.length ? `?${params.join('&')}` : ''}`;
}

const BECH32 = /^(bc|tb|bcrt)1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+$/;

/**
 * The URI as the QR code should carry it. Upper case lets the QR use its denser alphanumeric mode,
 * and BIP21 allows it for the scheme and bech32 addresses (which are case-insensitive). Base58
 * addresses and the query are case-sensitive and stay as they are.
 */
export function bip21ForQr(uri: string): string {
  if (!SCHEME.test(uri)) return uri;
  const rest = uri.slice('bitcoin:'.length);
  const queryAt = rest.indexOf('?');
  const address = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  const isBech32 = BECH32.test(address) || (address === address.toUpperCase() && BECH32.test(address.toLowerCase()));
  return `BITCOIN:${isBech32 ? address.toUpperCase() : address}${query}`;
}
