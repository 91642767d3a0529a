import type { Clock } from '../clock';
import { DocumentCollection } from '../storage/documentCollection';
import type { DocumentMetadata, DocumentStore, Versioned } from '../storage/documentStore';
import { ConflictError } from '../storage/errors';
import { outboxEntrySchema, type NewOutboxEntry, type OutboxEntry } from './outboxEntry';

/** The blob name of an entry. */
export function outboxDocName(key: string): string {
  return `${encodeURIComponent(key)}.json`;
}

/** What the blob names of entries whose keys start with `keyPrefix` start with. */
export function outboxNamePrefix(keyPrefix: string): string {
  return encodeURIComponent(keyPrefix);
}

/** The key of an entry, from its blob name. */
function outboxKeyOf(name: string): string {
  return decodeURIComponent(name.replace(/\.json$/, ''));
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
 * What a listing tells of an entry without reading it (blob metadata, written in the same request as the entry):
 * its status and when it was recorded.
 */
function entryMetadata(entry: OutboxEntry): DocumentMetadata {
  return { status: entry.status, createdat: entry.createdAt };
}

/** An entry not yet delivered, as the listing gives it. */
export interface UndeliveredEntry {
  key: string;
  createdAt: string;
}

/**
 * Every send to Teams, recorded before it happens: one document per idempotency key in the outbox container.
 * Enqueueing the same key twice keeps the first (If-None-Match), so a repeated request never sends twice.
 */
export class Outbox {
  /** Entries this process saw finished; they are not read again. */
  private readonly finished = new Set<string>();
  /** Pending entries this process knows of (recorded here or seen in a scan), by thread, with when noted. */
  private readonly pendingByThread = new Map<string, Map<string, number>>();
  private noted = 0;
  /** Keys recorded during a button press whose answer has not gone out yet, with how many holds: see enqueue. */
  private readonly held = new Map<string, number>();
  private readonly listeners: Array<(created: Array<Versioned<OutboxEntry>>) => void> = [];

  /** The entries, typed by their schema on write as on read. */
  private readonly entries: DocumentCollection<typeof outboxEntrySchema>;

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.entries = new DocumentCollection(documents, outboxEntrySchema);
  }

  /** Calls `listener` with the entries (and their ETags) each time new ones were recorded (the dispatcher sends them). */
  onEnqueued(listener: (created: Array<Versioned<OutboxEntry>>) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Records entries that do not exist yet; returns how many were new. Entries of different threads are written at
   * once, entries of one thread one after another in the given order (a failed write stops its thread, so a later
   * entry never exists without the earlier one). With `deliverAfter`, the entries this call created are held until
   * that promise settles (the answer to the press that made them went out): delivery hears of them then, and a
   * drain of this process meanwhile stops at them (`isHeld`). Other instances know nothing of the hold.
   */
  async enqueue(
    entries: NewOutboxEntry[],
    options: { deliverAfter?: Promise<unknown> } = {},
  ): Promise<number> {
    const now = this.clock.now().toISOString();
    const threads = new Map<string, OutboxEntry[]>();
    for (const entry of entries) {
      const full: OutboxEntry = outboxEntrySchema.parse({
        ...entry,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        seq: nextSeq(),
        nextAttemptAt: now,
      } satisfies OutboxEntry);
      threads.set(full.thread, [...(threads.get(full.thread) ?? []), full]);
    }
    const created: Array<Versioned<OutboxEntry>> = [];
    const { deliverAfter } = options;
    // Held before they exist, so that a drain listing meanwhile cannot send them; kept only for those created here.
    const heldKeys = deliverAfter ? entries.map((e) => e.key) : [];
    for (const key of heldKeys) this.hold(key);
    const results = await Promise.allSettled(
      [...threads.values()].map(async (list) => {
        for (const full of list) {
          try {
            const etag = await this.entries.create(outboxDocName(full.key), full, entryMetadata(full));
            this.notePending(full);
            created.push({ value: full, etag });
          } catch (err) {
            if (!(err instanceof ConflictError)) throw err;
          }
        }
      }),
    );
    const tell = () => {
      if (created.length === 0) return;
      for (const listener of this.listeners) listener(created);
    };
    if (deliverAfter) {
      const ours = new Set(created.map((doc) => doc.value.key));
      for (const key of heldKeys) if (!ours.has(key)) this.unhold(key);
      const release = () => {
        for (const key of ours) this.unhold(key);
        tell();
      };
      deliverAfter.then(release, release);
    } else tell();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return created.length;
  }

  /** True while the entry waits for the answer to the press that recorded it (this process only). */
  isHeld(key: string): boolean {
    return this.held.has(key);
  }

  private hold(key: string): void {
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
  }

  private unhold(key: string): void {
    const holds = (this.held.get(key) ?? 0) - 1;
    if (holds > 0) this.held.set(key, holds);
    else this.held.delete(key);
  }

  /** True when this process knows of a pending entry in `thread` other than `keys`. */
  hasOtherPending(thread: string, keys: ReadonlySet<string>): boolean {
    for (const key of this.pendingByThread.get(thread)?.keys() ?? []) if (!keys.has(key)) return true;
    return false;
  }

  /** One entry by key. */
  async get(key: string): Promise<Versioned<OutboxEntry> | undefined> {
    return this.entries.read(outboxDocName(key));
  }

  /** Every entry whose key starts with `keyPrefix` (e.g. all sends of one escalation). */
  async withPrefix(keyPrefix: string): Promise<OutboxEntry[]> {
    const names = await this.documents.list(outboxNamePrefix(keyPrefix));
    const docs = await Promise.all(names.map((name) => this.entries.read(name)));
    return docs.flatMap((doc) => (doc ? [doc.value] : []));
  }

  /**
   * Every pending entry with its ETag, in delivery order (thread, then time, then sequence). One listing with
   * metadata says which entries are finished (status, written in the same request as the entry); only the others
   * are read, so the first drain after a start does not read every message Baken ever sent.
   */
  async pending(): Promise<Array<Versioned<OutboxEntry>>> {
    const listedAt = ++this.noted;
    const listed = await this.documents.listVersions('', { metadata: true });
    this.forgetUnlisted(new Set(listed.map((doc) => doc.name)), listedAt);
    const names: string[] = [];
    for (const { name, metadata } of listed) {
      if (this.finished.has(name)) continue;
      const status = metadata?.status;
      if (status !== undefined && status !== 'pending') this.noteFinishedName(name);
      else names.push(name);
    }
    const found: Array<Versioned<OutboxEntry>> = [];
    for (let i = 0; i < names.length; i += READ_CONCURRENCY) {
      const batch = await Promise.all(
        names.slice(i, i + READ_CONCURRENCY).map(async (name) => {
          const doc = await this.entries.read(name);
          if (doc && doc.value.status !== 'pending') this.noteFinished(doc.value);
          else if (doc) this.notePending(doc.value);
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
      const parsed = outboxEntrySchema.parse(entry);
      const next = await this.entries.replace(outboxDocName(entry.key), parsed, etag, entryMetadata(parsed));
      if (entry.status !== 'pending') this.noteFinished(entry);
      return next;
    } catch (err) {
      if (err instanceof ConflictError) return undefined;
      throw err;
    }
  }

  /**
   * Every entry not yet delivered (pending, whether waiting for a retry or not), from one listing with metadata: no
   * entry is read. Entries written before entries carried metadata are read once; those found finished are not
   * read again by this process.
   */
  async undelivered(): Promise<UndeliveredEntry[]> {
    const listed = await this.documents.listVersions('', { metadata: true });
    const found: UndeliveredEntry[] = [];
    const unknown: string[] = [];
    for (const { name, metadata } of listed) {
      const status = metadata?.status;
      if (status === undefined) {
        if (!this.finished.has(name)) unknown.push(name);
        continue;
      }
      if (status !== 'pending') continue;
      found.push({ key: outboxKeyOf(name), createdAt: metadata?.createdat ?? '' });
    }
    for (let i = 0; i < unknown.length; i += READ_CONCURRENCY) {
      const docs = await Promise.all(
        unknown.slice(i, i + READ_CONCURRENCY).map((name) => this.entries.read(name)),
      );
      for (const doc of docs) {
        if (!doc) continue;
        if (doc.value.status !== 'pending') this.noteFinished(doc.value);
        else found.push({ key: doc.value.key, createdAt: doc.value.createdAt });
      }
    }
    return found;
  }

  private notePending(entry: OutboxEntry): void {
    const keys = this.pendingByThread.get(entry.thread) ?? new Map<string, number>();
    keys.set(entry.key, ++this.noted);
    this.pendingByThread.set(entry.thread, keys);
  }

  /** Forgets pending entries noted before a listing that no longer holds them (removed by retention). */
  private forgetUnlisted(listed: ReadonlySet<string>, listedAt: number): void {
    for (const [thread, keys] of this.pendingByThread) {
      for (const [key, at] of keys) if (at < listedAt && !listed.has(outboxDocName(key))) keys.delete(key);
      if (keys.size === 0) this.pendingByThread.delete(thread);
    }
  }

  private noteFinished(entry: OutboxEntry): void {
    this.finished.add(outboxDocName(entry.key));
    const keys = this.pendingByThread.get(entry.thread);
    keys?.delete(entry.key);
    if (keys?.size === 0) this.pendingByThread.delete(entry.thread);
  }

  /** An entry a listing showed finished (another instance sent it, or it was sent before a restart). */
  private noteFinishedName(name: string): void {
    this.finished.add(name);
    const key = outboxKeyOf(name);
    for (const [thread, keys] of this.pendingByThread) {
      if (keys.delete(key) && keys.size === 0) this.pendingByThread.delete(thread);
    }
  }
}
