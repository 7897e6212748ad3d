/** Esplora's REST API over HTTP on 127.0.0.1, with CORS for the browser wallet. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, handleRequest, type EsploraChain, type EsploraResponse } from './routes.ts';

export interface EsploraServerOptions {
  chain: EsploraChain;
  /** 0 (default) picks a free port. */
  port?: number;
  onError?: (error: unknown) => void;
}

export interface EsploraServer {
  readonly port: number;
  /** Base URL, e.g. http://127.0.0.1:3002 */
  readonly url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 1_000_000;

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

export async function startEsploraServer(options: EsploraServerOptions): Promise<EsploraServer> {
  const onError = options.onError ?? ((error: unknown) => console.error('[devnet esplora]', error));
  const server = createServer((request, response) => {
    serve(options.chain, request, response).catch((error: unknown) => {
      onError(error);
      if (!response.headersSent) send(response, { status: 500, contentType: 'text/plain', body: 'Internal server error' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(chain: EsploraChain, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  if (method === 'OPTIONS') {
    response.writeHead(204, {
      ...CORS_HEADERS,
      'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'Content-Type',
    });
    response.end();
    return;
  }
  const path = new URL(request.url ?? '/', `http://${HOST}`).pathname;
  let body = '';
  if (method === 'POST') {
    const read = await readBody(request);
    if (read === undefined) {
      send(response, { status: 413, contentType: 'text/plain', body: 'Request body too large' });
      return;
    }
    body = read;
  }
  try {
    send(response, handleRequest(chain, method, path, body));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    send(response, { status: error.status, contentType: 'text/plain', body: error.message });
  }
}

/** The body as text, or undefined when it is larger than MAX_BODY_BYTES (the rest is read and dropped). */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, result: EsploraResponse): void {
  const body = typeof result.body === 'string' ? Buffer.from(result.body, 'utf8') : Buffer.from(result.body);
  response.writeHead(result.status, {
    ...CORS_HEADERS,
    'Content-Type': result.contentType === 'application/octet-stream' ? result.contentType : `${result.contentType}; charset=utf-8`,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  response.end(body);
}
