import type { Clock } from '../clock';
import type { DocumentStore, Versioned } from '../storage/documentStore';
import { ConflictError } from '../storage/errors';
import { outboxEntrySchema, type NewOutboxEntry, type OutboxEntry } from './outboxEntry';

/** The blob name of an entry. */
export function outboxDocName(key: string): string {
  return `${encodeURIComponent(key)}.json`;
}

let lastSeq = 0;
/** A number that grows within this process, to keep entries made in the same millisecond in order. */
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

/** How many entries are read at once while scanning. */
const READ_CONCURRENCY = 16;

/**
 * Every send to Teams, recorded before it happens: one document per idempotency key in the outbox container.
 * Enqueueing the same key twice keeps the first (If-None-Match), so a repeated request never sends twice.
 */
export class Outbox {
  /** Entries this process saw finished; they are not read again. */
  private readonly finished = new Set<string>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
  ) {}

  /** Calls `listener` after new entries were recorded (the dispatcher starts a drain). */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Records entries that do not exist yet; returns how many were new. */
  async enqueue(entries: NewOutboxEntry[]): Promise<number> {
    const now = this.clock.now().toISOString();
    let created = 0;
    for (const entry of entries) {
      const full: OutboxEntry = {
        ...entry,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        seq: nextSeq(),
        nextAttemptAt: now,
      };
      try {
        await this.documents.create(outboxDocName(entry.key), outboxEntrySchema.parse(full));
        created++;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    if (created > 0) for (const listener of this.listeners) listener();
    return created;
  }

  /** One entry by key. */
  async get(key: string): Promise<Versioned<OutboxEntry> | undefined> {
    return this.documents.read(outboxDocName(key), outboxEntrySchema);
  }

  /** Every entry whose key starts with `keyPrefix` (e.g. all sends of one escalation). */
  async withPrefix(keyPrefix: string): Promise<OutboxEntry[]> {
    const names = await this.documents.list(encodeURIComponent(keyPrefix));
    const docs = await Promise.all(names.map((name) => this.documents.read(name, outboxEntrySchema)));
    return docs.flatMap((doc) => (doc ? [doc.value] : []));
  }

  /** Every pending entry with its ETag, in delivery order (thread, then time, then sequence). */
  async pending(): Promise<Array<Versioned<OutboxEntry>>> {
    const names = (await this.documents.list()).filter((n) => !this.finished.has(n));
    const found: Array<Versioned<OutboxEntry>> = [];
    for (let i = 0; i < names.length; i += READ_CONCURRENCY) {
      const batch = await Promise.all(
        names.slice(i, i + READ_CONCURRENCY).map(async (name) => {
          const doc = await this.documents.read(name, outboxEntrySchema);
          if (doc && doc.value.status !== 'pending') this.finished.add(name);
          return doc;
        }),
      );
      for (const doc of batch) if (doc?.value.status === 'pending') found.push(doc);
    }
    return found.sort(
      (a, b) =>
        a.value.thread.localeCompare(b.value.thread) ||
        a.value.createdAt.localeCompare(b.value.createdAt) ||
        a.value.seq - b.value.seq,
    );
  }

  /** Writes a changed entry only if it still has `etag`; returns the new ETag, or undefined when someone else won. */
  async replace(entry: OutboxEntry, etag: string): Promise<string | undefined> {
    try {
      const next = await this.documents.replace(
        outboxDocName(entry.key),
        outboxEntrySchema.parse(entry),
        etag,
      );
      if (entry.status !== 'pending') this.finished.add(outboxDocName(entry.key));
      return next;
    } catch (err) {
      if (err instanceof ConflictError) return undefined;
      throw err;
    }
  }
}
