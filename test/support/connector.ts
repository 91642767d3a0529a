import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request Baken made to the connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/** A canned reply: status, JSON body and headers. */
export interface CannedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (a time-out). */
  hang?: boolean;
}

/** A team member the roster answers with. */
export interface RosterMember {
  id: string;
  aadObjectId: string;
  name: string;
  userRole?: 'user' | 'guest';
}

/**
 * A small Bot Connector on 127.0.0.1 standing in for Teams: records every call and answers like Teams
 * (new activities, updates, new conversations, roster look-ups). Replies can be scripted per route.
 */
export class LoopbackConnector {
  readonly calls: ConnectorCall[] = [];
  /** Team roster by team id. */
  readonly rosters = new Map<string, RosterMember[]>();
  private readonly scripted: Array<{ match: (c: ConnectorCall) => boolean; replies: CannedReply[] }> = [];
  private server?: Server;
  private counter = 0;
  url = '';

  /** Starts listening on a free loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answers the next matching calls with these replies, in order, before answering normally again. */
  script(match: (c: ConnectorCall) => boolean, ...replies: CannedReply[]): void {
    this.scripted.push({ match, replies });
  }

  /** Calls that posted an activity (new message or reply), optionally in one conversation. */
  posted(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) =>
        c.method === 'POST' &&
        /\/v3\/conversations\/[^/]+\/activities/.test(c.path) &&
        (conversationId === undefined || c.path.includes(encodeURIComponent(conversationId))),
    );
  }

  /** Waits until a predicate over the calls holds, or fails after the timeout. */
  async waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`connector: condition not met; calls: ${this.describe()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** A one-line-per-call description for failure messages. */
  describe(): string {
    return this.calls.map((c) => `${c.method} ${c.path}`).join('\n');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      body = {};
    }
    const call: ConnectorCall = { method: req.method ?? '', path: req.url ?? '', body, at: Date.now() };
    this.calls.push(call);
    const scripted = this.scripted.find((s) => s.replies.length > 0 && s.match(call));
    const reply = scripted?.replies.shift() ?? this.answer(call);
    if (reply.hang) return;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private answer(call: ConnectorCall): CannedReply {
    const path = decodeURIComponent(call.path.split('?')[0] ?? '');
    if (call.method === 'POST' && path === '/v3/conversations') {
      const id = `conv-${++this.counter}`;
      return { status: 201, body: { id, activityId: `act-${this.counter}` } };
    }
    if (call.method === 'POST' && /\/activities/.test(path))
      return { status: 201, body: { id: `act-${++this.counter}` } };
    if (call.method === 'PUT' && /\/activities\//.test(path))
      return { status: 200, body: { id: path.split('/').pop() } };
    if (call.method === 'DELETE') return { status: 200, body: {} };
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (call.method === 'GET' && member) {
      const found = this.findMember(member[1] ?? '', member[2] ?? '');
      return found
        ? { status: 200, body: found }
        : { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } };
    }
    const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(path);
    if (call.method === 'GET' && paged)
      return { status: 200, body: { members: this.roster(paged[1] ?? '') } };
    const members = /^\/v3\/conversations\/([^/]+)\/members$/.exec(path);
    if (call.method === 'GET' && members) return { status: 200, body: this.roster(members[1] ?? '') };
    const team = /^\/v3\/teams\/([^/]+)$/.exec(path);
    if (call.method === 'GET' && team) return { status: 200, body: { id: team[1], name: 'Team De Linde' } };
    return { status: 404, body: {} };
  }

  private roster(conversationId: string): RosterMember[] {
    const teamId = conversationId.split(';')[0] ?? conversationId;
    return this.rosters.get(teamId) ?? [];
  }

  private findMember(conversationId: string, userId: string): RosterMember | undefined {
    return this.roster(conversationId).find((m) => m.id === userId || m.aadObjectId === userId);
  }
}
