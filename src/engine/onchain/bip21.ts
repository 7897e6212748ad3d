/**
 * BIP21 payment links: `bitcoin:<address>?amount=<BTC>&label=…&message=…&lightning=…`.
 * Following its successor BIP321, parameter names are case-insensitive and a link may carry only a
 * `lightning` invoice (`bitcoin:?lightning=…`).
 */
import type { NetworkName } from '../../protocol/networks.ts';
import { EngineError } from '../engine-error.ts';
import { parseAddress, type ParsedAddress } from './address.ts';
import { formatBtcAmount, parseBtcAmount } from './btc-amount.ts';

export interface PaymentRequest {
  /** Undefined only when the link offers nothing but a Lightning invoice. */
  address?: ParsedAddress;
  amountSats?: bigint;
  label?: string;
  message?: string;
  /** A BOLT11 invoice offered as an alternative to the address, as given. */
  lightning?: string;
  /** Other optional parameters, names in lower case, values percent-decoded. */
  otherParams: Record<string, string>;
}

export interface ReceiveRequest {
  address: string;
  amountSats?: bigint;
  label?: string;
  message?: string;
  lightning?: string;
}

const SCHEME = 'bitcoin:';
const KNOWN_PARAMS = new Set(['amount', 'label', 'message', 'lightning']);

function invalid(message: string): EngineError {
  return new EngineError('invalid_payment_uri', message);
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(`The payment link's ${what} is not correctly encoded (a stray "%").`);
  }
}

function parseAmount(text: string): bigint {
  let sats: bigint;
  try {
    sats = parseBtcAmount(text);
  } catch (error) {
    throw invalid(`The payment link's amount is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (sats === 0n) throw invalid('The payment link asks for 0 BTC: ask the recipient for a link with an amount, or enter one yourself.');
  return sats;
}

/** Parses a `bitcoin:` link for `network`; anything malformed is an EngineError('invalid_payment_uri'). */
export function parseBip21(uri: string, network: NetworkName): PaymentRequest {
  const text = uri.trim();
  if (text.slice(0, SCHEME.length).toLowerCase() !== SCHEME) throw invalid('A payment link starts with "bitcoin:".');
  const rest = text.slice(SCHEME.length);
  const queryStart = rest.indexOf('?');
  const addressText = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const query = queryStart < 0 ? '' : rest.slice(queryStart + 1);

  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals <= 0) throw invalid(`The payment link has a malformed parameter "${pair}": expected name=value.`);
    const name = decode(pair.slice(0, equals), 'parameter name').toLowerCase();
    if (params.has(name)) throw invalid(`The payment link gives "${name}" twice, so it is ambiguous.`);
    params.set(name, decode(pair.slice(equals + 1), name));
  }

  const request: PaymentRequest = { otherParams: {} };
  for (const [name, value] of params) {
    if (name.startsWith('req-')) {
      throw invalid(`The payment link requires "${name.slice(4)}", which this wallet does not support, so it cannot pay it safely.`);
    }
    if (!KNOWN_PARAMS.has(name)) request.otherParams[name] = value;
  }
  const amount = params.get('amount');
  if (amount !== undefined) request.amountSats = parseAmount(amount);
  const label = params.get('label');
  if (label !== undefined) request.label = label;
  const message = params.get('message');
  if (message !== undefined) request.message = message;
  const lightning = params.get('lightning');
  if (lightning !== undefined) {
    if (lightning === '') throw invalid('The payment link has an empty Lightning invoice.');
    request.lightning = lightning;
  }

  if (addressText !== '') {
    try {
      request.address = parseAddress(decode(addressText, 'address'), network);
    } catch (error) {
      if (error instanceof EngineError) throw invalid(`The payment link's address is invalid. ${error.message}`);
      throw error;
    }
  } else if (request.lightning === undefined) {
    throw invalid('The payment link has no address to pay.');
  }
  return request;
}

function isBech32Address(address: string): boolean {
  return /^(bc|tb|bcrt)1/i.test(address);
}

function encodeRequest(request: ReceiveRequest, address: string, lightning: string | undefined): string {
  const params: string[] = [];
  if (request.amountSats !== undefined) {
    if (request.amountSats <= 0n) throw new EngineError('invalid_amount', 'A payment request amount must be more than zero.');
    params.push(`amount=${formatBtcAmount(request.amountSats)}`);
  }
  if (request.label) params.push(`label=${encodeURIComponent(request.label)}`);
  if (request.message) params.push(`message=${encodeURIComponent(request.message)}`);
  if (lightning) params.push(`lightning=${lightning}`);
  return params.length === 0 ? address : `${address}?${params.join('&')}`;
}

/** A `bitcoin:` link asking to be paid, for copying and sharing. */
export function formatBip21(request: ReceiveRequest): string {
  return SCHEME + encodeRequest(request, request.address, request.lightning);
}

/**
 * The same link for a QR code: scheme, bech32 address and invoice in upper case, which QR codes
 * store in their denser alphanumeric mode. Parameter names stay lower case for BIP21 readers that
 * compare them case-sensitively.
 */
export function formatBip21ForQr(request: ReceiveRequest): string {
  const address = isBech32Address(request.address) ? request.address.toUpperCase() : request.address;
  return SCHEME.toUpperCase() + encodeRequest(request, address, request.lightning?.toUpperCase());
}
