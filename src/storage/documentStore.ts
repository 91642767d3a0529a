import type { ContainerClient } from '@azure/storage-blob';
import { buffer } from 'node:stream/consumers';
import type { z } from 'zod';
import { ConflictError, CorruptDocumentError, statusOf, translateStorageError } from './errors';
import type { StorageMetrics } from './metrics';

/** A JSON document read together with the ETag it had. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Blob metadata: a few short ASCII values stored with a document and given by listings without a read. */
export type DocumentMetadata = Record<string, string>;

/** Options for optimistic updates. */
export interface UpdateOptions<T = unknown> {
  /** How often to retry after a conflict before giving up. */
  retries?: number;
  /** Metadata written in the same request as the new value (listings give it without reading the document). */
  metadata?: (value: T) => DocumentMetadata;
}

/** What an update did: the value before and after, and the ETag of the write (when there was one). */
export interface UpdateResult<T> {
  before: T | undefined;
  value: T | undefined;
  /** Set only when this call wrote the document. */
  etag?: string;
}

/** A document as a listing gives it: name, ETag and (when asked for) metadata. */
export interface ListedDocument {
  name: string;
  etag: string;
  metadata?: DocumentMetadata;
}

/**
 * JSON documents in one blob container, read with their ETag and written with If-Match / If-None-Match so
 * two writers never overwrite each other silently. Contents are zod-parsed on every read.
 */
export class DocumentStore {
  constructor(
    private readonly container: ContainerClient,
    private readonly metrics: StorageMetrics,
    /** Test hook: wait this long between the read and the write of an update (concurrency tests). */
    private readonly pauseBeforeWriteMs = 0,
  ) {}

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
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new CorruptDocumentError(name, 'not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CorruptDocumentError(name, parsed.error.issues[0]?.message ?? 'invalid');
    return { value: parsed.data, etag };
  }

  /** Creates a document that must not exist yet; throws ConflictError when it does. Returns the ETag. */
  async create(name: string, value: unknown, metadata?: DocumentMetadata): Promise<string> {
    return this.upload(name, value, { ifNoneMatch: '*' }, metadata);
  }

  /** Replaces a document only if it still has the given ETag; throws ConflictError otherwise. */
  async replace(name: string, value: unknown, etag: string, metadata?: DocumentMetadata): Promise<string> {
    return this.upload(name, value, { ifMatch: etag }, metadata);
  }

  /** Writes an empty marker blob (an index entry): its name is all it says. */
  async mark(name: string): Promise<void> {
    this.metrics.writes++;
    try {
      await this.container.getBlockBlobClient(name).upload('', 0);
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
  async put(name: string, value: unknown): Promise<string> {
    return this.upload(name, value, {});
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

  /** Lists document names under a prefix. */
  async list(prefix = ''): Promise<string[]> {
    this.metrics.lists++;
    const names: string[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix })) names.push(item.name);
    } catch (err) {
      throw translateStorageError(err, prefix);
    }
    return names;
  }

  /** Lists documents under a prefix with their current ETags (and metadata when asked), without reading them. */
  async listVersions(prefix = '', options: { metadata?: boolean } = {}): Promise<ListedDocument[]> {
    this.metrics.lists++;
    const found: ListedDocument[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix, includeMetadata: options.metadata })) {
        found.push({ name: item.name, etag: item.properties.etag ?? '', metadata: item.metadata });
      }
    } catch (err) {
      throw translateStorageError(err, prefix);
    }
    return found;
  }

  /**
   * Read–modify–write with ETag checks, retried on conflict. `change` gets the current value (or undefined)
   * and returns the new value, or undefined to leave the document as it is. Returns what was stored.
   */
  async update<S extends z.ZodType>(
    name: string,
    schema: S,
    change: (current: z.infer<S> | undefined) => z.infer<S> | undefined,
    options: UpdateOptions<z.infer<S>> = {},
  ): Promise<z.infer<S> | undefined> {
    return (await this.change(name, schema, change, options)).value;
  }

  /** As update, but also says what was there before and the ETag written (for indexes kept beside the document). */
  async change<S extends z.ZodType>(
    name: string,
    schema: S,
    change: (current: z.infer<S> | undefined) => z.infer<S> | undefined,
    options: UpdateOptions<z.infer<S>> = {},
  ): Promise<UpdateResult<z.infer<S>>> {
    const retries = options.retries ?? 8;
    for (let attempt = 0; ; attempt++) {
      const current = await this.read(name, schema);
      const next = change(current?.value);
      if (next === undefined) return { before: current?.value, value: current?.value };
      if (this.pauseBeforeWriteMs > 0) await new Promise((r) => setTimeout(r, this.pauseBeforeWriteMs));
      const metadata = options.metadata?.(next);
      try {
        const etag = current
          ? await this.replace(name, next, current.etag, metadata)
          : await this.create(name, next, metadata);
        return { before: current?.value, value: next, etag };
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= retries) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
      }
    }
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
