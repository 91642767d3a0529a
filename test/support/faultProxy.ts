import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock } from '../../src/clock';

/**
 * What the proxy does with one request instead of passing it on and answering: 429 or 503 (Teams refused it), hang
 * (Teams never saw it, no answer), or lostAnswer (Teams took it, but the answer never came back).
 */
export type Fault =
  { kind: '429'; retryAfterSeconds: number } | { kind: '503' } | { kind: 'hang' } | { kind: 'lostAnswer' };

/** One request Baken made, as the proxy saw it. */
export interface ProxyAttempt {
  /** Order of arrival. */
  index: number;
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The injected clock's time when it arrived (the time the dispatcher and its rate limiter see). */
  clockAt: number;
  /** What happened: passed on to the connector (and answered), or a fault. */
  outcome: 'forwarded' | Fault['kind'];
  retryAfterMs?: number;
  /** The connector's answer, when passed on. */
  status?: number;
  response?: Record<string, unknown>;
}

/**
 * A Bot Connector stand-in's bad day: an HTTP proxy in front of a LoopbackConnector that answers chosen requests
 * with 429 (and Retry-After), 503, or never, and passes the rest on. A faulted request never reaches the connector
 * (Teams did not take it), so the connector's own record holds exactly what Teams accepted. Every request is kept
 * with the injected clock's time, for rate-limit and Retry-After checks.
 */
export class FaultProxy {
  readonly attempts: ProxyAttempt[] = [];
  url = '';
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetUrl: string,
    private readonly clock: Clock,
    /** Decides per request: a fault, or undefined to pass it on. */
    private readonly decide: (request: {
      method: string;
      path: string;
      body: Record<string, unknown>;
    }) => Fault | undefined,
  ) {}

  /** Starts listening on a free loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Stops, dropping hanging requests. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const method = req.method ?? '';
    const path = req.url ?? '';
    const attempt: ProxyAttempt = {
      index: this.attempts.length,
      method,
      path,
      body,
      clockAt: this.clock.now().getTime(),
      outcome: 'forwarded',
    };
    this.attempts.push(attempt);
    const fault = this.decide({ method, path, body });
    if (fault && fault.kind !== 'lostAnswer') {
      attempt.outcome = fault.kind;
      if (fault.kind === 'hang') return;
      if (fault.kind === '429') {
        attempt.retryAfterMs = fault.retryAfterSeconds * 1000;
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(fault.retryAfterSeconds),
        });
      } else {
        res.writeHead(503, { 'content-type': 'application/json' });
      }
      res.end('{}');
      return;
    }
    const answer = await fetch(`${this.targetUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: raw ? { 'content-type': 'application/json' } : {},
      body: raw || undefined,
    });
    const text = await answer.text();
    attempt.status = answer.status;
    try {
      attempt.response = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      attempt.response = undefined;
    }
    if (fault?.kind === 'lostAnswer') {
      attempt.outcome = 'lostAnswer';
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(text);
  }
}

/** A small seeded random source (mulberry32), so a fault run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
