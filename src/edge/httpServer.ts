import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { activityShapeProblem } from './activityShape';
import { setAnswered, whenAnswered } from './turnAnswer';

/** What the HTTP server serves. */
export interface HttpServerDeps {
  adapter: CloudAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  isReady: () => Promise<boolean>;
  logger: Logger;
  maxBodyBytes: number;
  /** Extra routes (e.g. GET /evidence/:token), registered before the server listens. */
  routes?: (server: restify.Server) => void;
}

/** The running HTTP server. */
export interface HttpServer {
  /** The port it listens on. */
  port: number;
  /** Stops accepting requests and waits (up to the timeout) for requests in flight to finish. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * Refuses, before the body is read, what Teams never sends: a body that is not JSON, or one with a content
 * encoding (gzip, deflate, …). 415 either way.
 */
function acceptPlainJson(req: restify.Request, res: restify.Response, next: restify.Next): void {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    res.send(415, { error: 'content encoding not supported' });
    next(false);
    return;
  }
  if (!req.is('json')) {
    res.send(415, { error: 'content type must be application/json' });
    next(false);
    return;
  }
  next();
}

/** Starts restify with /api/messages, /healthz and /readyz. */
export async function startHttpServer(deps: HttpServerDeps, port: number, host: string): Promise<HttpServer> {
  const server = restify.createServer({ name: 'baken', handleUncaughtExceptions: false });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  // restify 12 parses the Host header and the request target as a WHATWG URL when it routes, outside every handler:
  // one request whose URL does not parse (`Host: a b`) would throw there and end the process (restify issue 2011).
  // The same parse runs first here, and such a request gets a 400.
  server.pre((req, res, next) => {
    try {
      req.getUrl();
    } catch {
      res.send(400, { error: 'request URL or Host header is not valid' });
      next(false);
      return;
    }
    next();
  });

  // Only plain JSON is read, and only here: restify's general body parser would inflate gzip without a size
  // limit (and crash the process on a broken gzip stream) and write multipart uploads to disk.
  const readJson = [
    restify.plugins.bodyReader({ maxBodySize: deps.maxBodyBytes }),
    ...restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }),
  ];
  server.post('/api/messages', acceptPlainJson, readJson, async (req, res) => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      res.send(400, { error: 'body must be a JSON object' });
      return;
    }
    if (typeof (req.body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'activity type missing' });
      return;
    }
    const problem = activityShapeProblem(req.body);
    if (problem !== undefined) {
      // The field's path only: values may carry user text.
      deps.logger.warn('activity_rejected', { field: problem.slice(0, 100) });
      res.send(400, { error: `activity field ${problem} has the wrong type or shape` });
      return;
    }
    inFlight++;
    try {
      const answered = whenAnswered(res);
      await deps.adapter.process(req, res, (context) => {
        setAnswered(context, answered);
        return deps.runTurn(context);
      });
    } catch (err) {
      deps.logger.error('request_failed', { error: err instanceof Error ? err.name : 'unknown' });
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'storage unreachable' });
  });

  deps.routes?.(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: address.port,
    close: async (timeoutMs = 10_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (idle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
      server.server.closeIdleConnections?.();
      await Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())]);
    },
  };
}
