/** Every failure talking to an Esplora server, with a code the engine can branch on. */
export type EsploraErrorCode =
  | 'network' // the server could not be reached (DNS, refused, reset, CORS)
  | 'timeout' // no complete answer within the per-request timeout
  | 'http' // an unexpected HTTP status (4xx other than 404/429, or 5xx after the retries)
  | 'rate_limited' // 429 after the retries, or a Retry-After longer than we are willing to wait
  | 'not_found' // 404: unknown transaction, block or address
  | 'malformed' // the answer is not what the API promises (HTML page, truncated JSON, wrong types)
  | 'too_large' // the answer exceeds the response size bound
  | 'rejected' // the server refused a broadcast transaction
  | 'inconsistent' // answers contradict each other (e.g. address stats vs its transactions)
  | 'wrong_network'; // the server follows another chain than the wallet's

export interface EsploraErrorDetails {
  /** The request that failed, e.g. "GET https://mempool.space/api/blocks/tip/hash". */
  request?: string;
  status?: number;
  /** How long the server asked us to wait before trying again. */
  retryAfterMs?: number;
  /** The server's own words (broadcast rejections), truncated. */
  serverMessage?: string;
}

export class EsploraError extends Error {
  override readonly name = 'EsploraError';
  constructor(
    readonly code: EsploraErrorCode,
    message: string,
    readonly details: EsploraErrorDetails = {},
  ) {
    super(message);
  }
}

export const isEsploraError = (error: unknown): error is EsploraError => error instanceof EsploraError;
