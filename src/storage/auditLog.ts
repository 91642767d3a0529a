import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppendBlobs } from './appendBlobs';
import { statusOf, translateStorageError } from './errors';
import type { StorageMetrics } from './metrics';

/** One line of the audit log: who did what to which object, from where. Never free text typed by users. */
export const auditEntrySchema = z.object({
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  role: z.enum(['staff', 'manager', 'admin', 'system', 'unknown']),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  teamId: z.string().optional(),
  conversationId: z.string().optional(),
  outcome: z.enum(['ok', 'refused']).default('ok'),
});
/** An audit entry. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Who did something, as an audit line names them (Baken itself for scheduled work). */
export interface AuditActor {
  aadObjectId: string;
  name: string;
  conversationId?: string;
}

/** What an audit line is about. */
export interface AuditSubject {
  action: string;
  objectType: string;
  objectId: string;
  teamId?: string;
}

/** Baken itself, as the actor of scheduled work (reminders, delivery, purges). */
export const SYSTEM_ACTOR: AuditActor = { aadObjectId: 'baken', name: 'Baken' };

/** Appends are capped per blob by Azure at 50,000; rotate well before that, and per day. */
const MAX_APPENDS_PER_BLOB = 40_000;
const MAX_BYTES_PER_BLOB = 64 * 1024 * 1024;
/** Azure takes at most 4 MiB in one append (older service versions). */
const MAX_BYTES_PER_APPEND = 4 * 1024 * 1024;

/**
 * Append-only audit log in append blobs, one JSON line per entry, as NEN 7513 asks of access logs.
 * Each process writes its own blob per day (`YYYY-MM-DD/<instance>-<n>.jsonl`) and rotates on size. The blobs are
 * Azure's (BlobAppendBlobs) or in memory (MemoryAppendBlobs).
 */
export class AuditLog {
  private readonly instance = randomUUID().slice(0, 8);
  /** Per day: which blob this process appends to and how full it is. */
  private readonly days = new Map<
    string,
    { seq: number; appends: number; bytes: number; created: boolean }
  >();
  /** Entries waiting for the append in flight; the next append writes them all at once, in order. */
  private readonly queue: Array<{ day: string; line: string; settle: (error?: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly blobs: AppendBlobs,
    private readonly metrics: StorageMetrics,
  ) {}

  /**
   * Appends one entry; entries of this process keep their order. Resolves once the entry is stored. Entries that
   * come while an append is in flight are written together by the next one (a burst of escalations costs two
   * appends, not one each after the other).
   */
  append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(auditEntrySchema.parse(entry))}\n`;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        day: entry.at.slice(0, 10),
        line,
        settle: (error) => (error === undefined ? resolve() : reject(error)),
      });
      if (!this.writing) void this.flush();
    });
  }

  /** Writes queued entries until none are left: each append takes every waiting entry of the same day. */
  private async flush(): Promise<void> {
    this.writing = true;
    try {
      for (let first = this.queue[0]; first; first = this.queue[0]) {
        const batch = [first];
        let bytes = Buffer.byteLength(first.line);
        for (const next of this.queue.slice(1)) {
          const size = Buffer.byteLength(next.line);
          if (next.day !== first.day || bytes + size > MAX_BYTES_PER_APPEND) break;
          batch.push(next);
          bytes += size;
        }
        this.queue.splice(0, batch.length);
        try {
          await this.write(first.day, batch.map((b) => b.line).join(''));
          for (const b of batch) b.settle();
        } catch (err) {
          for (const b of batch) b.settle(err ?? new Error('audit append failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Reads every entry (all days), oldest first; for timelines, tests and the purge report. */
  async readAll(filter: (e: AuditEntry) => boolean = () => true): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    try {
      for await (const name of this.blobs.names()) {
        this.metrics.reads++;
        const buffer = await this.blobs.read(name);
        for (const raw of buffer.toString('utf8').split('\n')) {
          const entry = parseLine(raw);
          if (entry && filter(entry)) entries.push(entry);
        }
      }
    } catch (err) {
      throw translateStorageError(err, 'audit');
    }
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }

  private async write(day: string, line: string, attempt = 0): Promise<void> {
    const size = Buffer.byteLength(line);
    let state = this.days.get(day);
    if (!state) {
      state = { seq: 0, appends: 0, bytes: 0, created: false };
      this.days.set(day, state);
    }
    if (state.appends >= MAX_APPENDS_PER_BLOB || state.bytes + size > MAX_BYTES_PER_BLOB) rotate(state);
    const blob = `${day}/${this.instance}-${state.seq}.jsonl`;
    this.metrics.writes++;
    try {
      if (!state.created) {
        await this.blobs.createIfNotExists(blob, 'application/x-ndjson');
        state.created = true;
      }
      await this.blobs.append(blob, line);
    } catch (err) {
      if (statusOf(err) === 409 && attempt < 3) {
        // The blob is full (block count or size limit) or sealed: continue in the next one.
        rotate(state);
        return this.write(day, line, attempt + 1);
      }
      throw translateStorageError(err, 'audit');
    }
    state.appends++;
    state.bytes += size;
  }
}

/** Moves a day's writing on to a fresh blob. */
function rotate(state: { seq: number; appends: number; bytes: number; created: boolean }): void {
  state.seq++;
  state.appends = 0;
  state.bytes = 0;
  state.created = false;
}

/** One audit line, or undefined for an empty or damaged line (one bad line never hides the rest). */
function parseLine(raw: string): AuditEntry | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const parsed = auditEntrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
