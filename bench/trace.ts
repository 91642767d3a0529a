import { AsyncLocalStorage } from 'node:async_hooks';
import { CloudAdapter, TeamsInfo } from 'botbuilder';
import type { ServerResponse } from 'node:http';
import { AuditLog } from '../src/storage/auditLog';
import { BlobDocumentStore } from '../src/storage/blobDocumentStore';

/** One storage call made while serving a request (or work that request started), in absolute ms. */
export interface TraceEvent {
  op: string;
  container: string;
  start: number;
  end: number;
}

/** A request Baken served, with the storage calls it (and work it started, such as delivery) made. */
export interface RequestTrace {
  url: string;
  start: number;
  /** When the response was complete. */
  end: number;
  events: TraceEvent[];
}

const now = () => performance.timeOrigin + performance.now();
const context = new AsyncLocalStorage<RequestTrace>();
const finished: RequestTrace[] = [];

function wrap(proto: object, method: string, container: (self: unknown) => string): void {
  const target = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method];
  if (!original) return;
  target[method] = async function (this: unknown, ...args: unknown[]) {
    const trace = context.getStore();
    const start = now();
    try {
      return await original.apply(this, args);
    } finally {
      trace?.events.push({ op: method, container: container(this), start, end: now() });
    }
  };
}

/**
 * Diagnostics only (BENCH_TRACE=1): records, per HTTP request, every storage call (and roster look-up) made while serving it or by
 * work it started (async context follows the delivery kicked off by an escalation), so a slow request can be
 * taken apart. Patches prototypes in the benchmark's own bot process; Baken's code is not changed.
 */
export function installTrace(): () => RequestTrace[] {
  for (const op of ['read', 'create', 'replace', 'put', 'delete', 'list', 'listVersions']) {
    wrap(BlobDocumentStore.prototype, op, (self) => (self as BlobDocumentStore).name);
  }
  wrap(AuditLog.prototype, 'append', () => 'audit');
  // Roster look-ups go to Teams (the loopback connector here), not to storage, but sit on the same path.
  wrap(TeamsInfo, 'getTeamMember', () => 'Teams roster');
  // Entered where the adapter takes the request: by then the body is read, whose events would lose the context.
  const proto = CloudAdapter.prototype as unknown as Record<string, (...args: unknown[]) => Promise<void>>;
  const process = proto.process;
  if (!process) return () => [];
  proto.process = function (this: unknown, ...args: unknown[]) {
    const [req, res] = args as [{ url?: string }, ServerResponse];
    const trace: RequestTrace = { url: req.url ?? '', start: now(), end: 0, events: [] };
    res.once('finish', () => {
      trace.end = now();
      finished.push(trace);
      if (finished.length > 5000) finished.shift();
    });
    return context.run(trace, () => process.apply(this, args));
  };
  return () => finished.splice(0);
}
