import type { z } from 'zod';
import type {
  DocumentChange,
  DocumentMetadata,
  DocumentStore,
  ListedDocument,
  UpdateOptions,
  UpdateResult,
  Versioned,
} from './documentStore';

/**
 * The documents of one schema in a DocumentStore: reads parse with the schema, and writes take only values of it
 * (DocumentStore's own writes take any value). Names and layout are the store's; this only binds the type.
 */
export class DocumentCollection<S extends z.ZodType> {
  constructor(
    /** The store the documents are in (for listings and markers beside them). */
    readonly store: DocumentStore,
    /** The schema every document of the collection has. */
    readonly schema: S,
  ) {}

  /** Reads a document, or undefined when it does not exist; CorruptDocumentError when it does not parse. */
  read(name: string): Promise<Versioned<z.infer<S>> | undefined> {
    return this.store.read(name, this.schema);
  }

  /** Creates a document that must not exist yet (ConflictError when it does); returns the ETag. */
  create(name: string, value: z.infer<S>, metadata?: DocumentMetadata): Promise<string> {
    return this.store.create(name, value, metadata);
  }

  /** Replaces a document only at the given ETag (ConflictError otherwise); returns the new ETag. */
  replace(name: string, value: z.infer<S>, etag: string, metadata?: DocumentMetadata): Promise<string> {
    return this.store.replace(name, value, etag, metadata);
  }

  /** Writes a document unconditionally (last write wins); only for data one writer owns. */
  put(name: string, value: z.infer<S>): Promise<string> {
    return this.store.put(name, value);
  }

  /** Read–modify–write with ETag checks, retried on conflict; returns what was stored. */
  update(
    name: string,
    change: DocumentChange<z.infer<S>>,
    options?: UpdateOptions<z.infer<S>>,
  ): Promise<z.infer<S> | undefined> {
    return this.store.update(name, this.schema, change, options);
  }

  /** As update, but also says what was there before and the ETag written. */
  change(
    name: string,
    change: DocumentChange<z.infer<S>>,
    options?: UpdateOptions<z.infer<S>>,
  ): Promise<UpdateResult<z.infer<S>>> {
    return this.store.change(name, this.schema, change, options);
  }

  /** Deletes a document (only at the given ETag, when given); a missing document is fine. */
  delete(name: string, etag?: string): Promise<void> {
    return this.store.delete(name, etag);
  }

  /** Lists documents under a prefix with ETags and ages (and metadata when asked), without reading them. */
  listVersions(prefix?: string, options?: { metadata?: boolean }): Promise<ListedDocument[]> {
    return this.store.listVersions(prefix, options);
  }
}
