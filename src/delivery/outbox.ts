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
 * How old a marker of a missing entry must be before a drain deletes it: the marker and the entry are written at
 * the same time, so a young one may belong to an entry still being written (by any instance).
 */
const ORPHAN_MARKER_MS = 60_000;
/**
 * How often the sweep that gives a marker to every waiting entry without one runs (and on a process's first tick):
 * an entry whose instance crashed between its two writes, and did not come back, waits at most this long.
 */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

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
 *
 * The outbox keeps every entry (the purge needs where each card went), so it grows with the records. Which entries
 * still wait is kept beside it: one small marker per waiting entry in the `sending` container, written at the same
 * time as the entry and deleted by the next drain once it is finished. Drains and the watch list only those
 * markers, so their cost follows what waits, not everything ever sent. A marker left behind (a crash after the
 * entry finished) is deleted by the next drain that reads its entry; an entry left without one (a crash between
 * the two writes, or one written before markers existed) gets one from the sweep, on the first scheduler tick of
 * each process and then hourly.
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
  /** When this process last swept for waiting entries without a marker (successfully). */
  private lastSweepAt: number | undefined;
  /** Entries this process recorded whose marker write failed: its drains read them and write the marker again. */
  private readonly unmarked = new Map<string, string>();

  /** The entries, typed by their schema on write as on read. */
  private readonly entries: DocumentCollection<typeof outboxEntrySchema>;

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    /** The markers of the entries that wait (the `sending` container). */
    private readonly sending: DocumentStore,
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
          const name = outboxDocName(full.key);
          // The marker at the same time as the entry: no extra round trip before the send. Only if there is none
          // (If-None-Match): a repeated request must not make a waiting entry look new.
          const [marked, made] = await Promise.allSettled([
            this.sending.create(name, {}, { createdat: full.createdAt }),
            this.entries.create(name, full, entryMetadata(full)),
          ]);
          if (made.status === 'rejected') {
            // Already there: recorded before (a repeated request). A marker this wrote for a finished entry is
            // deleted by the next drain that reads it.
            if (!(made.reason instanceof ConflictError)) throw made.reason;
            continue;
          }
          if (marked.status === 'rejected') await this.markAgain(name, full.createdAt, marked.reason);
          this.notePending(full);
          created.push({ value: full, etag: made.value });
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
   * Every pending entry with its ETag, in delivery order (thread, then time, then sequence), from one listing of the
   * markers: only the entries that wait are read, however many were ever sent. A marker whose entry is finished, or
   * missing for longer than a write takes, is deleted.
   */
  async pending(): Promise<Array<Versioned<OutboxEntry>>> {
    const listedAt = ++this.noted;
    const listed = await this.sending.listVersions('');
    // Entries of this process whose marker write failed are read too (and marked now, if storage lets it).
    const markers: Array<{ name: string; etag?: string; ageMs: number }> = [...listed];
    for (const [name, createdAt] of [...this.unmarked]) {
      if (!listed.some((marker) => marker.name === name)) markers.push({ name, ageMs: 0 });
      await this.markAgain(name, createdAt);
    }
    this.forgetUnlisted(new Set(markers.map((marker) => marker.name)), listedAt);
    const found: Array<Versioned<OutboxEntry>> = [];
    const look = async ({ name, etag, ageMs }: { name: string; etag?: string; ageMs: number }) => {
      if (this.finished.has(name)) return this.dropMarker(name);
      const doc = await this.entries.read(name);
      // No entry: one still being written, or never written. Deleted at the ETag listed, so that a marker written
      // again meanwhile (the same key recorded anew) stays.
      if (!doc) return ageMs >= ORPHAN_MARKER_MS && etag ? this.dropMarker(name, etag) : undefined;
      if (doc.value.status !== 'pending') {
        this.noteFinished(doc.value);
        return this.dropMarker(name);
      }
      this.notePending(doc.value);
      found.push(doc);
    };
    for (let i = 0; i < markers.length; i += READ_CONCURRENCY)
      await Promise.all(markers.slice(i, i + READ_CONCURRENCY).map(look));
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
      // A finished entry's marker goes with this process's next drain, off the path of the send.
      if (entry.status !== 'pending') this.noteFinished(entry);
      return next;
    } catch (err) {
      if (err instanceof ConflictError) return undefined;
      throw err;
    }
  }

  /**
   * Every entry not yet delivered (pending, whether waiting for a retry or not), from one listing of the markers
   * with their metadata (when each entry was recorded): no entry is read. Markers of entries this process saw
   * finished are left out; another instance's finished entry loses its marker at the next drain.
   */
  async undelivered(): Promise<UndeliveredEntry[]> {
    const markers = await this.sending.listVersions('', { metadata: true });
    return markers
      .filter(({ name }) => !this.finished.has(name))
      .map(({ name, metadata }) => ({ key: outboxKeyOf(name), createdAt: metadata?.createdat ?? '' }));
  }

  /**
   * Gives a marker to every waiting entry without one: entries written before markers existed (or by an instance of
   * an older version during a deploy), or whose instance ended between the two writes. Runs on the first call of a
   * process and then hourly (the scheduler calls it on each tick; a failed sweep is tried again on the next); lists
   * the whole outbox with metadata and reads only entries without it. Returns how many markers it wrote.
   */
  async sweepIfDue(): Promise<number> {
    const now = this.clock.now().getTime();
    if (this.lastSweepAt !== undefined && now - this.lastSweepAt < SWEEP_INTERVAL_MS) return 0;
    const written = await this.sweep();
    this.lastSweepAt = now;
    return written;
  }

  private async sweep(): Promise<number> {
    const marked = new Set(await this.sending.list());
    let written = 0;
    for (const { name, metadata } of await this.documents.listVersions('', { metadata: true })) {
      if (marked.has(name) || this.finished.has(name)) continue;
      let status = metadata?.status;
      let createdAt = metadata?.createdat;
      if (status === undefined || createdAt === undefined) {
        // Written before entries carried metadata: read once; a finished one is not read again by this process.
        const doc = await this.entries.read(name);
        if (doc && doc.value.status !== 'pending') this.noteFinished(doc.value);
        status = doc?.value.status;
        createdAt = doc?.value.createdAt;
      }
      if (status !== 'pending' || createdAt === undefined) continue;
      try {
        await this.sending.create(name, {}, { createdat: createdAt });
        written++;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return written;
  }

  /** Deletes the marker of an entry that no longer waits (at `etag`, when given); a failure is left to a later drain. */
  private async dropMarker(name: string, etag?: string): Promise<void> {
    try {
      await this.sending.delete(name, etag);
    } catch {
      // A later drain that reads the entry deletes it; at an ETag, a conflict means it was written again.
    }
  }

  /**
   * Writes the marker of a new entry whose marker write failed (`failure`), or of one kept in `unmarked`. A marker
   * that was there already (left by an entry written before and never made) is written over, so that its ETag
   * changes and no drain deletes it as an orphan. Until it is written, this process's drains read the entry anyway.
   */
  private async markAgain(name: string, createdAt: string, failure?: unknown): Promise<void> {
    if (failure !== undefined && !(failure instanceof ConflictError)) {
      this.unmarked.set(name, createdAt);
      return;
    }
    try {
      await this.sending.put(name, {}, { createdat: createdAt });
      this.unmarked.delete(name);
    } catch {
      this.unmarked.set(name, createdAt);
    }
  }

  private notePending(entry: OutboxEntry): void {
    const keys = this.pendingByThread.get(entry.thread) ?? new Map<string, number>();
    keys.set(entry.key, ++this.noted);
    this.pendingByThread.set(entry.thread, keys);
  }

  /** Forgets pending entries noted before a listing of markers that no longer holds them (finished elsewhere, or purged). */
  private forgetUnlisted(listed: ReadonlySet<string>, listedAt: number): void {
    for (const [thread, keys] of this.pendingByThread) {
      for (const [key, at] of keys) if (at < listedAt && !listed.has(outboxDocName(key))) keys.delete(key);
      if (keys.size === 0) this.pendingByThread.delete(thread);
    }
  }

  private noteFinished(entry: OutboxEntry): void {
    this.finished.add(outboxDocName(entry.key));
    this.unmarked.delete(outboxDocName(entry.key));
    const keys = this.pendingByThread.get(entry.thread);
    keys?.delete(entry.key);
    if (keys?.size === 0) this.pendingByThread.delete(entry.thread);
  }
}
