/** Tests only: a local HTTP server on 127.0.0.1 that answers whatever the test scripts, hostile or not. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send headers and this much of the body, then never finish. */
  stallAfterHeaders?: boolean;
  /** Never answer at all. */
  hang?: boolean;
  /** Drop the connection without answering. */
  destroy?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  body: string;
}

export type Handler = (request: SeenRequest, index: number) => Reply | Promise<Reply>;

export interface HostileServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startHostileServer(handler: Handler): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    void respond(request, response);
  });
  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const seen = { method: request.method ?? 'GET', path: request.url ?? '/', body: Buffer.concat(chunks).toString('utf8') };
    requests.push(seen);
    const reply = await handler(seen, requests.length - 1);
    if (reply.hang) return;
    if (reply.destroy) {
      request.socket.destroy();
      return;
    }
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : Buffer.from(reply.body ?? new Uint8Array());
    response.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers });
    if (reply.stallAfterHeaders) {
      response.write(body);
      return;
    }
    response.end(body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Always the same reply, whatever is asked. */
export const always =
  (reply: Reply): Handler =>
  () =>
    reply;

/** The replies in order, the last one repeated. */
export const sequence =
  (...replies: Reply[]): Handler =>
  (_request, index) =>
    replies[Math.min(index, replies.length - 1)] as Reply;
