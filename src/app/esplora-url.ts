export type EsploraUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks an Esplora base URL a person typed. Plain http is only allowed where the browser would
 * let the wallet use it: on this machine, or when the wallet itself is served over http.
 */
export function checkEsploraUrl(text: string, pageProtocol: string): EsploraUrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'Enter the address of an Esplora server, e.g. https://blockstream.info/api.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: 'That is not a web address. It should start with https://.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'The address must start with https://.' };
  if (url.protocol === 'http:' && pageProtocol === 'https:' && !LOOPBACK.has(url.hostname)) {
    return { ok: false, problem: 'Browsers block plain http:// servers for a wallet served over https. Use an https:// address.' };
  }
  if (url.username || url.password) return { ok: false, problem: 'Leave out the user name and password.' };
  if (url.search || url.hash) return { ok: false, problem: 'Leave out everything after “?” or “#”: only the server’s base address is needed.' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
