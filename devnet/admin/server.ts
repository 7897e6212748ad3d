/** The devnet's admin API: `POST /command` with `{ command: string[], options: {...} }`, JSON answers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressError, ChainRejection } from '../chain/index.ts';
import { runCommand, UsageError, type AdminContext, type CommandRequest } from './commands.ts';

export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 100_000;

/** Errors the caller can fix (bad arguments, a transaction the chain refuses) are 400; the rest 500. */
function statusFor(error: unknown): number {
  return error instanceof UsageError || error instanceof AddressError || error instanceof ChainRejection ? 400 : 500;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  response.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new UsageError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseRequest(text: string): CommandRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('body is not JSON');
  }
  const { command, options = {} } = (parsed ?? {}) as { command?: unknown; options?: unknown };
  if (!Array.isArray(command) || !command.every((c) => typeof c === 'string')) throw new UsageError('"command" must be an array of strings');
  if (typeof options !== 'object' || options === null) throw new UsageError('"options" must be an object');
  return { command, options: options as Record<string, string | boolean> };
}

export async function startAdminServer(ctx: AdminContext & { port?: number }): Promise<AdminServer> {
  const server = createServer((request, response) => {
    void (async () => {
      if (request.method === 'GET' && request.url === '/info') return reply(response, 200, await runCommand(ctx, { command: ['info'], options: {} }));
      if (request.method !== 'POST' || request.url !== '/command') return reply(response, 404, { error: 'use POST /command or GET /info' });
      try {
        reply(response, 200, await runCommand(ctx, parseRequest(await readBody(request))));
      } catch (error) {
        reply(response, statusFor(error), { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ctx.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
