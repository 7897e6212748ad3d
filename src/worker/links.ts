/**
 * Links the UI shows or reads, made here so the engine's BIP21 code is the only one: bitcoin: payment
 * links (to receive, and pasted to send) and the block explorer's pages for transactions.
 */
import type { NetworkName } from '../engine/engine-config.ts';
import { formatBip21, formatBip21ForQr, parseBip21 } from '../engine/onchain/bip21.ts';
import { EngineError } from '../engine/engine-error.ts';
import type { PaymentLink, PaymentLinkInfo, PaymentLinkRequest } from './wallet-api.ts';

/** The link for an address the wallet gave out, with the amount and label the person added. */
export function paymentLink({ address, amountSat, label }: PaymentLinkRequest): PaymentLink {
  if (amountSat !== undefined && !(Number.isSafeInteger(amountSat) && amountSat > 0)) {
    throw new EngineError('invalid_amount', 'A payment request amount must be a whole number of sats, more than zero.');
  }
  const request = { address, ...(amountSat !== undefined ? { amountSats: BigInt(amountSat) } : {}), ...(label ? { label } : {}) };
  return { uri: formatBip21(request), qr: formatBip21ForQr(request) };
}

/** What a pasted link asks for; null if the text is not a bitcoin: link at all. Throws if it is a broken one. */
export function readPaymentLink(text: string, network: NetworkName): PaymentLinkInfo | null {
  if (!/^\s*bitcoin:/i.test(text)) return null;
  const { address, amountSats, label, message } = parseBip21(text, network);
  return {
    ...(address ? { address: address.address } : {}),
    ...(amountSats !== undefined ? { amountSat: Number(amountSats) } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(message !== undefined ? { message } : {}),
  };
}

/**
 * The site an Esplora API belongs to, whose pages show transactions: Esplora serves its pages beside
 * its API (https://mempool.space/testnet/api → https://mempool.space/testnet). None for a URL that is
 * not a web address.
 */
export function explorerFor(esploraUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(esploraUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}
