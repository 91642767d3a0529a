import type { z } from 'zod';

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
  /** Runs after the read and before each write attempt, with the value read and the value about to be written. */
  beforeWrite?: (current: T | undefined, next: T) => Promise<void>;
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
  /** How long ago it was last written, by the storage's own clock (the listing's time minus Last-Modified). */
  ageMs: number;
}

/** A change function for update/change: the new value, or undefined to leave the document as it is. */
export type DocumentChange<T> = (current: T | undefined) => T | undefined;

/**
 * JSON documents in one container, read with their ETag and written with If-Match / If-None-Match so two writers
 * never overwrite each other silently. Contents are zod-parsed on every read. Implemented on Azure Blob
 * (BlobDocumentStore) and in memory (MemoryDocumentStore) with the same ETag rules.
 */
export interface DocumentStore {
  /** The container's name. */
  readonly name: string;
  /** Reads a document, or undefined when it does not exist; CorruptDocumentError when it does not parse. */
  read<S extends z.ZodType>(name: string, schema: S): Promise<Versioned<z.infer<S>> | undefined>;
  /** Creates a document that must not exist yet; throws ConflictError when it does. Returns the ETag. */
  create(name: string, value: unknown, metadata?: DocumentMetadata): Promise<string>;
  /** Replaces a document only if it still has the given ETag; throws ConflictError otherwise. */
  replace(name: string, value: unknown, etag: string, metadata?: DocumentMetadata): Promise<string>;
  /** Writes an empty marker blob (an index entry): its name, and the metadata given, are all it says. */
  mark(name: string, metadata?: DocumentMetadata): Promise<void>;
  /** The document's current ETag and metadata without reading it, or undefined when it does not exist. */
  properties(name: string): Promise<{ etag: string; metadata: DocumentMetadata } | undefined>;
  /** Sets a document's metadata only if it still has the given ETag (ConflictError otherwise). */
  setMetadata(name: string, metadata: DocumentMetadata, etag: string): Promise<void>;
  /** Writes a document unconditionally (last write wins), with metadata when given. Use only for data one writer owns. */
  put(name: string, value: unknown, metadata?: DocumentMetadata): Promise<string>;
  /** Deletes a document (only at the given ETag, when given). Missing documents are fine. */
  delete(name: string, etag?: string): Promise<void>;
  /** Lists document names under a prefix (one list request per page the storage returns). */
  list(prefix?: string): Promise<string[]>;
  /** Lists documents under a prefix with their current ETags and ages (and metadata when asked), without reading. */
  listVersions(prefix?: string, options?: { metadata?: boolean }): Promise<ListedDocument[]>;
  /**
   * Read–modify–write with ETag checks, retried on conflict. `change` gets the current value (or undefined)
   * and returns the new value, or undefined to leave the document as it is. Returns what was stored.
   */
  update<S extends z.ZodType>(
    name: string,
    schema: S,
    change: DocumentChange<z.infer<S>>,
    options?: UpdateOptions<z.infer<S>>,
  ): Promise<z.infer<S> | undefined>;
  /** As update, but also says what was there before and the ETag written (for indexes kept beside the document). */
  change<S extends z.ZodType>(
    name: string,
    schema: S,
    change: DocumentChange<z.infer<S>>,
    options?: UpdateOptions<z.infer<S>>,
  ): Promise<UpdateResult<z.infer<S>>>;
}
