import type { z } from 'zod';
import type { DocumentMetadata, DocumentStore, ListedDocument, Versioned } from './documentStore';
import { parseDocument } from './documentParsing';
import { statusOf, translateStorageError } from './errors';
import { MEMORY_PAGE_SIZE, listedAgeMs, quoted, storageTurn, type MemoryContainer } from './memoryBlobs';
import type { StorageMetrics } from './metrics';
import { optimisticUpdates } from './optimisticChange';

/**
 * The DocumentStore in memory, with the Blob store's ETag rules and request counts: for tests whose subject is
 * not storage. Every call takes a turn of the event loop, as a request would.
 */
export class MemoryDocumentStore implements DocumentStore {
  constructor(
    private readonly container: MemoryContainer,
    private readonly metrics: StorageMetrics,
    /** Test hook: wait this long between the read and the write of an update (concurrency tests). */
    pauseBeforeWriteMs = 0,
  ) {
    ({ update: this.update, change: this.change } = optimisticUpdates(this, pauseBeforeWriteMs));
  }

  /** Read–modify–write with ETag checks, retried on conflict; returns what was stored. */
  readonly update: DocumentStore['update'];
  /** As update, but also says what was there before and the ETag written (for indexes kept beside the document). */
  readonly change: DocumentStore['change'];

  /** The container's name. */
  get name(): string {
    return this.container.name;
  }

  /** Reads a document, or undefined when it does not exist. */
  async read<S extends z.ZodType>(name: string, schema: S): Promise<Versioned<z.infer<S>> | undefined> {
    this.metrics.reads++;
    const blob = await this.found(name);
    if (!blob) return undefined;
    return { value: parseDocument(name, blob.body, schema), etag: quoted(blob.etag) };
  }

  /** Creates a document that must not exist yet; throws ConflictError when it does. Returns the ETag. */
  async create(name: string, value: unknown, metadata?: DocumentMetadata): Promise<string> {
    return this.upload(name, value, { ifNoneMatch: '*' }, metadata);
  }

  /** Replaces a document only if it still has the given ETag; throws ConflictError otherwise. */
  async replace(name: string, value: unknown, etag: string, metadata?: DocumentMetadata): Promise<string> {
    return this.upload(name, value, { ifMatch: etag }, metadata);
  }

  /** Writes an empty marker blob (an index entry): its name, and the metadata given, are all it says. */
  async mark(name: string, metadata?: DocumentMetadata): Promise<void> {
    this.metrics.writes++;
    await this.attempt(name, () => this.container.upload(name, Buffer.alloc(0), { metadata }));
  }

  /** The document's current ETag and metadata without reading it, or undefined when it does not exist. */
  async properties(name: string): Promise<{ etag: string; metadata: DocumentMetadata } | undefined> {
    this.metrics.heads++;
    const blob = await this.found(name);
    return blob ? { etag: quoted(blob.etag), metadata: { ...blob.metadata } } : undefined;
  }

  /** Sets a document's metadata only if it still has the given ETag (ConflictError otherwise). */
  async setMetadata(name: string, metadata: DocumentMetadata, etag: string): Promise<void> {
    this.metrics.writes++;
    await this.attempt(name, () => this.container.setMetadata(name, metadata, etag));
  }

  /** Writes a document unconditionally (last write wins). Use only for data one writer owns. */
  async put(name: string, value: unknown, metadata?: DocumentMetadata): Promise<string> {
    return this.upload(name, value, {}, metadata);
  }

  /** Deletes a document (only at the given ETag, when given). Missing documents are fine. */
  async delete(name: string, etag?: string): Promise<void> {
    this.metrics.deletes++;
    try {
      await this.attempt(name, () => this.container.delete(name, etag), false);
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw translateStorageError(err, name);
    }
  }

  /** Lists document names under a prefix (one list request per page of 5,000, as on Azure). */
  async list(prefix = ''): Promise<string[]> {
    return (await this.listed(prefix)).map((blob) => blob.name);
  }

  /** Lists documents under a prefix with their current ETags and ages (and metadata when asked), without reading. */
  async listVersions(prefix = '', options: { metadata?: boolean } = {}): Promise<ListedDocument[]> {
    const now = Date.now();
    return (await this.listed(prefix)).map((blob) => ({
      name: blob.name,
      etag: blob.etag,
      // Azure's listing leaves metadata out unless asked, and when the blob has none.
      metadata: options.metadata && Object.keys(blob.metadata).length > 0 ? { ...blob.metadata } : undefined,
      ageMs: listedAgeMs(blob.lastModified, now),
    }));
  }

  /** The blob, or undefined when it (or its container, as a download answers 404 for both) does not exist. */
  private async found(name: string) {
    try {
      return await this.attempt(name, () => this.container.get(name), false);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw translateStorageError(err, name);
    }
  }

  private async listed(prefix: string) {
    const blobs = await this.attempt(prefix, () => this.container.list(prefix));
    this.metrics.lists += Math.max(1, Math.ceil(blobs.length / MEMORY_PAGE_SIZE));
    this.metrics.listed += blobs.length;
    return blobs;
  }

  private async upload(
    name: string,
    value: unknown,
    conditions: { ifMatch?: string; ifNoneMatch?: string },
    metadata?: DocumentMetadata,
  ): Promise<string> {
    this.metrics.writes++;
    const body = Buffer.from(JSON.stringify(value));
    return this.attempt(name, () =>
      this.container.upload(name, body, { ...conditions, metadata, contentType: 'application/json' }),
    );
  }

  /** Runs one storage request after a turn of the event loop, with Azure's errors translated (when asked). */
  private async attempt<T>(name: string, request: () => T, translate = true): Promise<T> {
    await storageTurn();
    try {
      return request();
    } catch (err) {
      throw translate ? translateStorageError(err, name) : err;
    }
  }
}
