import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A self-signed certificate for 127.0.0.1, 127.0.0.2, localhost and *.baken.test, valid 2000–2100. */
export const TEST_TLS = {
  cert: readFileSync(path.join(__dirname, '../fixtures/tls/localhost.crt'), 'utf8'),
  key: readFileSync(path.join(__dirname, '../fixtures/tls/localhost.key'), 'utf8'),
};

/** One request for an attachment, with the Authorization header it carried (if any). */
export interface AttachmentRequest {
  path: string;
  authorization?: string;
}

/** How a path is answered. */
export interface AttachmentReply {
  body?: Buffer;
  contentType?: string;
  /** Send without Content-Length (chunked), so only a streaming cap can stop a large body. */
  chunked?: boolean;
  /** Answer with a redirect to this URL instead. */
  redirectTo?: string;
}

/**
 * A small file host on a loopback address standing in for Teams' attachment service (or another host): serves
 * bytes by path (over https with `tls`, e.g. TEST_TLS) and records every request with its Authorization header
 * and every connection made to it.
 */
export class AttachmentServer {
  readonly requests: AttachmentRequest[] = [];
  /** TCP connections accepted, whether or not a request followed. */
  connections = 0;
  private readonly files = new Map<string, AttachmentReply>();
  private server?: Server;
  url = '';
  port = 0;

  constructor(
    private readonly host = '127.0.0.1',
    private readonly tls?: { cert: string; key: string },
  ) {}

  /** Starts listening on a free port of the host. */
  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    const server = this.tls ? createTlsServer(this.tls, handler) : createServer(handler);
    this.server = server;
    server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => server.listen(0, this.host, () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://${this.host}:${this.port}`;
    return this;
  }

  /** Serves this reply at the path; returns its full URL. */
  serve(path: string, reply: AttachmentReply): string {
    this.files.set(path, reply);
    return `${this.url}${path}`;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    this.requests.push({ path, authorization: req.headers.authorization });
    const reply = this.files.get(path);
    if (!reply) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (reply.redirectTo) {
      res.writeHead(302, { location: reply.redirectTo });
      res.end();
      return;
    }
    const body = reply.body ?? Buffer.alloc(0);
    const headers: Record<string, string> = { 'content-type': reply.contentType ?? 'image/png' };
    if (!reply.chunked) headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    if (!reply.chunked) {
      res.end(body);
      return;
    }
    // Dribble the body in chunks: no length up front.
    for (let i = 0; i < body.length; i += 1024) res.write(body.subarray(i, i + 1024));
    res.end();
  }
}
