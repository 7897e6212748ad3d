/**
 * Links the UI shows or reads, made here so the engine's BIP21 code is the only one: bitcoin: payment
 * links (to receive, and pasted to send), Lightning invoices pasted or scanned to send (bare, as a
 * lightning: URI, or inside a bitcoin: link), and the block explorer's pages for transactions.
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

const LIGHTNING_SCHEME = /^lightning:/i;
/** The shape of a BOLT 11 invoice: "ln" + currency and amount, the bech32 separator, then data characters. */
const INVOICE_SHAPE = /^ln[a-z0-9]+1[02-9ac-hj-np-z]+$/i;

/** Bech32 Lightning strings that are not BOLT 11 invoices: LNURL, and BOLT 12 offers, invoices and refunds. */
const NOT_BOLT11: Record<string, string> = {
  lnurl: 'LNURL links are not supported yet: ask the recipient for a Lightning invoice (lnbc…).',
  lno: 'Lightning offers (BOLT 12) are not supported yet: ask the recipient for a Lightning invoice (lnbc…).',
  lni: 'BOLT 12 invoices are not supported yet: ask the recipient for a BOLT 11 Lightning invoice (lnbc…).',
  lnr: 'BOLT 12 refunds are not supported yet.',
};

/**
 * The invoice in a Lightning link or a bare invoice, without the scheme; undefined if the text is neither.
 * Only the shape is checked here: invoiceDecode says what is wrong with a broken invoice.
 */
function lightningInvoiceIn(text: string): string | undefined {
  const bare = text.replace(LIGHTNING_SCHEME, '').replace(/^\/\//, '');
  if (!INVOICE_SHAPE.test(bare)) return undefined;
  const refusal = NOT_BOLT11[bare.slice(0, bare.lastIndexOf('1')).toLowerCase()];
  if (refusal) throw new EngineError('invalid_payment_uri', refusal);
  return bare;
}

/**
 * What a pasted or scanned link asks for; null if the text is not a bitcoin: link, a lightning: link or
 * a Lightning invoice at all. Throws if it is a broken bitcoin: or lightning: link.
 */
export function readPaymentLink(text: string, network: NetworkName): PaymentLinkInfo | null {
  const trimmed = text.trim();
  if (LIGHTNING_SCHEME.test(trimmed)) {
    const invoice = lightningInvoiceIn(trimmed);
    if (!invoice) throw new EngineError('invalid_payment_uri', 'The lightning: link does not hold a Lightning invoice.');
    return { lightning: invoice };
  }
  const invoice = lightningInvoiceIn(trimmed);
  if (invoice) return { lightning: invoice };
  if (!/^bitcoin:/i.test(trimmed)) return null;
  const { address, amountSats, label, message, lightning } = parseBip21(trimmed, network);
  let offered: string | undefined;
  if (lightning !== undefined) {
    offered = lightningInvoiceIn(lightning);
    // A broken alternative must not stop the on-chain payment the link also offers.
    if (!offered && !address) throw new EngineError('invalid_payment_uri', 'The payment link\'s Lightning invoice is not a Lightning invoice.');
  }
  return {
    ...(address ? { address: address.address } : {}),
    ...(amountSats !== undefined ? { amountSat: Number(amountSats) } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(offered ? { lightning: offered } : {}),
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
