import type { ContainerClient } from '@azure/storage-blob';
import { buffer } from 'node:stream/consumers';
import type { z } from 'zod';
import type { DocumentMetadata, DocumentStore, ListedDocument, Versioned } from './documentStore';
import { parseDocument } from './documentParsing';
import { statusOf, translateStorageError } from './errors';
import type { StorageMetrics } from './metrics';
import { optimisticUpdates } from './optimisticChange';

/** The DocumentStore on one Azure Blob container: conditional uploads with If-Match / If-None-Match. */
export class BlobDocumentStore implements DocumentStore {
  constructor(
    private readonly container: ContainerClient,
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
    return this.container.containerName;
  }

  /** Reads a document, or undefined when it does not exist. */
  async read<S extends z.ZodType>(name: string, schema: S): Promise<Versioned<z.infer<S>> | undefined> {
    this.metrics.reads++;
    let body: Buffer;
    let etag: string;
    try {
      const blob = this.container.getBlockBlobClient(name);
      const response = await blob.download(0);
      // download() gives body and ETag of one version in one request; downloadToBuffer() returns no ETag
      // (and asks for the blob's size in a request of its own first).
      body = response.readableStreamBody ? await buffer(response.readableStreamBody) : Buffer.alloc(0);
      etag = response.etag ?? '';
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw translateStorageError(err, name);
    }
    return { value: parseDocument(name, body, schema), etag };
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
    try {
      await this.container.getBlockBlobClient(name).upload('', 0, { metadata });
    } catch (err) {
      throw translateStorageError(err, name);
    }
  }

  /** The document's current ETag and metadata without reading it, or undefined when it does not exist. */
  async properties(name: string): Promise<{ etag: string; metadata: DocumentMetadata } | undefined> {
    this.metrics.heads++;
    try {
      const props = await this.container.getBlockBlobClient(name).getProperties();
      return { etag: props.etag ?? '', metadata: props.metadata ?? {} };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw translateStorageError(err, name);
    }
  }

  /** Sets a document's metadata only if it still has the given ETag (ConflictError otherwise). */
  async setMetadata(name: string, metadata: DocumentMetadata, etag: string): Promise<void> {
    this.metrics.writes++;
    try {
      await this.container.getBlockBlobClient(name).setMetadata(metadata, { conditions: { ifMatch: etag } });
    } catch (err) {
      throw translateStorageError(err, name);
    }
  }

  /** Writes a document unconditionally (last write wins). Use only for data one writer owns. */
  async put(name: string, value: unknown, metadata?: DocumentMetadata): Promise<string> {
    return this.upload(name, value, {}, metadata);
  }

  /** Deletes a document (only at the given ETag, when given). Missing documents are fine. */
  async delete(name: string, etag?: string): Promise<void> {
    this.metrics.deletes++;
    try {
      await this.container
        .getBlockBlobClient(name)
        .delete({ conditions: etag ? { ifMatch: etag } : undefined, deleteSnapshots: 'include' });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw translateStorageError(err, name);
    }
  }

  /** Lists document names under a prefix (one list request per page the storage returns). */
  async list(prefix = ''): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const page of this.container.listBlobsFlat({ prefix }).byPage()) {
        this.metrics.lists++;
        this.metrics.listed += page.segment.blobItems.length;
        for (const item of page.segment.blobItems) names.push(item.name);
      }
    } catch (err) {
      throw translateStorageError(err, prefix);
    }
    return names;
  }

  /**
   * Lists documents under a prefix with their current ETags and ages (and metadata when asked), without reading
   * them. Counts one list request per page the storage returns.
   */
  async listVersions(prefix = '', options: { metadata?: boolean } = {}): Promise<ListedDocument[]> {
    const found: ListedDocument[] = [];
    try {
      const pages = this.container.listBlobsFlat({ prefix, includeMetadata: options.metadata }).byPage();
      for await (const page of pages) {
        this.metrics.lists++;
        this.metrics.listed += page.segment.blobItems.length;
        const now = page.date?.getTime() ?? Date.now();
        for (const item of page.segment.blobItems) {
          const ageMs = now - (item.properties.lastModified?.getTime() ?? now);
          found.push({ name: item.name, etag: item.properties.etag ?? '', metadata: item.metadata, ageMs });
        }
      }
    } catch (err) {
      throw translateStorageError(err, prefix);
    }
    return found;
  }

  private async upload(
    name: string,
    value: unknown,
    conditions: { ifMatch?: string; ifNoneMatch?: string },
    metadata?: DocumentMetadata,
  ): Promise<string> {
    this.metrics.writes++;
    const body = JSON.stringify(value);
    try {
      const response = await this.container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
        conditions,
        metadata,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return response.etag ?? '';
    } catch (err) {
      throw translateStorageError(err, name);
    }
  }
}
