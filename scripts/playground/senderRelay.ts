// The sender relay between the Playground and the bot: gives posts sent "as another user" that user as sender.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user of the Playground config, as the bot should see them. */
export interface PlaygroundAccount {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** A post sent while acting as someone else, waiting for its activity to pass the relay. */
export interface PendingPost {
  /** Conversation id without `;messageid=…` (the channel, or the group chat). */
  conversation: string;
  text: string;
  sender: PlaygroundAccount;
}

/**
 * Sits between the Playground and the bot. The Playground sends every post as its config's currentUser, whatever
 * the request says (invokes and submits do take the sender from the request), so switchUser registers each post
 * it sends as someone else here, and the relay gives that post's message activity the right sender (id, name,
 * aadObjectId). Everything else passes unchanged.
 */
export class SenderRelay {
  private readonly pending: PendingPost[] = [];
  private server: Server | undefined;

  constructor(private readonly botUrl: string) {}

  /** Starts listening on a free loopback port; returns the endpoint to give the Playground. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.forward(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const target = new URL(this.botUrl);
    return `http://127.0.0.1:${port}${target.pathname}${target.search}`;
  }

  /** The next message activity with this text in this conversation gets `sender` as its sender. */
  expectPost(post: PendingPost): void {
    this.pending.push(post);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private rewrite(body: string): string {
    let activity: { type?: unknown; text?: unknown; from?: object; conversation?: { id?: unknown } };
    try {
      activity = JSON.parse(body) as typeof activity;
    } catch {
      return body;
    }
    if (activity.type !== 'message' || typeof activity.conversation?.id !== 'string') return body;
    const conversation = activity.conversation.id.split(';')[0];
    const index = this.pending.findIndex((p) => p.conversation === conversation && p.text === activity.text);
    const post = this.pending[index];
    if (post === undefined) return body;
    this.pending.splice(index, 1);
    const { id, name, aadObjectId } = post.sender;
    return JSON.stringify({ ...activity, from: { ...activity.from, id, name, aadObjectId } });
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(new URL(req.url ?? '/', this.botUrl), {
        method: req.method,
        headers,
        body: hasBody ? this.rewrite(Buffer.concat(chunks).toString('utf8')) : undefined,
      });
      const text = await answer.text();
      const contentType = answer.headers.get('content-type');
      res.writeHead(answer.status, contentType === null ? {} : { 'content-type': contentType });
      res.end(text);
    } catch {
      // The bot is not (yet) listening: what the Playground would have seen without the relay.
      res.writeHead(502);
      res.end();
    }
  }
}

/** The relay of each running Playground, by its URL, for the pages opened on it. */
export const relays = new Map<string, SenderRelay>();
