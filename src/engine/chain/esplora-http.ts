/**
 * HTTP to an Esplora server: one timeout per attempt (the body included), retries with exponential
 * backoff and jitter for network errors, timeouts and 5xx, HTTP 429 honoured through Retry-After,
 * and a hard bound on the response size. Counts every request it sends.
 */
import { EsploraError } from './esplora-error.ts';

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface EsploraHttpOptions {
  /** Defaults to the global fetch. */
  fetch?: FetchFn;
  /** Per attempt, headers and body included. Default 15 s. */
  timeoutMs?: number;
  /** Extra attempts after the first for network errors, timeouts, 5xx and 429. Default 3. */
  retries?: number;
  /** First backoff delay; doubles per attempt, with jitter. Default 400 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A 429 asking for a longer wait fails at once with 'rate_limited' (details.retryAfterMs says how long). Default 30 s. */
  maxRetryAfterMs?: number;
  /** Default 8 MiB. */
  maxResponseBytes?: number;
  /** For tests: randomness for the jitter, and the clock used to wait. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpResult {
  status: number;
  text: string;
  /** "GET https://host/path", for error messages. */
  request: string;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  retries: 3,
  backoffMs: 400,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 30_000,
  maxResponseBytes: 8 * 1024 * 1024,
};

const defaultFetch: FetchFn = (url, init) => globalThis.fetch(url, init);
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Attempt = { kind: 'response'; result: HttpResult; retryAfter: string | null } | { kind: 'failed'; error: EsploraError };

export class EsploraHttp {
  readonly baseUrl: string;
  readonly #options: Required<EsploraHttpOptions>;
  #requests = 0;

  constructor(baseUrl: string, options: EsploraHttpOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#options = {
      fetch: options.fetch ?? defaultFetch,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: options.retries ?? DEFAULTS.retries,
      backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
      maxBackoffMs: options.maxBackoffMs ?? DEFAULTS.maxBackoffMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? defaultSleep,
    };
  }

  /** HTTP requests sent so far, retries included. */
  get requestCount(): number {
    return this.#requests;
  }

  /**
   * The final answer after retries. Statuses that are not retried (2xx, 3xx, 4xx but 429) are returned
   * for the caller to interpret; exhausted retries throw.
   */
  async request(method: 'GET' | 'POST', path: string, body?: string): Promise<HttpResult> {
    const { retries, maxRetryAfterMs } = this.#options;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(method, path, body);
      const last = attempt >= retries;
      if (outcome.kind === 'failed') {
        const retryable = outcome.error.code === 'network' || outcome.error.code === 'timeout';
        if (!retryable || last) throw withAttempts(outcome.error, attempt + 1);
        await this.#options.sleep(this.#backoff(attempt));
        continue;
      }
      const { result, retryAfter } = outcome;
      if (result.status === 429) {
        const waitMs = parseRetryAfter(retryAfter, Date.now());
        if (waitMs !== undefined && waitMs > maxRetryAfterMs) throw rateLimited(result, waitMs, attempt + 1);
        if (last) throw rateLimited(result, waitMs, attempt + 1);
        await this.#options.sleep(waitMs ?? this.#backoff(attempt));
        continue;
      }
      if (result.status >= 500) {
        if (last) throw serverFailed(result, attempt + 1);
        await this.#options.sleep(this.#backoff(attempt));
        continue;
      }
      return result;
    }
  }

  /** Exponential, capped, with "equal jitter": between half and all of the step. */
  #backoff(attempt: number): number {
    const step = Math.min(this.#options.maxBackoffMs, this.#options.backoffMs * 2 ** attempt);
    return Math.round(step / 2 + (this.#options.random() * step) / 2);
  }

  async #attempt(method: 'GET' | 'POST', path: string, body: string | undefined): Promise<Attempt> {
    const url = `${this.baseUrl}${path}`;
    const request = `${method} ${url}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#options.timeoutMs);
    this.#requests++;
    try {
      const response = await this.#options.fetch(url, {
        method,
        signal: controller.signal,
        cache: 'no-store',
        ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'text/plain' } }),
      });
      const text = await readBoundedText(response, this.#options.maxResponseBytes, request);
      return { kind: 'response', result: { status: response.status, text, request }, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (error instanceof EsploraError) return { kind: 'failed', error };
      if (controller.signal.aborted) {
        return {
          kind: 'failed',
          error: new EsploraError(
            'timeout',
            `${hostOf(url)} did not answer ${method} ${path} within ${this.#options.timeoutMs / 1000} s; the server may be overloaded — try again later or choose another Esplora server`,
            { request },
          ),
        };
      }
      return {
        kind: 'failed',
        error: new EsploraError(
          'network',
          `could not reach the Esplora server at ${hostOf(url)} (${describeFetchError(error)}); check your connection and the server URL`,
          { request },
        ),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readBoundedText(response: Response, limit: number, request: string): Promise<string> {
  const tooLarge = (): EsploraError =>
    new EsploraError('too_large', `the answer to ${request} is larger than ${limit} bytes; the server is not behaving like Esplora`, { request, status: response.status });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EsploraError('malformed', `the answer to ${request} is not UTF-8 text; check that the URL points at an Esplora API`, { request, status: response.status });
  }
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function rateLimited(result: HttpResult, waitMs: number | undefined, attempts: number): EsploraError {
  const host = hostOf(result.request.split(' ')[1] ?? '');
  const when = waitMs === undefined ? 'later' : `in ${Math.ceil(waitMs / 1000)} s`;
  return new EsploraError('rate_limited', `${host} is rate-limiting this wallet (HTTP 429, ${attempts} attempts); try again ${when} or use another Esplora server`, {
    request: result.request,
    status: 429,
    ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }),
  });
}

function serverFailed(result: HttpResult, attempts: number): EsploraError {
  const host = hostOf(result.request.split(' ')[1] ?? '');
  return new EsploraError(
    'http',
    `${host} failed with HTTP ${result.status} (${summarizeBody(result.text)}) after ${attempts} attempts; the server may be down — try again later or choose another Esplora server`,
    { request: result.request, status: result.status },
  );
}

function withAttempts(error: EsploraError, attempts: number): EsploraError {
  if (attempts <= 1) return error;
  return new EsploraError(error.code, `${error.message} (${attempts} attempts)`, error.details);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : '';
  return detail && detail !== error.message ? `${error.message}: ${detail}` : error.message;
}

/** A short, printable description of an error body: HTML pages by their title, text truncated. */
export function summarizeBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty body';
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([^<]{0,120})/i.exec(trimmed)?.[1]?.trim();
    return title ? `an HTML page titled "${title}"` : 'an HTML page';
  }
  const printable = trimmed.replace(/[^\x20-\x7e]+/g, ' ');
  return printable.length > 200 ? `"${printable.slice(0, 200)}…"` : `"${printable}"`;
}
