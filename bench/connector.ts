import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity a bot posted (or a conversation it created, e.g. a new channel thread), and when it arrived. */
export interface Posted {
  /** The conversation posted to; for a new conversation, its channel id (or `new`). */
  conversationId: string;
  activity: Record<string, unknown>;
  at: number;
  created: boolean;
}

/**
 * The roster: test users are `29:<key>` / `aad-<key>`; a user whose key says `-t<i>-` is a member of the team
 * whose id says `bench-team-<i>@`, and of no other team.
 */
function rosterMember(teamId: string, id: string) {
  const key = id.replace(/^29:/, '').replace(/^aad-/, '');
  const team = /bench-team-(\d+)@/.exec(teamId)?.[1];
  if (team === undefined || !key.includes(`-t${team}-`)) return undefined;
  return { id: `29:${key}`, aadObjectId: `aad-${key}`, name: key, userRole: 'user' };
}

/**
 * A Bot Connector on 127.0.0.1 for the benchmark: answers like Teams and hands every posted activity to
 * whoever waits for that conversation, the moment it arrives (the test connector polls; a benchmark cannot).
 * It keeps nothing, so a long run does not grow the driver's memory.
 */
export class BenchConnector {
  url = '';
  private server?: Server;
  private counter = 0;
  private readonly waiters = new Map<string, (posted: Posted) => void>();
  /** Called for every post, after the waiter of its conversation (escalation notices, counting). */
  onPost: (posted: Posted) => void = () => undefined;

  /** Starts listening on a free loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Resolves with the next activity posted to this conversation (one waiter per conversation). */
  next(conversationId: string, timeoutMs = 30_000): Promise<Posted> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(conversationId);
        reject(new Error(`no activity posted to ${conversationId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(conversationId, (posted) => {
        clearTimeout(timer);
        resolve(posted);
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const at = performance.now();
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const post = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(path);
    if (req.method === 'POST' && post) {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `act-${++this.counter}` }));
      const conversationId = post[1] ?? '';
      const posted = { conversationId, activity: parseJson(chunks), at, created: false };
      const waiter = this.waiters.get(conversationId);
      this.waiters.delete(conversationId);
      waiter?.(posted);
      this.onPost(posted);
      return;
    }
    if (req.method === 'POST' && path === '/v3/conversations') {
      const id = `conv-${++this.counter}`;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, activityId: `act-${this.counter}` }));
      const body = parseJson(chunks) as {
        activity?: Record<string, unknown>;
        channelData?: { channel?: { id?: string } };
      };
      const channel = body.channelData?.channel?.id ?? 'new';
      this.onPost({ conversationId: channel, activity: body.activity ?? {}, at, created: true });
      return;
    }
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      const found = rosterMember(member[1] ?? '', member[2] ?? '');
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found ?? { error: { code: 'MemberNotFoundInConversation' } }));
      return;
    }
    res.writeHead(req.method === 'PUT' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{}');
  }
}

function parseJson(chunks: Buffer[]): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
