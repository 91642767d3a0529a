import type { ContainerClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
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

/** Appends are capped per blob by Azure at 50,000; rotate well before that, and per day. */
const MAX_APPENDS_PER_BLOB = 40_000;
const MAX_BYTES_PER_BLOB = 64 * 1024 * 1024;

/**
 * Append-only audit log in append blobs, one JSON line per entry, as NEN 7513 asks of access logs.
 * Each process writes its own blob per day (`YYYY-MM-DD/<instance>-<n>.jsonl`) and rotates on size.
 */
export class AuditLog {
  private readonly instance = randomUUID().slice(0, 8);
  private day = '';
  private seq = 0;
  private appends = 0;
  private bytes = 0;
  private created = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly container: ContainerClient,
    private readonly metrics: StorageMetrics,
  ) {}

  /** Appends one entry; entries of this process keep their order. */
  append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(auditEntrySchema.parse(entry))}\n`;
    const next = this.chain.then(() => this.write(entry.at.slice(0, 10), line));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Reads every entry (all days), oldest blob first; for timelines, tests and the purge report. */
  async readAll(filter: (e: AuditEntry) => boolean = () => true): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    try {
      for await (const item of this.container.listBlobsFlat()) {
        this.metrics.reads++;
        const buffer = await this.container.getAppendBlobClient(item.name).downloadToBuffer();
        for (const raw of buffer.toString('utf8').split('\n')) {
          if (raw.trim() === '') continue;
          const parsed = auditEntrySchema.safeParse(JSON.parse(raw));
          if (parsed.success && filter(parsed.data)) entries.push(parsed.data);
        }
      }
    } catch (err) {
      throw translateStorageError(err, 'audit');
    }
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }

  private async write(day: string, line: string): Promise<void> {
    const size = Buffer.byteLength(line);
    if (day !== this.day) {
      this.day = day;
      this.seq = 0;
      this.rotate();
    } else if (this.appends >= MAX_APPENDS_PER_BLOB || this.bytes + size > MAX_BYTES_PER_BLOB) {
      this.seq++;
      this.rotate();
    }
    const blob = this.container.getAppendBlobClient(`${this.day}/${this.instance}-${this.seq}.jsonl`);
    this.metrics.writes++;
    try {
      if (!this.created) {
        await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson' } });
        this.created = true;
      }
      await blob.appendBlock(line, size);
    } catch (err) {
      if (statusOf(err) === 409 && this.appends > 0) {
        // The blob is full (block count limit): continue in the next one.
        this.seq++;
        this.rotate();
        return this.write(day, line);
      }
      throw translateStorageError(err, 'audit');
    }
    this.appends++;
    this.bytes += size;
  }

  private rotate(): void {
    this.appends = 0;
    this.bytes = 0;
    this.created = false;
  }
}
